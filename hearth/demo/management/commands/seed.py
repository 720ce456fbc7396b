"""`hearth seed`: build the synthetic demo council (staff, children, families, histories and obligations)."""

from __future__ import annotations

import secrets
import time
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from hearth.care.models import CareLeaverStatus, CarePeriod
from hearth.children_in_need.models import Assessment, CinEpisode
from hearth.core import clock
from hearth.core.council_settings import council_setting_set
from hearth.core.timescales.store import engine_context
from hearth.demo.generation.plan import DEFAULT_CHILDREN, STATUS_NAMES, plan_council
from hearth.demo.loading.children import load_children
from hearth.demo.loading.logins import pick_logins, write_logins_file
from hearth.demo.loading.register import create_register, create_schools
from hearth.demo.loading.staff import create_staff
from hearth.demo.sign_offs import demo_sign_offs
from hearth.earlyhelp.models import EarlyHelpEpisode
from hearth.people.models import Person
from hearth.protection.models import ChildProtectionPlan
from hearth.quality.checks import checked_years, quality_check, quality_mark_all
from hearth.returns.cin_census import CensusPeriod, census_child_ids
from hearth.returns.validator import validator_available
from hearth.signoff.backfill import waiting_requests_backfill
from hearth.signoff.models import SignOff


def logins_path() -> Path:
    return Path(settings.VAR_DIR) / "demo_logins.txt"


class Command(BaseCommand):
    help = (
        "Build the synthetic demo council: staff, children known to services, their families and histories."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--children",
            type=int,
            default=DEFAULT_CHILDREN,
            help=f"Child records to create (default {DEFAULT_CHILDREN:,}: a council of about 53,800 children, "
            "388 looked after and 227 on protection plans); every proportion scales with it",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: the same seed gives the same council"
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if anyone is already recorded"
        )
        parser.add_argument(
            "--no-pipeline",
            action="store_true",
            help="On PostgreSQL, generate and copy in one process (by default a second process generates ahead)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        children: int = options["children"]
        if children < 1:
            raise CommandError("--children must be at least 1.")
        if options["if_empty"] and Person.objects.exists():
            self.stdout.write("People are already recorded: the demo council is not seeded again.")
            return
        if Person.objects.exists():
            self.stdout.write(
                self.style.WARNING("People are already recorded: adding a second demo council.")
            )
        started = time.perf_counter()
        today = clock.today()
        plan = plan_council(children, options["seed"], today)
        counts = ", ".join(f"{plan.counts[name]:,} {name.replace('_', ' ')}" for name in STATUS_NAMES)
        self.stdout.write(f"Planning {children:,} children in {plan.families:,} families ({counts}).")

        # The rates per 10,000 children need the area's child population: about ten for each child the demo
        # council's children's services know.
        council_setting_set(
            key="child_population",
            value=children * 10,
            effective_from=date(2000, 1, 1),
            note="Demo council: ten children in the area for each child known to children's services",
        )
        password = secrets.token_urlsafe(15)
        staff = create_staff(plan, make_password(password))  # hashed once (Argon2), shared by every demo user
        self.stdout.write(
            f"Created {len(staff.specs):,} staff in {len(staff.teams)} teams "
            f"({sum(len(w) for w in staff.organisation.workers.values())} social workers)."
        )
        staff.organisation.register = create_register(plan)
        staff.organisation.school_ids = create_schools(settings.HEARTH_COUNCIL_NAME)
        self.stdout.write(
            f"Registered {sum(len(found) for found in staff.organisation.register.values()):,} carers and homes."
        )
        self.stdout.write(f"Writing {len(plan.chunks)} chunk(s) of families ({connection.vendor}):")
        stats = load_children(
            plan,
            staff.organisation,
            engine_context(),
            la_number=settings.HEARTH_LA_NUMBER,
            progress=self.stdout.write,
            pipeline=False if options["no_pipeline"] else None,
        )
        self.stdout.write(
            f"Wrote {stats.total_rows:,} rows in {stats.seconds:,.1f} s ({stats.total_rows / stats.seconds:,.0f} rows/s; "
            f"generating {stats.generate_seconds:,.1f} s, writing {stats.write_seconds:,.1f} s): "
            + ", ".join(f"{count:,} {table}" for table, count in stats.rows.items() if count)
        )
        self.stdout.write(
            "Open today: "
            f"{CarePeriod.objects.filter(end_date=None).count():,} looked after, "
            f"{ChildProtectionPlan.objects.filter(end_date=None).count():,} on protection plans, "
            f"{CinEpisode.objects.filter(closure_date=None).count():,} child in need episodes, "
            f"{EarlyHelpEpisode.objects.filter(end_date=None).count():,} early help, "
            f"{CareLeaverStatus.objects.filter(end_date=None).count():,} care leavers."
        )
        waiting = waiting_requests_backfill(Assessment, CinEpisode, SignOff, None)
        sent = demo_sign_offs(today)
        self.stdout.write(
            f"{waiting:,} assessments and closures waiting for a manager's sign-off; {sent:,} child in need plans "
            "sent for sign-off, one in five returned."
        )
        checked = time.perf_counter()
        years = checked_years(today)
        in_census = sorted({pk for year in years for pk in census_child_ids(CensusPeriod(year))})
        if validator_available():
            failures = quality_check(in_census, years)
            self.stdout.write(
                f"Checked {len(in_census):,} children in the CIN census of {years[0]} and {years[1]} against every "
                f"rule of the validator: {failures:,} failures to fix ({time.perf_counter() - checked:,.1f} s)."
            )
        else:
            quality_mark_all(in_census)
            self.stdout.write(
                f"{len(in_census):,} children wait for the census rules: `make cin-validator`, then `hearth quality`."
            )
        logins = pick_logins(staff, today)
        path = logins_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        write_logins_file(path, password, logins)
        self.stdout.write(
            self.style.SUCCESS(f"Demo council seeded in {time.perf_counter() - started:,.1f} s.")
        )
        self.stdout.write(f"Every demo user's password (shown once; kept in {path}, readable only by you):")
        self.stdout.write(f"    {password}")
        self.stdout.write("Run `hearth demo_logins` for a login for each role.")
