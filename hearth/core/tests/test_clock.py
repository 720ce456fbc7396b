"""Hearth's one today (ADR 14): pinned by HEARTH_TODAY in demos and tests, refused in production, and read by the
pages people use."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.test import Client
from django.urls import reverse

from hearth.core import clock
from hearth.core.events import event_record

pytestmark = pytest.mark.dates  # reads Hearth's today: run again on each date by `make test-dates`

REPO = Path(__file__).resolve().parents[3]


def test_an_empty_or_missing_value_means_the_real_date() -> None:
    assert clock.parse_today(None) is None
    assert clock.parse_today("  ") is None
    assert clock.parse_today("2028-02-29") == date(2028, 2, 29)


@pytest.mark.parametrize("value", ["31/03/2027", "2027-02-29", "tomorrow", "2027-3-31x"])
def test_a_value_that_is_not_a_date_names_the_setting_and_the_form(value: str) -> None:
    with pytest.raises(ImproperlyConfigured) as refused:
        clock.parse_today(value)
    assert "HEARTH_TODAY must be a date written YYYY-MM-DD" in str(refused.value)
    assert repr(value) in str(refused.value)


def test_a_pinned_day_is_today_and_now_keeps_the_time_of_day(settings: Any) -> None:
    settings.HEARTH_TODAY = date(2026, 12, 25)
    assert clock.today() == date(2026, 12, 25)
    moment = clock.now()
    assert moment.date() == date(2026, 12, 25) and moment.tzinfo is not None
    real = datetime.now().astimezone(moment.tzinfo)  # noqa: TID251 - comparing with the machine's clock
    assert abs((moment.replace(year=real.year, month=real.month, day=real.day) - real).total_seconds()) < 60


def test_unpinned_today_is_the_machines_date(settings: Any) -> None:
    settings.HEARTH_TODAY = None
    from django.utils import timezone

    assert clock.today() == timezone.localdate()  # noqa: TID251 - the real date, read directly


def test_a_setting_that_is_not_a_date_is_refused(settings: Any) -> None:
    settings.HEARTH_TODAY = "2027-03-31"
    with pytest.raises(ImproperlyConfigured, match="HEARTH_TODAY must be a date"):
        clock.today()


def test_collection_years_turn_on_1_april() -> None:
    assert clock.latest_complete_collection_year(date(2027, 3, 31)) == 2026
    assert clock.latest_complete_collection_year(date(2027, 4, 1)) == 2027
    assert clock.current_collection_year(date(2027, 3, 31)) == 2027
    assert clock.current_collection_year(date(2027, 4, 1)) == 2028
    assert clock.current_collection_year(date(2028, 2, 29)) == 2028


def _django(settings_module: str, today: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "HEARTH_TODAY": today,
        "HEARTH_SECRET_KEY": "x" * 50,
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(REPO / "manage.py"), "check"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )


def test_production_refuses_to_start_with_a_pinned_today() -> None:
    result = _django("config.settings.production", "2027-03-31")
    assert result.returncode != 0
    assert "production must run on the real date. Unset HEARTH_TODAY." in result.stderr


def test_start_up_refuses_a_today_that_is_not_a_date() -> None:
    result = _django("config.settings.test", "31 March")
    assert result.returncode != 0
    assert (
        "HEARTH_TODAY must be a date written YYYY-MM-DD, such as 2025-03-31; it is '31 March'."
        in result.stderr
    )


def test_production_starts_on_the_real_date() -> None:
    result = _django("config.settings.production", "")
    assert result.returncode == 0, result.stderr


def test_the_worklist_reads_overdue_against_hearths_today(council: Any, settings: Any) -> None:
    """The same visit is due on one pinned day and overdue by three days on another."""
    settings.HEARTH_TODAY = date(2027, 3, 31)
    with transaction.atomic():
        event_record(
            child_id=council.child.pk,
            type="cp_plan.started",
            occurred_on=date(2027, 3, 1),
            recorded_by=None,
            payload={"category": "Neglect"},
        )
    client = Client()
    client.force_login(council.worker)
    due = council.child.obligations.get(rule_id="cp.visit").due_date
    settings.HEARTH_TODAY = due - timedelta(days=1)
    page = client.get(reverse("worklists:my_work")).content.decode()
    assert "Jayden Smith" in page and "Overdue by" not in page
    settings.HEARTH_TODAY = due + timedelta(days=3)
    page = client.get(reverse("worklists:my_work")).content.decode()
    assert "Overdue by 3 days" in page


def test_on_a_pinned_day_time_runs_on_across_midnight(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A demo served for days on a pinned date: moments stay in order and a 24-hour expiry still expires."""
    from zoneinfo import ZoneInfo

    london = ZoneInfo("Europe/London")
    real = [datetime(2026, 12, 5, 23, 59, tzinfo=london)]
    monkeypatch.setattr(clock.timezone, "localtime", lambda: real[0])
    monkeypatch.setattr(clock, "_SHIFTS", {})
    settings.HEARTH_TODAY = date(2026, 12, 25)
    before = clock.now()
    assert before == datetime(2026, 12, 25, 23, 59, tzinfo=london)
    real[0] = datetime(2026, 12, 6, 0, 1, tzinfo=london)
    after = clock.now()
    assert after == datetime(2026, 12, 26, 0, 1, tzinfo=london) and after > before
    assert clock.today() == date(2026, 12, 25)  # today stays pinned
