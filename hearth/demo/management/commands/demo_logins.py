"""`hearth demo_logins`: a login for each role in the demo council, from var/demo_logins.txt."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hearth.demo.loading.logins import read_logins_file
from hearth.demo.management.commands.seed import logins_path


class Command(BaseCommand):
    help = "Print a login (username, password and role) for each role in the demo council."

    def handle(self, *args: Any, **options: Any) -> None:
        path = logins_path()
        if not path.exists():
            raise CommandError(f"No demo logins in {path}: run `hearth seed` first.")
        url, password, logins = read_logins_file(path)
        if not password or not logins:
            raise CommandError(f"{path} has no demo logins: run `hearth seed` on an empty database.")
        width = max(len(label) for _, _, label in logins)
        user_width = max(len(username) for _, username, _ in logins)
        self.stdout.write(f"Hearth demo council: sign in at {url}")
        self.stdout.write(f"Password for every demo user: {password}")
        self.stdout.write("")
        self.stdout.write(f"{'Role'.ljust(width)}  {'Username'.ljust(user_width)}  Password")
        for _, username, label in logins:
            self.stdout.write(f"{label.ljust(width)}  {username.ljust(user_width)}  {password}")
