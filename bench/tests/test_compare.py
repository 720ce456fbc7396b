"""The bench remembers: each run beside the previous one at the same scale, and a slower page named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.compare import compare, previous_runs, remember


def _run(scale: int, commit: str, **pages: tuple[float, int]) -> dict[str, Any]:
    return {
        "scale": scale,
        "commit": commit,
        "pages": {
            name: {"server_ms": {"p95": p95}, "queries_per_request": queries}
            for name, (p95, queries) in pages.items()
        },
    }


def test_a_page_a_fifth_slower_or_with_an_added_query_is_named_with_its_change(tmp_path: Path) -> None:
    history = tmp_path / "history.jsonl"
    remember(history, _run(300_000, "aaa", child_page=(20.0, 9), search=(80.0, 6), my_work=(30.0, 10)))
    remember(history, _run(1_000_000, "aaa", child_page=(90.0, 9)))
    runs = previous_runs(history, tmp_path / "none.json", 300_000)
    assert [run["commit"] for run in runs] == ["aaa"]

    now = _run(300_000, "bbb", child_page=(24.4, 9), search=(95.0, 6), my_work=(30.0, 11))
    regressed = {change.name: change.describe() for change in compare(runs, now) if change.regressed}

    assert regressed == {
        "child_page": "child_page: 20.0 -> 24.4 ms (+22%)",
        "my_work": "my_work: 30.0 -> 30.0 ms (+0%), queries 10 -> 11",
    }  # search is 19% slower: within the allowance


def test_a_tiny_page_does_not_fail_on_noise_and_a_page_not_measured_before_is_new(tmp_path: Path) -> None:
    runs = [_run(100_000, "aaa", my_work=(4.0, 6))]
    changes = compare(runs, _run(100_000, "bbb", my_work=(4.9, 6), decisions=(12.0, 9)))
    assert [(change.name, change.regressed) for change in changes] == [("my_work", False)]


def test_the_returns_and_the_daily_run_compare_in_seconds_with_the_latest_run_that_measured_them(
    tmp_path: Path,
) -> None:
    older = {
        **_run(300_000, "aaa"),
        "census_export": {"seconds": 25.0},
        "ssda903_export": {"seconds": 4.0},
        "daily": {"seconds": 200.0},
    }
    pages_only = _run(300_000, "bbb", search=(80.0, 6))
    now = {
        **_run(300_000, "ccc"),
        "census_export": {"seconds": 31.0},
        "ssda903_export": {"seconds": 6.0},
        "daily": {"seconds": 210.0},
    }
    changes = {change.name: change for change in compare([older, pages_only], now)}
    assert changes["census_export"].regressed and changes["census_export"].describe() == (
        "census_export: 25.0 -> 31.0 s (+24%)"
    )
    assert changes["ssda903_export"].describe() == "ssda903_export: 4.0 -> 6.0 s (+50%)"
    assert changes["ssda903_export"].regressed
    assert not changes["daily"].regressed


def test_before_any_history_the_last_full_run_file_is_the_previous_run(tmp_path: Path) -> None:
    fallback = tmp_path / "children-300000.json"
    fallback.write_text(json.dumps(_run(300_000, "old", search=(86.0, 6))), encoding="utf-8")
    runs = previous_runs(tmp_path / "history.jsonl", fallback, 300_000)
    [change] = compare(runs, _run(300_000, "new", search=(200.0, 6)))
    assert change.regressed and change.describe() == "search: 86.0 -> 200.0 ms (+133%)"
