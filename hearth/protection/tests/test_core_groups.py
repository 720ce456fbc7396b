"""Core groups: the first within 10 working days of the plan starting, then at the local interval or the one the
conference set; attendance by agency with education's absence flagged; minutes within the local number of
working days (flagged late); progress per outcome; bad input refused with nothing saved."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.core import clock
from hearth.core.models import Event, Obligation, ObligationStatus
from hearth.plans.models import OutcomeProgress, PlanReview, ReviewKind
from hearth.protection.conferences import AttendanceRow
from hearth.protection.core_groups import core_group_flags, core_group_record
from hearth.protection.models import Agency, ChildProtectionPlan, CoreGroup
from hearth.protection.tests.plan_fixtures import add_outcome, open_obligation, start_plan

EVERYONE = [
    AttendanceRow(Agency.SOCIAL_CARE, attended=True, name="Sam Worker"),
    AttendanceRow(Agency.HEALTH, attended=True, name="Health visitor"),
    AttendanceRow(Agency.EDUCATION, attended=True, name="Designated safeguarding lead"),
]


def _record(council: Any, plan: ChildProtectionPlan, held_on: date | None, **changes: Any) -> CoreGroup:
    outcome_ids = [outcome.pk for outcome in plan.outcomes.all()]
    values: dict[str, Any] = {
        "attendance": EVERYONE,
        "summary": "Mother has arranged night care with grandmother; plan kept as it is.",
        "minutes": "Minutes of the core group.",
        "minutes_recorded_on": held_on,
        "progress": dict.fromkeys(outcome_ids, ("some", "Grandmother stays on night shifts")),
    }
    return core_group_record(plan=plan, held_on=held_on, by=council.worker, **(values | changes))


def test_the_first_core_group_is_due_within_10_working_days_of_the_plan(council: Any) -> None:
    start_plan(council, date(2025, 3, 3))
    assert open_obligation(council.child, "cp.first_core_group").due_date == date(2025, 3, 17)


def test_the_first_core_group_clock_skips_easter(council: Any) -> None:
    start_plan(council, date(2025, 4, 14))  # Good Friday 18 April, Easter Monday 21 April
    assert open_obligation(council.child, "cp.first_core_group").due_date == date(2025, 4, 30)


def test_after_the_first_core_groups_meet_at_the_local_interval(council: Any) -> None:
    plan = start_plan(council, date(2025, 3, 3))
    add_outcome(council, plan, date(2025, 6, 30))
    core_group = _record(council, plan, date(2025, 3, 12))
    first = Obligation.objects.get(child=council.child, rule_id="cp.first_core_group")
    assert (first.status, first.closed_on) == (ObligationStatus.MET, date(2025, 3, 12))
    assert open_obligation(council.child, "cp.core_group").due_date == date(2025, 4, 9)  # 20 working days
    event = Event.objects.get(type="core_group.held")
    assert (event.record_id, event.payload) == (core_group.pk, {})
    _record(council, plan, date(2025, 4, 7))
    assert open_obligation(council.child, "cp.core_group").due_date == date(2025, 5, 8)  # Easter, 5 May


def test_core_groups_meet_at_the_interval_the_conference_set(council: Any) -> None:
    plan = start_plan(council, date(2025, 3, 3), core_group_interval_weeks=6)
    add_outcome(council, plan, date(2025, 6, 30))
    _record(council, plan, date(2025, 3, 12))
    assert open_obligation(council.child, "cp.core_group").due_date == date(2025, 4, 23)
    assert Event.objects.get(type="core_group.held").payload == {"interval_weeks": 6}


def test_a_core_group_records_attendance_progress_and_is_the_plans_review(council: Any) -> None:
    plan = start_plan(council, date(2025, 3, 3))
    outcome = add_outcome(council, plan, date(2025, 6, 30))
    core_group = _record(council, plan, date(2025, 3, 12))
    assert core_group.review is not None and core_group.review.kind == ReviewKind.CORE_GROUP
    assert core_group.review.attendees.startswith("Children's social care (Sam Worker), Health")
    progress = OutcomeProgress.objects.get(review=core_group.review)
    assert (progress.outcome, progress.progress) == (outcome, "some")
    assert sorted(core_group.attendance.values_list("agency", flat=True)) == [
        "education",
        "health",
        "social_care",
    ]
    assert not Event.objects.filter(type__in=["cin_plan.reviewed", "early_help.reviewed"]).exists()


def test_minutes_late_and_education_absent_are_flagged(council: Any) -> None:
    plan = start_plan(council, date(2025, 3, 3))
    add_outcome(council, plan, date(2025, 6, 30))
    today = clock.today()
    on_time = _record(
        council, plan, date(2025, 3, 12), minutes_recorded_on=date(2025, 3, 19)
    )  # 5 working days
    assert core_group_flags(on_time, list(on_time.attendance.all()), today) == []
    late = _record(
        council,
        plan,
        date(2025, 4, 9),
        minutes_recorded_on=date(2025, 4, 17),  # 6 working days
        attendance=[
            AttendanceRow(Agency.SOCIAL_CARE, attended=True),
            AttendanceRow(Agency.EDUCATION, attended=False),
        ],
    )
    assert core_group_flags(late, list(late.attendance.all()), today) == [
        "Minutes recorded late (due by 16 Apr 2025)",
        "Education absent",
    ]
    missing = _record(council, plan, date(2025, 5, 7), minutes="", minutes_recorded_on=None)
    assert core_group_flags(missing, list(missing.attendance.all()), today) == [
        "Minutes not recorded (due by 14 May 2025)"
    ]


def test_bad_input_is_refused_and_nothing_is_saved(council: Any) -> None:
    plan = start_plan(council, date(2025, 3, 3))
    outcome = add_outcome(council, plan, date(2025, 6, 30))
    with pytest.raises(ValidationError) as error:
        _record(
            council,
            plan,
            clock.today() + timedelta(days=1),
            attendance=[],
            progress={},
            minutes="",
            minutes_recorded_on=None,
        )
    assert set(error.value.message_dict) == {"held_on", "attendance", f"progress_{outcome.pk}"}
    with pytest.raises(ValidationError) as error:
        _record(council, plan, date(2025, 2, 28))
    assert "before the plan started" in error.value.message_dict["held_on"][0]
    with pytest.raises(ValidationError) as error:
        _record(council, plan, date(2025, 3, 12), minutes="")
    assert set(error.value.message_dict) == {"minutes"}
    assert not CoreGroup.objects.exists()
    assert not PlanReview.objects.exists()
    assert not Event.objects.filter(type="core_group.held").exists()


def test_the_core_group_page_records_one_and_the_plan_page_shows_it(council: Any) -> None:
    plan = start_plan(council, date(2025, 3, 3))
    outcome = add_outcome(council, plan, date(2025, 6, 30))
    client = Client()
    client.force_login(council.worker)
    url = reverse("protection:core_group_add", kwargs={"pk": council.child.pk, "plan_pk": plan.pk})
    page = client.get(url).content.decode()
    assert "Education" in page and f"progress_{outcome.pk}" in page
    refused = client.post(url, {"held_on": "12/03/2025", "summary": ""})
    assert refused.status_code == 200 and "Record which agencies attended" in refused.content.decode()
    response = client.post(
        url,
        {
            "held_on": "12/03/2025",
            "attendance_social_care": "attended",
            "attendance_education": "absent",
            "summary": "Plan kept",
            f"progress_{outcome.pk}": "good",
            "minutes": "",
        },
    )
    assert response.status_code == 302
    plan_page = client.get(response["Location"]).content.decode()
    assert "Core group, 12 Mar 2025" in plan_page
    assert "Education absent" in plan_page
    assert "Minutes not recorded" in plan_page
    assert "Good progress" in plan_page
    core_group = CoreGroup.objects.get()
    client.post(
        response["Location"],
        {"record_minutes": "1", "core_group": core_group.pk, "minutes_recorded_on": "14/03/2025"},
    )
    core_group.refresh_from_db()
    assert core_group.minutes_recorded_on is None  # the minutes themselves are needed
    client.post(
        response["Location"],
        {
            "record_minutes": "1",
            "minutes": "Minutes typed up",
            "core_group": core_group.pk,
            "minutes_recorded_on": "14/03/2025",
        },
    )
    core_group.refresh_from_db()
    assert (core_group.minutes, core_group.minutes_recorded_on) == ("Minutes typed up", date(2025, 3, 14))


def test_the_next_core_group_form_starts_from_who_came_last_time(council: Any) -> None:
    """Issue 18: pre-filled from the record, so the same people are not typed again at every core group."""
    plan = start_plan(council, date(2025, 3, 3))
    outcome = add_outcome(council, plan, date(2025, 6, 30))
    client = Client()
    client.force_login(council.worker)
    url = reverse("protection:core_group_add", kwargs={"pk": council.child.pk, "plan_pk": plan.pk})
    assert 'value="Ms Shah"' not in client.get(url).content.decode()
    posted = client.post(
        url,
        {
            "held_on": "12/03/2025",
            "attendance_social_care": "attended",
            "attendance_education": "attended",
            "name_education": "Ms Shah",
            "summary": "Plan kept",
            f"progress_{outcome.pk}": "good",
        },
    )
    assert posted.status_code == 302 and CoreGroup.objects.count() == 1
    assert 'value="Ms Shah"' in client.get(url).content.decode()
