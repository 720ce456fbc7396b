"""A backup in-process (issue 20, ADR 40): on the test's own database (SQLite's online backup API in the SQLite pass,
pg_dump in the PostgreSQL pass) with a document, read back; restores refused with nothing changed. The whole round
trip into an empty PostgreSQL database is `test_restore_postgres.py`."""

from __future__ import annotations

import json
import sqlite3
import tarfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from config.settings.base import documents_storage
from hearth.backups.archive import BackupRefused, backup_create, backup_restore, code_migrations
from hearth.documents.models import DocumentType
from hearth.documents.services import Upload, documents_add
from hearth.people.models import Person


@pytest.fixture(autouse=True)
def own_documents_folder(settings: Any, tmp_path: Path) -> None:
    settings.STORAGES = {**settings.STORAGES, "documents": documents_storage(tmp_path / "documents")}


def _a_document(council: Any) -> bytes:
    content = b"Visit notes kept for the backup\n" * 20
    upload = Upload("visit.txt", BytesIO(content), len(content))
    values = {"document_type": DocumentType.objects.first(), "document_date": council.child.created_at.date()}
    documents_add(child=council.child, uploads=[upload], values=values, by=council.worker)
    return content


# SQLite's online backup waits while the source connection holds a write transaction: the test commits, as the
# command does.
@pytest.mark.django_db(transaction=True)
def test_a_backup_holds_the_database_the_documents_and_a_manifest_of_the_schema(
    council: Any, tmp_path: Path
) -> None:
    content = _a_document(council)
    summary = backup_create(into=tmp_path / "backups")
    assert summary.documents == 1 and summary.path.name.startswith("hearth-backup-")
    with tarfile.open(summary.path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
        names = tar.getnames()
        (document,) = [name for name in names if name.startswith("documents/")]
        assert tar.extractfile(document).read() == content  # type: ignore[union-attr]
        if connection.vendor == "sqlite":
            tar.extract("database.sqlite3", tmp_path, filter="data")
    assert (
        manifest["migrations"]
        == {app: names for app, names in code_migrations().items() if app in manifest["migrations"]}
        or connection.vendor == "sqlite"
    )  # the SQLite pass builds its tables from the models, applying none
    assert manifest["hearth_version"] and manifest["created_at"]
    if connection.vendor == "sqlite":
        with sqlite3.connect(tmp_path / "database.sqlite3") as copy:
            (people,) = copy.execute("SELECT COUNT(*) FROM people_person").fetchone()
            (name,) = copy.execute(
                "SELECT forename FROM people_person WHERE id = ?", [council.child.pk]
            ).fetchone()
        assert people == Person.objects.count() and name == "Jayden"


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_a_database_that_holds_a_record_is_refused_and_changes_nothing(
    council: Any, tmp_path: Path
) -> None:
    summary = backup_create(into=tmp_path / "backups")
    people = Person.objects.count()
    with tarfile.open(summary.path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
    # The backup's schema is made the code's, so the refusal met is the database's.
    migrations = code_migrations()
    repacked = tmp_path / "repacked.tar"
    with tarfile.open(summary.path) as source, tarfile.open(repacked, "w") as target:
        for member in source.getmembers():
            handle = source.extractfile(member)
            if member.name == "manifest.json":
                data = json.dumps(manifest | {"migrations": migrations}).encode()
                member.size = len(data)
                target.addfile(member, BytesIO(data))
            else:
                target.addfile(member, handle)
    with pytest.raises(BackupRefused, match="is not empty"):
        backup_restore(archive=repacked)
    assert Person.objects.count() == people


def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar file")
    with pytest.raises(BackupRefused, match="is not a Hearth backup"):
        backup_restore(archive=junk)
    with pytest.raises(BackupRefused, match="There is no backup file"):
        backup_restore(archive=tmp_path / "missing.tar")
