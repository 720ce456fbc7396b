"""Child in need plans: measurable outcomes, reviews every 3 months (a local setting) recording progress per outcome,
visits with seen, seen alone and bedroom seen at the local interval, and closure with a reason and sign-off."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hearth.children_in_need.assessments import (
    assessment_authorise,
)
from hearth.children_in_need.cin_plans import cin_plan_start
from hearth.children_in_need.closure import closure_propose, closure_sign_off
from hearth.children_in_need.models import CinEpisode, CinPlan
from hearth.children_in_need.services import referral_receive
from hearth.children_in_need.tests.fixtures import completed_assessment
from hearth.core import clock
from hearth.core.council_settings import council_setting_set
from hearth.core.models import Event, Obligation, ObligationStatus
from hearth.organisation.models import Allocation
from hearth.organisation.roles import Role
from hearth.plans.models import PlanOutcome, PlanReview
from hearth.plans.services import outcome_add, review_record
from hearth.visits.models import Visit
from hearth.visits.services import visit_record

OUTCOME = {
    "what_must_change": "Jayden attends school every day",
    "action": "Mother walks Jayden to school",
    "owner": "Mother, with the school's family worker",
    "measure": "Attendance above 95% each half term",
}


def _assessed(council: Any, referral_date: date) -> CinEpisode:
    assessment = completed_assessment(council, referral_date)
    assessment_authorise(
        assessment=assessment,
        authorised_on=referral_date + timedelta(days=8),
        rationale="CIN",
        by=council.manager,
    )
    return assessment.episode


def _open(child: Any, rule_id: str) -> Obligation:
    return Obligation.objects.get(child=child, rule_id=rule_id, status=ObligationStatus.OPEN)


def test_a_plan_follows_an_authorised_assessment_and_starts_its_review_and_visit_clocks(council: Any) -> None:
    fd, worker = council.users[Role.FRONT_DOOR], council.worker
    bare = referral_receive(child=council.child, referral_date=date(2025, 1, 6), source="2A", by=fd)
    with pytest.raises(ValidationError, match="follows an authorised assessment"):
        cin_plan_start(episode=bare, start_date=date(2025, 1, 7), by=worker)
    bare.delete()
    episode = _assessed(council, date(2025, 2, 3))
    plan = cin_plan_start(episode=episode, start_date=date(2025, 2, 17), by=worker)
    assert _open(council.child, "cin_plan.review").due_date == date(2025, 5, 17)  # 3 calendar months
    assert _open(council.child, "cin.visit").due_date == date(2025, 3, 17)  # 20 working days
    with pytest.raises(ValidationError, match="already has a child in need plan"):
        cin_plan_start(episode=episode, start_date=date(2025, 2, 18), by=worker)
    assert plan.episode == episode


def test_the_review_interval_is_a_council_setting(council: Any) -> None:
    council_setting_set(
        key="cin_plan_review_interval",
        effective_from=date(2020, 1, 1),
        value={"amount": 6, "unit": "weeks"},
        note="Local policy",
        user=council.manager,
    )
    episode = _assessed(council, date(2025, 2, 3))
    cin_plan_start(episode=episode, start_date=date(2025, 2, 17), by=council.worker)
    assert _open(council.child, "cin_plan.review").due_date == date(2025, 3, 31)


def test_outcomes_must_be_measurable_and_reviews_record_progress_on_each(council: Any) -> None:
    worker = council.worker
    episode = _assessed(council, date(2025, 2, 3))
    plan = cin_plan_start(episode=episode, start_date=date(2025, 2, 17), by=worker)
    with pytest.raises(ValidationError) as error:
        outcome_add(
            plan=plan,
            what_must_change="Attends school",
            action="Walks",
            owner=" ",
            due_date=None,
            measure="",
            by=worker,
            on=date(2025, 2, 17),
        )
    assert set(error.value.message_dict) == {"owner", "due_date", "measure"}
    assert not PlanOutcome.objects.exists()
    school = outcome_add(plan=plan, due_date=date(2025, 7, 18), by=worker, on=date(2025, 2, 17), **OUTCOME)
    home = outcome_add(
        plan=plan,
        what_must_change="The home is clean and safe",
        action="Deep clean with family support",
        owner="Family support worker",
        due_date=date(2025, 4, 30),
        measure="Home conditions checklist passed at two visits in a row",
        by=worker,
        on=date(2025, 2, 17),
    )
    with pytest.raises(ValidationError) as error:
        review_record(
            plan=plan,
            review_date=date(2025, 5, 12),
            summary="Good",
            attendees="",
            progress={school.pk: ("some", "")},
            by=worker,
        )
    assert list(error.value.message_dict) == [f"progress_{home.pk}"]
    review_record(
        plan=plan,
        review_date=date(2025, 5, 12),
        summary="Attendance improving; home achieved",
        attendees="Mother, school, SW",
        progress={school.pk: ("some", "89% this half term"), home.pk: ("achieved", "Checklist passed twice")},
        by=worker,
    )
    home.refresh_from_db()
    assert home.achieved_on == date(2025, 5, 12)
    met = Obligation.objects.get(child=council.child, rule_id="cin_plan.review", status=ObligationStatus.MET)
    assert met.met_in_time and _open(council.child, "cin_plan.review").due_date == date(2025, 8, 12)
    # The next review needs progress only on what is still to achieve.
    review_record(
        plan=plan,
        review_date=date(2025, 8, 1),
        summary="Steady",
        attendees="",
        progress={school.pk: ("good", "")},
        by=worker,
    )
    assert PlanReview.objects.filter(cin_plan=plan).count() == 2
    assert Event.objects.filter(child=council.child, type="cin_plan.reviewed").count() == 2


def test_visits_record_seen_alone_and_bedroom_and_refuse_contradictions(council: Any) -> None:
    worker = council.worker
    episode = _assessed(council, date(2025, 2, 3))
    plan = cin_plan_start(episode=episode, start_date=date(2025, 2, 17), by=worker)
    common = {"kind": "cin", "plan": plan, "note": "", "by": worker}
    with pytest.raises(ValidationError) as error:
        visit_record(
            visit_date=clock.today() + timedelta(days=1),
            seen=False,
            seen_alone=True,
            bedroom_seen=False,
            not_seen_reason="",
            **common,
        )
    assert set(error.value.message_dict) == {"visit_date", "seen_alone", "not_seen_reason"}
    assert not Visit.objects.exists()
    visit_record(
        visit_date=date(2025, 3, 3),
        seen=False,
        seen_alone=False,
        bedroom_seen=False,
        not_seen_reason="No one home",
        **common,
    )
    assert _open(council.child, "cin.visit").due_date == date(2025, 3, 17)  # a visit without seeing the child
    visit_record(
        visit_date=date(2025, 3, 10),
        seen=True,
        seen_alone=True,
        bedroom_seen=True,
        not_seen_reason="",
        **common,
    )
    assert _open(council.child, "cin.visit").due_date == date(2025, 4, 7)
    summaries = list(
        Event.objects.filter(child=council.child, type__startswith="cin_visit.")
        .order_by("occurred_on")
        .values_list("summary", flat=True)
    )
    assert summaries == ["Visit failed: No one home", "Visited; child seen: yes, seen alone"]


def test_a_failed_child_in_need_visit_alerts_the_manager_the_day_it_is_recorded_and_needs_a_follow_up(
    council: Any,
) -> None:
    """Issue 14 item 7: no kind of visit fails silently (inspection report 2012 paragraph 19)."""
    from hearth.visits.services import failed_visit_seen

    worker, manager = council.worker, council.manager
    episode = _assessed(council, date(2025, 2, 3))
    plan = cin_plan_start(episode=episode, start_date=date(2025, 2, 17), by=worker)
    failed = visit_record(
        kind="cin",
        plan=plan,
        visit_date=date(2025, 3, 14),  # a Friday, recorded long after
        seen=False,
        seen_alone=False,
        bedroom_seen=False,
        not_seen_reason="No one home",
        note="",
        by=worker,
    )
    alert = _open(council.child, "cin.failed_visit_seen_by_manager")
    assert (alert.due_date, alert.owner_id, alert.team_id) == (clock.today(), None, council.team.pk)
    assert _open(council.child, "cin.visit_follow_up").due_date == date(2025, 3, 17)  # the next working day
    with pytest.raises(ValidationError, match="Only a manager"):
        failed_visit_seen(visit=failed, note="Visit again", by=worker)
    failed_visit_seen(visit=failed, note="Visit again with the school nurse", by=manager, on=clock.today())
    alert.refresh_from_db()
    assert alert.status == ObligationStatus.MET
    visit_record(
        kind="cin",
        plan=plan,
        visit_date=date(2025, 3, 17),
        seen=True,
        seen_alone=False,
        bedroom_seen=False,
        not_seen_reason="",
        note="",
        by=worker,
    )
    assert not Obligation.objects.filter(
        child=council.child, rule_id="cin.visit_follow_up", status=ObligationStatus.OPEN
    ).exists()


def test_closure_needs_a_reason_and_the_managers_sign_off_and_never_rc9(council: Any) -> None:
    worker, manager = council.worker, council.manager
    episode = _assessed(council, date(2025, 2, 3))
    plan = cin_plan_start(episode=episode, start_date=date(2025, 2, 17), by=worker)
    with pytest.raises(ValidationError) as error:
        closure_propose(episode=episode, reason="", closed_on=date(2025, 9, 1), summary="", by=worker)
    assert set(error.value.message_dict) == {"reason", "summary"}
    with pytest.raises(ValidationError, match="RC8 is for a case closed after an assessment alone"):
        closure_propose(episode=episode, reason="RC8", closed_on=date(2025, 9, 1), summary="NFA", by=worker)
    with pytest.raises(ValidationError, match="only through the step-down protocol"):
        closure_propose(episode=episode, reason="RC9", closed_on=date(2025, 9, 1), summary="EH", by=worker)
    closure_propose(
        episode=episode, reason="RC7", closed_on=date(2025, 9, 1), summary="Outcomes met", by=worker
    )
    episode.refresh_from_db()
    assert episode.is_open
    with pytest.raises(ValidationError, match="Only a manager"):
        closure_sign_off(episode=episode, by=worker, rationale="Outcomes met; the family agree")
    closure_sign_off(episode=episode, by=manager, rationale="Outcomes met; the family agree")
    episode.refresh_from_db()
    plan = CinPlan.objects.get(pk=plan.pk)
    assert (episode.closure_date, episode.reason_for_closure, episode.closure_signed_off_by) == (
        date(2025, 9, 1),
        "RC7",
        manager,
    )
    assert plan.end_date == date(2025, 9, 1)
    assert not Allocation.objects.filter(child=council.child, end_date=None).exists()  # off the caseload
    assert not Obligation.objects.filter(
        child=council.child, status=ObligationStatus.OPEN, rule_id__in=["cin.visit", "cin_plan.review"]
    ).exists()
    assert Event.objects.filter(child=council.child, type="cin_episode.closed").get().summary == (
        "Child in need episode closed (Services ceased for any other reason, including child no longer in need), "
        "signed off by Team manager Person: Outcomes met; the family agree"
    )


def test_the_census_items_are_all_on_the_records_after_the_work_is_done(council: Any) -> None:
    """The CIN census is a read of the records (docs/cin-census-capture.md): each item is there, typed once."""
    worker, manager = council.worker, council.manager
    episode = _assessed(council, date(2025, 2, 3))
    plan = cin_plan_start(episode=episode, start_date=date(2025, 2, 17), by=worker)
    closure_propose(
        episode=episode, reason="RC7", closed_on=date(2025, 9, 1), summary="Outcomes met", by=worker
    )
    closure_sign_off(episode=episode, by=manager, rationale="Outcomes met; the family agree")
    episode.refresh_from_db()
    assessment = episode.assessments.get()
    plan.refresh_from_db()
    census = {
        "CINreferralDate": episode.referral_date,
        "ReferralSource": episode.referral_source,
        "PrimaryNeedCode": episode.primary_need,
        "CINclosureDate": episode.closure_date,
        "ReasonForClosure": episode.reason_for_closure,
        "ReferralNFA": episode.referral_nfa,
        "AssessmentActualStartDate": assessment.start_date,
        "AssessmentAuthorisationDate": assessment.authorisation_date,
        "AssessmentFactors": assessment.factors,
        "CINPlanStartDate": plan.start_date,
        "CINPlanEndDate": plan.end_date,
    }
    assert census == {
        "CINreferralDate": date(2025, 2, 3),
        "ReferralSource": "2A",
        "PrimaryNeedCode": "N3",
        "CINclosureDate": date(2025, 9, 1),
        "ReasonForClosure": "RC7",
        "ReferralNFA": False,
        "AssessmentActualStartDate": date(2025, 2, 3),
        "AssessmentAuthorisationDate": date(2025, 2, 11),
        "AssessmentFactors": ["16A"],
        "CINPlanStartDate": date(2025, 2, 17),
        "CINPlanEndDate": date(2025, 9, 1),
    }
