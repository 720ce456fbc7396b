"""The 2012 inspection's paragraph 19 "Immediately" list, item by item, through the services people use."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hearth.core import clock
from hearth.core.models import Obligation, ObligationStatus
from hearth.organisation.roles import Role
from hearth.plans.models import Progress, ReviewKind
from hearth.plans.services import review_record
from hearth.protection.conferences import AttendanceRow
from hearth.protection.core_groups import core_group_flags, core_group_record
from hearth.protection.models import Agency
from hearth.protection.plans import cp_plan_finalise
from hearth.protection.tests.plan_fixtures import OUTCOME, add_outcome, open_obligation, start_plan
from hearth.visits.services import failed_visit_seen, visit_record
from hearth.worklists.selectors import team_failed_visits


def _visit(plan: Any, on: date, by: Any, seen: bool, alone: bool = False, reason: str = "") -> Any:
    return visit_record(
        kind="cp",
        plan=plan,
        visit_date=on,
        seen=seen,
        seen_alone=alone,
        bedroom_seen=seen,
        not_seen_reason=reason,
        note="",
        by=by,
    )


def test_statutory_visits_see_the_child_alone_and_failed_visits_are_followed_up_promptly(
    council: Any,
) -> None:
    """ "Ensure that all statutory child protection visits are undertaken and that children and young people are
    seen and seen alone. Ensure that failed visits are followed up promptly." """
    today = clock.today()
    plan = start_plan(council, today - timedelta(days=20))
    assert open_obligation(council.child, "cp.visit").due_date < today  # overdue: shown to worker and manager
    with pytest.raises(ValidationError, match="cannot have been seen alone"):
        _visit(plan, today, council.worker, seen=False, alone=True, reason="No access")
    failed = _visit(plan, today, council.worker, seen=False, reason="No access")
    follow_up = open_obligation(council.child, "cp.visit_follow_up")
    assert follow_up.due_date == council_next_working_day(today) and follow_up.owner == council.worker
    _visit(plan, today, council.worker, seen=True, alone=True)
    follow_up.refresh_from_db()
    assert follow_up.status == ObligationStatus.MET and failed.seen is False


def council_next_working_day(day: date) -> date:
    from hearth.core.timescales.store import council_calendar

    return council_calendar().add_working_days(day, 1)


def test_plans_have_clear_measurable_outcomes_and_timescales(council: Any) -> None:
    """ "Improve the quality of child protection plans so that they contain clear, measurable outcomes and
    timescales for actions." """
    plan = start_plan(council, date(2025, 3, 3))
    with pytest.raises(ValidationError) as error:
        add_outcome(council, plan, None, measure="", parents_will_do="")  # type: ignore[arg-type]
    assert set(error.value.message_dict) == {"due_date", "measure", "parents_will_do"}
    with pytest.raises(ValidationError, match="Add the plan's outcomes"):
        cp_plan_finalise(plan=plan, finalised_on=date(2025, 3, 4), by=council.manager, rationale="Agreed")
    add_outcome(council, plan, date(2025, 6, 2))
    cp_plan_finalise(plan=plan, finalised_on=date(2025, 3, 4), by=council.manager, rationale="Agreed")
    assert plan.outcomes.get().measure == OUTCOME["measure"]


def test_managers_oversee_failed_visits_the_same_day_and_the_plans_progress(council: Any) -> None:
    """ "Ensure there is sufficient management oversight of all cases, and in particular, improve the quality
    assurance of child protection plans" (supervision is issue 5's)."""
    today = clock.today()
    plan = start_plan(council, today - timedelta(days=10))
    outcome = add_outcome(council, plan, today + timedelta(days=60))
    visit = _visit(plan, today, council.worker, seen=False, reason="Curtains drawn, no answer")
    alert = open_obligation(council.child, "cp.failed_visit_seen_by_manager")
    assert alert.due_date == today and alert.owner is None and alert.team == council.team
    assert [line.reason for line in team_failed_visits(council.manager, [council.team])] == [
        "Curtains drawn, no answer"
    ]
    with pytest.raises(ValidationError):
        failed_visit_seen(visit=visit, note="Seen", by=council.worker)
    failed_visit_seen(visit=visit, note="Joint visit with police tomorrow", by=council.manager)
    assert team_failed_visits(council.manager, [council.team]) == []
    review = review_record(
        plan=plan,
        review_date=today,
        summary="QA by the chair",
        attendees="",
        progress={outcome.pk: (Progress.SOME, "")},
        by=council.users[Role.CHILD_PROTECTION_CHAIR],
        kind=ReviewKind.REVIEW_CONFERENCE,
        write_event=False,
    )
    assert review.progress.get().progress == Progress.SOME


def test_core_groups_are_timely_and_education_attends(council: Any) -> None:
    """ "Ensure that core groups are timely and that all appropriate agency representatives attend, including
    education." """
    plan = start_plan(council, date(2025, 3, 3))
    outcome = add_outcome(council, plan, date(2025, 6, 2))
    assert open_obligation(council.child, "cp.first_core_group").due_date == date(2025, 3, 17)
    core_group = core_group_record(
        plan=plan,
        held_on=date(2025, 3, 14),
        attendance=[
            AttendanceRow(agency=Agency.SOCIAL_CARE, attended=True),
            AttendanceRow(agency=Agency.EDUCATION, attended=False),
        ],
        summary="First core group",
        minutes="Minutes",
        minutes_recorded_on=date(2025, 3, 31),
        progress={outcome.pk: (Progress.NONE, "")},
        by=council.worker,
    )
    met = Obligation.objects.get(child=council.child, rule_id="cp.first_core_group")
    assert met.status == ObligationStatus.MET and met.met_in_time
    flags = core_group_flags(core_group, list(core_group.attendance.all()), date(2025, 4, 1))
    assert "Education absent" in flags and any(flag.startswith("Minutes recorded late") for flag in flags)
