"""py-spy's raw samples summarised by page, layer and function (bench.load.profile, ADR 42)."""

from __future__ import annotations

from pathlib import Path

from bench.load.profile import summary

HANDLER = (
    'process 1:"hearth serve";ThreadWorker.handle_request (gunicorn/workers/gthread.py:771);'
    "WSGIHandler.__call__ (django/core/handlers/wsgi.py:124);"
    "BaseHandler._get_response (django/core/handlers/base.py:197);"
    "reads.<locals>.read_only (hearth/core/policy.py:246)"
)


def test_samples_are_summed_by_the_view_they_were_in_and_the_innermost_layer(tmp_path: Path) -> None:
    raw = tmp_path / "samples.txt"
    raw.write_text(
        "\n".join(
            [
                # A query sent from the worklist's template: the driver's, on the worklist's page.
                f"{HANDLER};my_work_view (hearth/worklists/views.py:60);render (django/shortcuts.py:25);"
                "Template.render (django/template/base.py:1);Cursor.execute (psycopg/cursor.py:97) 6",
                f"{HANDLER};my_work_view (hearth/worklists/views.py:60);"
                "Variable._resolve_lookup (django/template/base.py:876) 2",
                f"{HANDLER};search (hearth/people/views.py:48);SQLCompiler.as_sql (django/db/models/sql/compiler.py:766) 1",
                'process 1:"hearth serve";ThreadWorker.run (gunicorn/workers/gthread.py:300) 1',
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    text = summary(raw, top=10)
    assert text.splitlines()[0] == "10 samples of the server's threads on CPU"
    by_page = text.split("By page:")[1].split("By layer")[0]
    assert "80.0%  my_work_view (hearth/worklists/views.py)" in by_page
    assert "10.0%  search (hearth/people/views.py)" in by_page
    assert "10.0%  (the server, between requests)" in by_page
    by_layer = text.split("By layer (innermost):")[1].split("By function")[0]
    assert "60.0%  PostgreSQL driver (psycopg)" in by_layer
    assert "20.0%  templates" in by_layer
    assert "10.0%  ORM: building SQL" in by_layer
    assert "10.0%  gunicorn" in by_layer
