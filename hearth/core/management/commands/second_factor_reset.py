"""`hearth second_factor_reset USERNAME`: for someone who lost their phone and their recovery codes (ADR 39)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.core.second_factor import second_factor_reset


class Command(BaseCommand):
    help = (
        "Remove a member of staff's authenticator app, recovery codes and passkeys, after checking who they are: "
        "they set up a second factor again at their next sign-in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No member of staff has the username {options['username']!r}.")
        second_factor_reset(user)
        self.stdout.write(
            f"{user.get_username()}'s second factor is reset: they set one up again when they next sign in."
        )
