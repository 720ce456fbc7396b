"""`hearth restore FILE`: a backup into an empty database and document store, refused (nothing changed) when the
backup's schema is not this Hearth's (ADR 40)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.backups.archive import BackupRefused, backup_manifest, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `hearth backup` into the empty database DATABASE_URL names and the empty "
        "document store (HEARTH_DOCUMENTS_DIR). --check reads the backup and says whether it would restore."
    )
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="The backup file (hearth-backup-....tar)")
        parser.add_argument(
            "--check", action="store_true", help="Only read the backup's manifest and say what it holds"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["check"]:
                manifest = backup_manifest(options["archive"])
                self.stdout.write(
                    f"A backup of {manifest['council']} made by Hearth {manifest['hearth_version']} on "
                    f"{manifest['created_at']}: {manifest['database']['engine']} database of "
                    f"{manifest['database']['tables']} tables, {len(manifest['documents']['files'])} document files."
                )
                return
            summary = backup_restore(archive=options["archive"])
        except BackupRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the backup made on {summary.created_at} (Hearth {summary.hearth_version}) into "
            f"{summary.database}, with {summary.documents} document files."
        )
