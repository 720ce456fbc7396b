"""Backups that restore (issue 20, ADR 40), for real on PostgreSQL: a small council seeded into a scratch database
with a document, `hearth backup`, then `hearth restore` into another, empty, scratch database, compared table by
table, row by row for a sample, and the documents byte for byte. A backup of another schema is refused and changes
nothing; so is a restore into a database that is not empty. Run by the PostgreSQL pass (HEARTH_TEST_DATABASE=
postgres); the commands run as a council runs them, in their own processes with their own DATABASE_URL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import dj_database_url
import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.skipif(
    os.environ.get("HEARTH_TEST_DATABASE") != "postgres",
    reason="a real PostgreSQL restore: the PostgreSQL pass runs it",
)

ADD_A_DOCUMENT = """
from io import BytesIO
from datetime import date
from hearth.documents.models import DocumentType
from hearth.documents.services import Upload, documents_add
from hearth.organisation.models import StaffUser
from hearth.people.models import Person
child = Person.objects.filter(kind="child").order_by("pk").first()
by = StaffUser.objects.filter(role="front_door").order_by("pk").first()
from reportlab.pdfgen import canvas
report = BytesIO()
pdf = canvas.Canvas(report)
pdf.drawString(72, 720, "Child protection conference report")
pdf.save()
for name, content in (("visit.txt", b"Seen at home in her room.\\n" * 40), ("report.pdf", report.getvalue())):
    upload = Upload(name, BytesIO(content), len(content))
    values = {"document_type": DocumentType.objects.order_by("pk").first(), "document_date": date(2026, 1, 5)}
    documents_add(child=child, uploads=[upload], values=values, by=by)
"""

# The restored record read through Hearth: each document's file in the restored store matches the checksum its
# restored row holds.
READ_BACK = """
import hashlib
from django.core.files.storage import storages
from hearth.documents.models import DocumentVersion
versions = list(DocumentVersion.objects.all())
assert versions
for version in versions:
    with storages["documents"].open(version.file) as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == version.sha256, version.file
print(f"{len(versions)} documents read back")
"""


def _server() -> dict[str, str]:
    config = dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    return {
        "host": config["HOST"] or "127.0.0.1",
        "port": str(config["PORT"] or 5432),
        "user": config["USER"] or "postgres",
        "password": config["PASSWORD"] or "",
    }


def _url(name: str) -> str:
    server = _server()
    password = f":{server['password']}" if server["password"] else ""
    return f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"


def _admin(statement: str) -> None:
    server = _server()
    with psycopg.connect(
        host=server["host"],
        port=server["port"],
        user=server["user"],
        password=server["password"] or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(statement)


@pytest.fixture
def scratch() -> Iterator[tuple[str, str]]:
    """Two scratch databases with names of their own, dropped afterwards."""
    tag = f"{os.getpid()}_{uuid.uuid4().hex[:8]}"
    names = (f"hearth_backup_from_{tag}", f"hearth_backup_into_{tag}")
    for name in names:
        _admin(f'CREATE DATABASE "{name}"')
    try:
        yield names
    finally:
        for name in names:
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _hearth(folder: Path, database: str, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "HEARTH_VAR_DIR": str(folder),
        "HEARTH_DOCUMENTS_DIR": str(folder / "documents"),
        "DATABASE_URL": _url(database),
        "HEARTH_SECRET_KEY": "a-test-secret-key-of-more-than-forty-characters-for-hearth",
    }
    environment.pop("HEARTH_TEST_DATABASE", None)
    return subprocess.run(  # noqa: S603 (Hearth's own command, as a council runs it)
        [sys.executable, "-m", "hearth.cli", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def _tables(database: str) -> dict[str, int]:
    server = _server()
    with psycopg.connect(
        host=server["host"],
        port=server["port"],
        user=server["user"],
        password=server["password"] or None,
        dbname=database,
    ) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {
            name: connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # type: ignore[index]  # noqa: S608
            for name in names
        }


def _rows(database: str, statement: str) -> list[tuple[object, ...]]:
    server = _server()
    with psycopg.connect(
        host=server["host"],
        port=server["port"],
        user=server["user"],
        password=server["password"] or None,
        dbname=database,
    ) as connection:
        return list(connection.execute(statement))


def _with_manifest(archive: Path, out: Path, change: dict[str, object]) -> Path:
    """A copy of a backup whose manifest says something else (as a backup from another Hearth would)."""
    with tarfile.open(archive) as source, tarfile.open(out, "w") as target:
        for member in source.getmembers():
            handle = source.extractfile(member)
            assert handle is not None
            if member.name == "manifest.json":
                manifest = json.load(handle) | change
                data = json.dumps(manifest).encode()
                member.size = len(data)
                import io

                target.addfile(member, io.BytesIO(data))
            else:
                target.addfile(member, handle)
    return out


def test_a_backup_restores_into_an_empty_database_as_it_was_and_another_schemas_is_refused(
    scratch: tuple[str, str], tmp_path: Path
) -> None:
    source, target = scratch
    here, there, backups = tmp_path / "council", tmp_path / "restored", tmp_path / "backups"
    for step in (
        ("migrate", "--no-input", "-v", "0"),
        ("seed", "--children", "25"),
        ("shell", "-c", ADD_A_DOCUMENT),
    ):
        done = _hearth(here, source, *step)
        assert done.returncode == 0, (step, done.stderr[-3000:])

    made = _hearth(here, source, "backup", "--out", str(backups))
    assert made.returncode == 0, made.stderr
    (archive,) = backups.glob("hearth-backup-*.tar")
    assert archive.stat().st_mode & 0o077 == 0  # readable by Hearth's own account alone
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
    assert manifest["database"]["engine"] == "postgresql"
    assert manifest["latest_migrations"]["people"] == max(manifest["migrations"]["people"])
    assert len(manifest["documents"]["files"]) == 2

    # A backup from a Hearth whose schema differs: refused with the difference named, and nothing restored.
    people = manifest["migrations"]["people"]
    older = _with_manifest(
        archive, tmp_path / "older.tar", {"migrations": manifest["migrations"] | {"people": people[:-1]}}
    )
    refused = _hearth(there, target, "restore", str(older))
    assert refused.returncode != 0
    assert "schema differs from this Hearth's" in refused.stderr
    assert f"this Hearth has {people[-1]}, which the backup does not" in refused.stderr
    assert _tables(target) == {}
    assert not (there / "documents").exists() or not any((there / "documents").rglob("*"))

    # A damaged backup (a document that does not match its checksum): refused, nothing restored.
    first = next(iter(manifest["documents"]["files"]))
    damaged = _with_manifest(
        archive,
        tmp_path / "damaged.tar",
        {"documents": manifest["documents"] | {"files": manifest["documents"]["files"] | {first: "0" * 64}}},
    )
    refused = _hearth(there, target, "restore", str(damaged))
    assert refused.returncode != 0 and "does not match its checksum" in refused.stderr
    assert _tables(target) == {}

    restored = _hearth(there, target, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "with 2 document files" in restored.stdout

    # Table by table the same rows; a sample compared column by column; the documents byte for byte.
    counts = _tables(source)
    assert counts["people_person"] >= 25 and counts["core_event"] > 100
    assert _tables(target) == counts
    for statement in (
        "SELECT * FROM people_person ORDER BY id",
        "SELECT * FROM core_event ORDER BY id LIMIT 500",
        "SELECT * FROM documents_documentversion ORDER BY id",
        "SELECT * FROM organisation_staffuser ORDER BY id",
        "SELECT app, name FROM django_migrations ORDER BY app, name",
    ):
        assert _rows(target, statement) == _rows(source, statement), statement
    originals = sorted(
        p.relative_to(here / "documents") for p in (here / "documents").rglob("*") if p.is_file()
    )
    copies = sorted(
        p.relative_to(there / "documents") for p in (there / "documents").rglob("*") if p.is_file()
    )
    assert originals == copies and len(copies) == 2
    for name in originals:
        assert (there / "documents" / name).read_bytes() == (here / "documents" / name).read_bytes()

    # The restored council runs: its schema is the code's, and Hearth reads its documents back.
    checked = _hearth(there, target, "migrate", "--check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    read = _hearth(there, target, "shell", "-c", READ_BACK)
    assert read.returncode == 0 and "2 documents read back" in read.stdout, read.stderr

    # A second restore over the restored record is refused: a restore never overwrites a record.
    again = _hearth(there, target, "restore", str(archive))
    assert again.returncode != 0 and "is not empty" in again.stderr
    assert _tables(target) == counts
