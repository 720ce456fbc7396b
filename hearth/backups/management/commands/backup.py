"""`hearth backup --out FOLDER`: the database (pg_dump's custom format) and the document store as one file (ADR 40)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.backups.archive import BackupRefused, backup_create


class Command(BaseCommand):
    help = "Back up the database and the document store into one file in FOLDER (docs/runbook-backup-restore.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out", required=True, type=Path, help="The folder to write the backup file into"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_create(into=options["out"])
        except BackupRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up {summary.tables} tables and {summary.documents} document files to {summary.path} "
            f"({summary.size:,} bytes)."
        )
