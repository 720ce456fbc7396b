"""A backup of the whole record and its restore (ADR 40).

A backup is one tar file: `manifest.json` (Hearth's version, when it was made, every migration the database had
applied, the SHA-256 of each part), the database as PostgreSQL's own custom-format dump (`pg_dump -Fc`; on the
SQLite demo a copy taken by SQLite's online backup API), and the document store's files under `documents/`.

A restore puts a backup into an *empty* database and an empty document store, and only when the backup's schema
(its applied migrations) is the code's: every check is made before anything is written, so a refused restore
changes nothing. The live record is never overwritten by a restore: a council restores into a new database beside
it and switches over (docs/runbook-backup-restore.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 (PostgreSQL's own pg_dump and pg_restore, with arguments Hearth builds)
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from hearth.core import clock

FORMAT = 1
MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
DOCUMENTS = "documents"
CHUNK = 1024 * 1024


class BackupRefused(Exception):  # noqa: N818 (a refusal, with the sentence to show)
    """A backup or restore refused before anything was written: the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    tables: int
    documents: int
    size: int


@dataclass(frozen=True)
class RestoreSummary:
    database: str
    documents: int
    created_at: str
    hearth_version: str


def hearth_version() -> str:
    try:
        return metadata.version("hearth")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a checkout never installed
        return "unknown"


def code_migrations() -> dict[str, list[str]]:
    """Every migration the code holds, by app: the schema this Hearth expects."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    found: dict[str, list[str]] = {}
    for app, name in graph.nodes:
        found.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(found.items())}


def applied_migrations() -> dict[str, list[str]]:
    """Every migration the database has applied, by app."""
    found: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        found.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(found.items())}


def schema_differences(backup: dict[str, list[str]], code: dict[str, list[str]]) -> list[str]:
    """Where a backup's schema and the code's differ, app by app, as sentences."""
    lines = []
    for app in sorted(set(backup) | set(code)):
        theirs, ours = set(backup.get(app, [])), set(code.get(app, []))
        if theirs == ours:
            continue
        extra, missing = sorted(theirs - ours), sorted(ours - theirs)
        parts = []
        if extra:
            parts.append(f"the backup has {', '.join(extra)}, which this Hearth does not")
        if missing:
            parts.append(f"this Hearth has {', '.join(missing)}, which the backup does not")
        lines.append(f"{app}: {'; '.join(parts)}")
    return lines


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def documents_root() -> Path | None:
    """The folder the document store keeps files in; None when documents live in an object store (whose own
    versioning and replication are its backup: README, "Documents")."""
    storage: dict[str, Any] = settings.STORAGES["documents"]  # type: ignore[assignment]
    options: dict[str, Any] = storage.get("OPTIONS", {})
    backend = storage["BACKEND"]
    if backend != "django.core.files.storage.FileSystemStorage":
        return None
    return Path(options.get("location") or settings.MEDIA_ROOT)


def _document_files(root: Path | None) -> Iterator[tuple[str, Path]]:
    if root is None or not root.exists():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path.relative_to(root).as_posix(), path


def _postgres_environment() -> tuple[list[str], dict[str, str]]:
    """The connection arguments and environment for pg_dump and pg_restore, from Hearth's own database settings."""
    database = settings.DATABASES["default"]
    arguments = ["--dbname", database["NAME"]]
    if database.get("HOST"):
        arguments += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        arguments += ["--port", str(database["PORT"])]
    if database.get("USER"):
        arguments += ["--username", str(database["USER"])]
    environment = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = str(database["PASSWORD"])
    sslmode = database.get("OPTIONS", {}).get("sslmode")
    if sslmode:  # DATABASE_URL's ?sslmode=require reaches the client tools too
        environment["PGSSLMODE"] = str(sslmode)
    return arguments, environment


def _run(command: list[str], environment: dict[str, str], what: str) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise BackupRefused(f"{command[0]} was not found: install PostgreSQL's client tools to {what}.")
    finished = subprocess.run(  # noqa: S603 (a fixed program; arguments from Hearth's own settings)
        [program, *command[1:]], env=environment, capture_output=True, text=True, check=False
    )
    if finished.returncode != 0:
        raise BackupRefused(f"{command[0]} failed to {what}: {finished.stderr.strip()[:2000]}")


def _dump_database(into: Path) -> str:
    """The database into `into`: PostgreSQL's custom format, or SQLite's online backup. Returns the file name."""
    if connection.vendor == "postgresql":
        arguments, environment = _postgres_environment()
        target = into / POSTGRES_DUMP
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(target),
                *arguments,
            ],
            environment,
            "back up the database",
        )
        return POSTGRES_DUMP
    if connection.vendor == "sqlite":
        if connection.in_atomic_block:  # SQLite's backup waits for the writer's own transaction: for ever
            raise BackupRefused("A backup of the SQLite database is taken outside a transaction.")
        target = into / SQLITE_COPY
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return SQLITE_COPY
    raise BackupRefused(f"Hearth backs up PostgreSQL and SQLite, not {connection.vendor}.")


def backup_create(*, into: Path) -> BackupSummary:
    """Write a backup of the database and the document store into the folder `into`, as one tar file named by
    the time it was made. Written under a temporary name and renamed when complete, so a backup that exists is
    whole."""
    into.mkdir(parents=True, exist_ok=True)
    made = clock.now()
    name = f"hearth-backup-{made:%Y%m%dT%H%M%S%z}.tar"
    root = documents_root()
    with tempfile.TemporaryDirectory(dir=into, prefix=".hearth-backup-") as work:
        work_path = Path(work)
        database_file = _dump_database(work_path)
        tables = len(connection.introspection.table_names())
        documents = {relative: _sha256(path) for relative, path in _document_files(root)}
        manifest = {
            "format": FORMAT,
            "hearth_version": hearth_version(),
            "created_at": made.isoformat(),
            "council": settings.HEARTH_COUNCIL_NAME,
            "database": {
                "engine": connection.vendor,
                "file": database_file,
                "sha256": _sha256(work_path / database_file),
                "tables": tables,
            },
            "migrations": applied_migrations(),
            "latest_migrations": {app: names[-1] for app, names in applied_migrations().items()},
            "documents": {
                "included": root is not None,
                "note": ""
                if root is not None
                else "Documents are kept in an object store: its own versioning is their backup.",
                "files": documents,
            },
        }
        (work_path / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = work_path / f"{name}.partial"
        with tarfile.open(partial, "w") as tar:
            tar.add(work_path / MANIFEST, arcname=MANIFEST)
            tar.add(work_path / database_file, arcname=database_file)
            if root is not None:
                for relative in documents:
                    tar.add(root / relative, arcname=f"{DOCUMENTS}/{relative}")
        partial.chmod(0o600)  # the whole record: readable by the account that runs Hearth alone
        final = into / name
        os.replace(partial, final)
    return BackupSummary(final, tables, len(documents), final.stat().st_size)


def backup_manifest(archive: Path) -> dict[str, Any]:
    """The manifest of a backup file, or a refusal saying why it is not one."""
    if not archive.is_file():
        raise BackupRefused(f"There is no backup file at {archive}.")
    try:
        with tarfile.open(archive, "r") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest: dict[str, Any] = json.load(member)
    except (tarfile.TarError, KeyError, json.JSONDecodeError) as error:
        raise BackupRefused(
            f"{archive} is not a Hearth backup: it has no readable {MANIFEST} ({error})."
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupRefused(
            f"{archive} is a backup of format {manifest.get('format')!r}; this Hearth reads format {FORMAT}."
        )
    return manifest


def _safe_relative(name: str) -> PurePosixPath:
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BackupRefused(f"The backup names a file outside its document store ({name}): refused.")
    return relative


def _copy_checked(source: IO[bytes], target: Path, expected: str, what: str) -> None:
    digest = hashlib.sha256()
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        for chunk in iter(lambda: source.read(CHUNK), b""):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != expected:
        raise BackupRefused(
            f"The backup is damaged: {what} does not match its checksum. Nothing was restored."
        )


def _database_problem() -> str | None:
    tables = connection.introspection.table_names()
    if tables:
        name = settings.DATABASES["default"]["NAME"]
        return (
            f"The database {name} is not empty ({len(tables)} tables): Hearth restores only into an empty "
            "database, so the record it holds is never overwritten. Create an empty one (createdb), point "
            "DATABASE_URL at it and restore again."
        )
    return None


def backup_restore(*, archive: Path) -> RestoreSummary:
    """Restore a backup into the empty database and document store Hearth is configured with. Refused, with
    nothing written, when the file is not a whole Hearth backup, when its schema is not this Hearth's, or when
    the database or the document store already holds anything."""
    manifest = backup_manifest(archive)
    differences = schema_differences(manifest["migrations"], code_migrations())
    if differences:
        raise BackupRefused(
            f"This backup was made by Hearth {manifest['hearth_version']} on {manifest['created_at']}, whose "
            "database schema differs from this Hearth's, so it is not restored (nothing was changed). Restore it "
            "with the Hearth version that made it, then upgrade that Hearth (hearth migrate). Differences: "
            + "; ".join(differences)
            + "."
        )
    engine = manifest["database"]["engine"]
    if engine != connection.vendor:
        raise BackupRefused(
            f"This backup holds a {engine} database; Hearth is configured with {connection.vendor}. Nothing "
            "was changed."
        )
    problem = _database_problem()
    if problem:
        raise BackupRefused(problem)
    root = documents_root()
    files: dict[str, str] = manifest["documents"]["files"]
    if root is not None and any(True for _ in _document_files(root)):
        raise BackupRefused(
            f"The document store {root} is not empty: Hearth restores documents only into an empty folder. "
            "Nothing was changed."
        )
    if files and root is None:
        raise BackupRefused(
            "The backup holds documents but Hearth keeps documents in an object store: restore them into a "
            "folder (HEARTH_DOCUMENTS_DIR) and copy them to the store. Nothing was changed."
        )
    for name in files:
        _safe_relative(name)
    staging_parent = root.parent if root is not None else Path(tempfile.gettempdir())
    staging_parent.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(dir=staging_parent, prefix=".hearth-restore-") as work,
        tarfile.open(archive, "r") as tar,
    ):
        work_path = Path(work)
        database_file = manifest["database"]["file"]
        source = tar.extractfile(database_file)
        if source is None:
            raise BackupRefused(f"The backup is damaged: it has no {database_file}. Nothing was restored.")
        _copy_checked(source, work_path / database_file, manifest["database"]["sha256"], "the database")
        staged_documents = work_path / DOCUMENTS
        staged_documents.mkdir()
        for name, expected in files.items():
            member = tar.extractfile(f"{DOCUMENTS}/{name}")
            if member is None:
                raise BackupRefused(
                    f"The backup is damaged: it has no document {name}. Nothing was restored."
                )
            _copy_checked(member, staged_documents / _safe_relative(name), expected, f"the document {name}")
        # Every check passed: the database, then the documents moved into place.
        _load_database(work_path / database_file)
        if root is not None:
            root.mkdir(parents=True, exist_ok=True)
            for name in files:
                target = root / _safe_relative(name)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(staged_documents / name, target)
                target.chmod(0o600)
    return RestoreSummary(
        database=str(settings.DATABASES["default"]["NAME"]),
        documents=len(files),
        created_at=manifest["created_at"],
        hearth_version=manifest["hearth_version"],
    )


def _load_database(dump: Path) -> None:
    if connection.vendor == "postgresql":
        connection.close()  # pg_restore works alone in its one transaction
        arguments, environment = _postgres_environment()
        _run(
            [
                "pg_restore",
                "--exit-on-error",
                "--single-transaction",
                "--no-owner",
                "--no-privileges",
                *arguments,
                str(dump),
            ],
            environment,
            "restore the database",
        )
        return
    connection.ensure_connection()
    with sqlite3.connect(dump) as source:
        source.backup(connection.connection)
    source.close()
