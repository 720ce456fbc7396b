"""Indicators from the record (issue 19 items 5 and 6): each declared once and computed by the database from the
same records and timescales as the worklists; by month, team and worker; the children behind every figure, named
only to those who may open them; targets and England's figures with their source; a month frozen once reported."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from hearth.care.services import PlacementInput, placement_change
from hearth.care.tests.helpers import carer, start_care
from hearth.children_in_need.assessments import (
    assessment_authorise,
    assessment_complete,
    assessment_record,
    assessment_start,
)
from hearth.children_in_need.services import referral_receive
from hearth.children_in_need.tests.test_assessments import GOOD
from hearth.core import clock
from hearth.core.council_settings import council_setting_set
from hearth.core.models import AccessLog
from hearth.core.tests.queue import run_queued
from hearth.indicators.declarations import BY_KEY
from hearth.indicators.measures import figures, months_to
from hearth.indicators.models import IndicatorBenchmark, IndicatorCounting, IndicatorSnapshot
from hearth.indicators.store import indicators_count
from hearth.organisation.roles import Role
from hearth.organisation.services import allocation_change
from hearth.people.models import Person
from hearth.people.tests.factories import make_child
from hearth.protection.tests.plan_fixtures import start_plan

pytestmark = pytest.mark.dates  # reads Hearth's today: run again on each date by `make test-dates`


def _assessed(
    council: Any, child: Person, referred: date, authorised: date, worker: Any = None, manager: Any = None
) -> None:
    """A referral and its single assessment, authorised on the day given (due 45 working days from the referral)."""
    worker, manager = worker or council.worker, manager or council.manager
    episode = referral_receive(
        child=child, referral_date=referred, source="2A", by=council.users[Role.FRONT_DOOR]
    )
    assessment = assessment_start(episode=episode, start_date=referred, by=worker)
    values = GOOD | {"child_seen_date": referred, "late_reason": "The family were away for a month."}
    assessment_record(
        assessment=assessment, version=assessment.version, values=values, findings={}, by=worker
    )
    assessment_complete(assessment=assessment, completed_on=authorised, by=worker)
    assessment_authorise(assessment=assessment, authorised_on=authorised, rationale="Plan needed", by=manager)


@pytest.fixture
def month_with_two(council: Any) -> Any:
    """Last month: Jayden's assessment in time (his team's), another child's 80 days late (another team's)."""
    today = clock.today()
    last = months_to(today)[-2]
    _assessed(council, council.child, last.start - timedelta(days=7), last.start + timedelta(days=3))
    late = make_child(by=council.colleague, forename="Mia", surname="Late", date_of_birth=date(2015, 6, 1))
    held_by(council, late, council.colleague, council.other_team, last.start - timedelta(days=200))
    _assessed(
        council,
        late,
        last.start - timedelta(days=150),
        last.start + timedelta(days=4),
        worker=council.colleague,
        manager=council.users[Role.HEAD_OF_SERVICE],
    )
    return last, late


def held_by(council: Any, child: Person, worker: Any, team: Any, since: date) -> None:
    """The child allocated to a worker and team from a day, by the front door."""
    allocation_change(
        child_id=child.pk,
        worker=worker,
        team=team,
        start_date=since,
        reason="Referral",
        by=council.users[Role.FRONT_DOOR],
    )


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_assessments_in_45_working_days_by_month_team_and_worker(council: Any, month_with_two: Any) -> None:
    last, late = month_with_two
    indicator = BY_KEY["assessments_45_days"]
    (figure,) = figures(indicator, [last])
    assert (figure.cases, figure.met, figure.value) == (2, 1, 50.0)
    by_team = {f.group: (f.cases, f.met, f.value) for f in figures(indicator, [last], split="team")}
    assert by_team == {council.team.pk: (1, 1, 100.0), council.other_team.pk: (1, 0, 0.0)}
    (mine,) = figures(indicator, [last], team=council.team.pk, split="worker")
    assert (mine.group, mine.value) == (council.worker.pk, 100.0)
    # The page a head of service reads: the council's figure, the month, each team, and the children behind them.
    page = _client(council.users[Role.HEAD_OF_SERVICE]).get(
        reverse("indicators:indicator", kwargs={"key": indicator.key}), {"month": last.key}
    )
    text = page.content.decode()
    assert page.status_code == 200 and 'role="img"' in text and "<polyline" in text
    assert council.team.name in text and council.other_team.name in text and "50.0%" in text


def test_the_children_behind_a_figure_are_named_only_to_those_who_may_open_them(
    council: Any, month_with_two: Any
) -> None:
    last, late = month_with_two
    url = reverse("indicators:children", kwargs={"key": "assessments_45_days"})
    # The team manager of Jayden's team: both children counted, only Jayden named.
    page = _client(council.manager).get(url, {"month": last.key}).content.decode()
    assert "Jayden Smith" in page and "Mia Late" not in page
    assert "2 children" in page and "1 of them is not yours to open" in page
    assert AccessLog.objects.filter(user=council.manager, child=council.child, action="search").exists()
    # The performance officer sees every child; those in time alone when asked.
    officer = _client(council.users[Role.PERFORMANCE])
    page = officer.get(url, {"month": last.key}).content.decode()
    assert "Jayden Smith" in page and "Mia Late" in page
    page = officer.get(url, {"month": last.key, "part": "met"}).content.decode()
    assert "Jayden Smith" in page and "Mia Late" not in page
    # A worker of a team the manager does not manage: not even their counts.
    assert (
        _client(council.manager).get(url, {"month": last.key, "worker": council.colleague.pk}).status_code
        == 404
    )
    # A social worker has no performance pages.
    assert _client(council.worker).get(url, {"month": last.key}).status_code == 403
    assert _client(council.worker).get(reverse("indicators:dashboard")).status_code == 403


def test_every_table_downloads_as_csv_and_excel(council: Any, month_with_two: Any) -> None:
    last, _ = month_with_two
    officer = _client(council.users[Role.PERFORMANCE])
    url = reverse("indicators:indicator", kwargs={"key": "assessments_45_days"})
    response = officer.get(url, {"month": last.key, "download": "csv", "table": "teams"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Team", "Cases", "Meeting the measure", "Figure (%)"]
    assert sorted(rows[1:]) == sorted(
        [[council.other_team.name, "1", "0", "0.0"], [council.team.name, "1", "1", "100.0"]]
    )
    response = officer.get(url, {"download": "xlsx", "table": "months"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Month", "Cases", "Meeting the measure", "Figure (%)")
    assert len(values) == 25  # 24 months and the heading
    row = next(row for row in values[1:] if row[0] is not None and row[0].date() == last.start)
    assert row[1:] == (2, 1, 50.0)


def test_re_referrals_and_rates_per_10000(council: Any) -> None:
    today = clock.today()
    last = months_to(today)[-2]
    fd = council.users[Role.FRONT_DOOR]
    referral_receive(child=council.child, referral_date=last.start - timedelta(days=100), source="2A", by=fd)
    from hearth.children_in_need.models import CinEpisode

    CinEpisode.objects.filter(child=council.child).update(
        closure_date=last.start - timedelta(days=90), reason_for_closure="RC7"
    )
    referral_receive(child=council.child, referral_date=last.start + timedelta(days=1), source="6", by=fd)
    (figure,) = figures(BY_KEY["re_referrals"], [last])
    assert (figure.cases, figure.met, figure.value) == (1, 1, 100.0)
    # A rate needs the child population: none until the council sets it.
    (rate,) = figures(BY_KEY["referral_rate"], [last])
    assert (rate.cases, rate.value) == (1, None)
    council_setting_set(key="child_population", value=40000, effective_from=date(2000, 1, 1))
    from hearth.core.council_settings import clear_cache

    clear_cache()
    (rate,) = figures(BY_KEY["referral_rate"], [last])
    days = (last.end - last.start).days + 1
    assert rate.value == round(365 / days * 10000 / 40000, 1)  # a year's rate at the month's pace, about 3.0


def test_a_target_outside_0_to_100_for_a_percentage_is_refused_and_nothing_is_saved(council: Any) -> None:
    officer = _client(council.users[Role.PERFORMANCE])
    url = reverse("indicators:benchmarks")
    form = {
        "indicator": "assessments_45_days",
        "kind": "target",
        "value": "120",
        "source": "Children's services plan",
        "year": "2026-27",
    }
    page = officer.post(url, form).content.decode()
    assert "Assessments completed in 45 working days is a percentage: enter a figure from 0 to 100." in page
    assert not IndicatorBenchmark.objects.exists()
    page = officer.post(url, form | {"value": "NaN"}).content.decode()
    assert "Enter the figure as a number below 10,000,000" in page and not IndicatorBenchmark.objects.exists()
    page = officer.post(url, form | {"source": ""}).content.decode()
    assert "Enter where the figure is from" in page and not IndicatorBenchmark.objects.exists()
    response = officer.post(url, form | {"value": "85"})
    assert response.status_code == 302
    officer.post(url, form | {"kind": "england", "value": "82.1", "source": "DfE CIN statistics"})
    page = officer.get(
        reverse("indicators:indicator", kwargs={"key": "assessments_45_days"})
    ).content.decode()
    assert (
        "85.0 (Children&#x27;s services plan, 2026-27)" in page
        and "82.1 (DfE CIN statistics, 2026-27)" in page
    )
    assert 'stroke-dasharray="8 4"' in page  # the target's line on the chart
    # Only performance officers set them.
    assert _client(council.manager).post(url, form | {"value": "85"}).status_code == 403


def test_a_frozen_month_keeps_its_figures_and_a_correction_is_a_new_version(
    council: Any, month_with_two: Any
) -> None:
    last, late = month_with_two
    officer = _client(council.users[Role.PERFORMANCE])
    assert officer.post(reverse("indicators:freeze"), {"month": last.key, "reason": ""}).status_code == 302
    first = IndicatorSnapshot.objects.get()
    assert first.version == 1 and first.figures["assessments_45_days"]["council"] == [2, 1, 50.0]
    # A third assessment authorised in the month after it was reported: the record moves, the report does not.
    third = make_child(by=council.worker, forename="Zac", surname="After", date_of_birth=date(2014, 1, 1))
    held_by(council, third, council.worker, council.team, last.start - timedelta(days=30))
    _assessed(council, third, last.start - timedelta(days=2), last.start + timedelta(days=5))
    (live,) = figures(BY_KEY["assessments_45_days"], [last])
    assert live.value == 66.7
    page = officer.get(reverse("indicators:dashboard")).content.decode()
    assert f"{last.label} frozen" in page and "50%" in page
    indicator_page = reverse("indicators:indicator", kwargs={"key": "assessments_45_days"})
    page = officer.get(indicator_page).content.decode()
    row = page[
        page.index(f">{last.label} <strong") : page.index("</tr>", page.index(f">{last.label} <strong"))
    ]
    assert "Frozen" in row and "50.0%" in row
    # Freezing again needs a reason; the earlier version is kept.
    page = officer.post(reverse("indicators:freeze"), {"month": last.key, "reason": ""}).content.decode()
    assert "say why the figures are corrected" in page and IndicatorSnapshot.objects.count() == 1
    officer.post(reverse("indicators:freeze"), {"month": last.key, "reason": "A late authorisation recorded"})
    versions = list(IndicatorSnapshot.objects.order_by("version").values_list("version", "reason"))
    assert versions == [(1, ""), (2, "A late authorisation recorded")]
    page = officer.get(reverse("indicators:dashboard")).content.decode()
    assert "66.7%" in page and "version 2" in page
    # The month in progress cannot be frozen.
    current = months_to(clock.today())[-1]
    page = officer.post(reverse("indicators:freeze"), {"month": current.key}).content.decode()
    assert "is not over yet" in page


def test_placement_stability_and_children_on_a_day(council: Any) -> None:
    last = months_to(clock.today())[-2]
    period = start_care(council, last.end - timedelta(days=1100))
    for back in (300, 100):
        placement_change(
            period=period,
            start_date=last.end - timedelta(days=back),
            reason_place_change="CREQB",
            placement=PlacementInput(placement_type="U6", carer=carer()),
            by=council.worker,
        )
    (short,) = figures(BY_KEY["placement_stability_short"], [last])
    assert (short.cases, short.met, short.value) == (1, 1, 100.0)
    (long_term,) = figures(BY_KEY["placement_stability_long"], [last])
    assert (long_term.cases, long_term.met) == (1, 0)  # looked after three years; placed 100 days ago
    assert figures(BY_KEY["looked_after_rate"], [last], team=council.team.pk)[0].cases == 1
    assert figures(BY_KEY["looked_after_rate"], [last], team=council.other_team.pk) == []
    # Over 24 months, a year earlier he had had one placement only.
    year_earlier = months_to(clock.today())[-14]
    series = {f.month: f for f in figures(BY_KEY["placement_stability_short"], months_to(clock.today()))}
    assert series[year_earlier.start].met == 0 and series[year_earlier.start].cases == 1


def test_children_on_a_protection_plan(council: Any) -> None:
    last = months_to(clock.today())[-2]
    start_plan(council, last.start - timedelta(days=20))
    (figure,) = figures(BY_KEY["protection_plan_rate"], [last], split="worker")
    assert (figure.group, figure.cases) == (council.worker.pk, 1)
    page = _client(council.users[Role.PERFORMANCE]).get(reverse("indicators:dashboard")).content.decode()
    assert "Children on a protection plan per 10,000" in page


def test_the_dashboard_links_each_figure_to_its_children_and_downloads(
    council: Any, month_with_two: Any
) -> None:
    last, _ = month_with_two
    officer = _client(council.users[Role.PERFORMANCE])
    page = officer.get(reverse("indicators:dashboard")).content.decode()
    link = (
        reverse("indicators:children", kwargs={"key": "assessments_45_days"})
        + f"?month={last.key}&amp;part=met"
    )
    assert f'href="{link}"' in page and ">50%</a>" in page
    rows = list(
        csv.reader(
            io.StringIO(officer.get(reverse("indicators:dashboard"), {"download": "csv"}).content.decode())
        )
    )
    assert rows[0][:2] == ["Indicator", last.label]
    assert rows[[r[0] for r in rows].index("Assessments completed in 45 working days")][:2] == [
        "Assessments completed in 45 working days",
        "50%",
    ]
    sheet = load_workbook(
        io.BytesIO(officer.get(reverse("indicators:dashboard"), {"download": "xlsx"}).content)
    ).active
    assert sheet is not None and sheet.max_row == len(rows)


def test_the_pages_read_the_count_kept_until_it_is_made_again(council: Any, month_with_two: Any) -> None:
    last, _ = month_with_two
    indicator = BY_KEY["assessments_45_days"]
    live = {
        (f.month, f.group): (f.cases, f.met)
        for f in figures(indicator, months_to(clock.today()), split="team")
    }
    indicators_count()
    kept = {
        (f.month, f.group): (f.cases, f.met)
        for f in figures(indicator, months_to(clock.today()), split="team")
    }
    assert kept == live and kept[(last.start, council.team.pk)] == (1, 1)
    # A third assessment: the pages show the count until it is made again.
    third = make_child(by=council.worker, forename="Zac", surname="After", date_of_birth=date(2014, 1, 1))
    held_by(council, third, council.worker, council.team, last.start - timedelta(days=30))
    _assessed(council, third, last.start - timedelta(days=2), last.start + timedelta(days=5))
    assert figures(indicator, [last])[0].cases == 2
    page = _client(council.users[Role.PERFORMANCE]).get(reverse("indicators:dashboard")).content.decode()
    assert "Counted from the record at" in page
    call_command("indicators", stdout=io.StringIO())
    assert figures(indicator, [last])[0].cases == 3


def test_a_stale_count_is_made_again_by_the_queue(council: Any, month_with_two: Any, settings: Any) -> None:
    last, _ = month_with_two
    indicators_count()
    settings.HEARTH_INDICATORS_STALE_MINUTES = 0
    _client(council.users[Role.PERFORMANCE]).get(reverse("indicators:dashboard"))
    before = IndicatorCounting.objects.count()
    run_queued()
    assert IndicatorCounting.objects.count() == before + 1
