"""Conferences: initial (after a section 47 enquiry, or pre-birth), transfer-in and review; the clocks they meet and
start, the decisions they act on, the flags (education absent, reports shared late, a discussion not led by a
manager), refusals with nothing saved, the pages and the chairs' workload."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.children_in_need.models import CinEpisode, CinPlan
from hearth.children_in_need.services import referral_receive
from hearth.core.models import Event, Obligation, ObligationStatus
from hearth.organisation.roles import Role
from hearth.people.tests.factories import make_child
from hearth.plans.models import OutcomeProgress, PlanReview, ReviewKind
from hearth.protection.chairs import chairs_workload
from hearth.protection.conferences import AttendanceRow, ReportRow, conference_flags, conference_record
from hearth.protection.enquiries import section_47_conclude, strategy_discussion_record
from hearth.protection.models import (
    Attendance,
    ChildProtectionPlan,
    Conference,
    ConferenceKind,
    ConferenceReport,
    Section47Enquiry,
    Section47Outcome,
)
from hearth.protection.tests.plan_fixtures import add_outcome

DISCUSSION = date(2025, 3, 3)
CONFERENCE = date(2025, 3, 19)  # a Wednesday: reports are due with the parents by Monday 17 March
EVERYONE = [
    AttendanceRow("police", "DC Jones"),
    AttendanceRow("health", "Health visitor", attended=True),
    AttendanceRow("education", "Head teacher", attended=True),
]


def enquiry_needing_conference(council: Any, led_by: Any = None, child: Any = None) -> Section47Enquiry:
    child = child or council.child
    referral_receive(
        child=child, referral_date=date(2025, 2, 28), source="3E", by=council.users[Role.FRONT_DOOR]
    )
    strategy_discussion_record(
        child=child,
        held_on=DISCUSSION,
        is_meeting=True,
        led_by=led_by or council.manager,
        agencies=["police", "health", "education"],
        information_shared="Bruising seen at school",
        section_47=True,
        decision_reason="Suspected physical abuse",
        by=council.worker,
    )
    enquiry = Section47Enquiry.objects.get(child=child)
    section_47_conclude(
        enquiry=enquiry, ended_on=date(2025, 3, 12), outcome=Section47Outcome.CONFERENCE, by=council.worker
    )
    return enquiry


def hold(council: Any, **changes: Any) -> Conference:
    values: dict[str, Any] = {
        "child": council.child,
        "kind": ConferenceKind.INITIAL,
        "held_on": CONFERENCE,
        "chair": council.users[Role.CHILD_PROTECTION_CHAIR],
        "parents_present": True,
        "child_participation": "views_conveyed",
        "child_views": "Jayden wants to stay at home with his mum.",
        "attendance": EVERYONE,
        "reports": [ReportRow("social_care", "Social worker", date(2025, 3, 14))],
        "decision": "plan",
        "category": "PHY",
        "risks": "Unexplained bruising\nMother's partner's violence",
        "outline_plan": "Partner to leave the home; weekly visits.",
        "by": council.worker,
    }
    return conference_record(**(values | changes))


def clock(child: Any, rule_id: str) -> Obligation:
    return Obligation.objects.filter(child=child, rule_id=rule_id).latest("start_date", "pk")


def test_an_initial_conference_meets_the_clock_and_starts_a_plan_with_the_chairs_risks(council: Any) -> None:
    enquiry = enquiry_needing_conference(council)
    assert clock(council.child, "cp.icpc").due_date == date(2025, 3, 24)
    conference = hold(council, core_group_interval_weeks=4)
    assert clock(council.child, "cp.icpc").status == ObligationStatus.MET
    plan = ChildProtectionPlan.objects.get(child=council.child)
    assert (conference.section_47, conference.plan, conference.pre_birth) == (enquiry, plan, False)
    assert (plan.start_date, plan.initial_category, plan.core_group_interval_weeks) == (CONFERENCE, "PHY", 4)
    assert plan.risks == "Unexplained bruising\nMother's partner's violence"
    assert plan.cin_episode == enquiry.cin_episode
    assert clock(council.child, "cp.first_review").due_date == date(2025, 6, 19)  # 3 months
    assert Attendance.objects.filter(conference=conference).count() == 3
    assert ConferenceReport.objects.filter(conference=conference).count() == 1
    event = Event.objects.get(child=council.child, type="icpc.held")
    assert event.payload["outcome"] == "Child protection plan"


def test_a_conference_before_its_strategy_discussion_is_refused(council: Any) -> None:
    enquiry_needing_conference(council)
    with pytest.raises(ValidationError) as refused:
        hold(council, held_on=date(2025, 2, 28))
    assert refused.value.message_dict["held_on"] == [
        "The conference cannot be before the strategy discussion that started the enquiry (3 Mar 2025)."
    ]
    assert not Conference.objects.exists() and not ChildProtectionPlan.objects.exists()


def test_an_initial_conference_needs_an_enquiry_that_concluded_one_was_needed(council: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        hold(council)
    assert "section 47 enquiry" in refused.value.message_dict["held_on"][0]
    assert not Conference.objects.exists()


@pytest.mark.parametrize("category", ["", "XYZ"])
def test_a_plan_without_a_category_is_refused(council: Any, category: str) -> None:
    enquiry_needing_conference(council)
    with pytest.raises(ValidationError) as refused:
        hold(council, category=category)
    assert refused.value.message_dict["category"] == [
        "Choose the category of abuse: a plan cannot be made without a category."
    ]
    assert not Conference.objects.exists() and not ChildProtectionPlan.objects.exists()
    assert not Event.objects.filter(type__in=["icpc.held", "cp_plan.started"]).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"risks": " "}, "risks"),
        ({"chair": None}, "chair"),
        ({"parents_present": None}, "parents_present"),
        ({"child_participation": ""}, "child_participation"),
        ({"child_views": ""}, "child_views"),
        ({"attendance": []}, "attendance"),
        ({"reports": [ReportRow("police", "")]}, "report_0_author"),
        ({"decision": "continue"}, "decision"),
    ],
)
def test_an_initial_conference_is_refused_with_the_field_named(
    council: Any, changes: dict[str, Any], field: str
) -> None:
    enquiry_needing_conference(council)
    with pytest.raises(ValidationError) as refused:
        hold(council, **changes)
    assert field in refused.value.message_dict
    assert not Conference.objects.exists()


def test_a_conference_must_be_chaired_by_a_chair(council: Any) -> None:
    enquiry_needing_conference(council)
    with pytest.raises(ValidationError) as refused:
        hold(council, chair=council.manager)
    assert "independent child protection chair" in refused.value.message_dict["chair"][0]


def test_flags_education_absent_reports_late_or_unshared_and_a_discussion_not_led_by_a_manager(
    council: Any,
) -> None:
    enquiry_needing_conference(council, led_by=council.worker)
    conference = hold(
        council,
        attendance=[AttendanceRow("police", "DC Jones", attended=True), AttendanceRow("education", "School")],
        reports=[
            ReportRow("social_care", "Social worker", date(2025, 3, 17)),  # 2 working days before: in time
            ReportRow("health", "Health visitor", date(2025, 3, 18)),  # 1 working day before: late
            ReportRow("police", "DC Jones", None),
        ],
    )
    assert conference_flags(conference) == [
        "Education was invited but did not attend",
        "Health report (Health visitor): Shared late: due by 17 Mar 2025",
        "Police report (DC Jones): Not shared with the parents",
        "Not led by a manager: led by Social worker Person (Social worker)",
    ]


def test_no_flags_when_education_attends_reports_are_shared_in_time_and_a_manager_led(council: Any) -> None:
    enquiry_needing_conference(council)
    assert conference_flags(hold(council)) == []


def test_the_report_deadline_counts_working_days_over_a_bank_holiday(council: Any) -> None:
    # Conference on Tuesday 22 April 2025: Good Friday and Easter Monday are not working days: due Wednesday 16th.
    enquiry_needing_conference(council)
    conference = hold(
        council,
        held_on=date(2025, 4, 22),
        reports=[ReportRow("health", "Health visitor", date(2025, 4, 17))],
    )
    assert conference_flags(conference) == ["Health report (Health visitor): Shared late: due by 16 Apr 2025"]


def review(council: Any, held_on: date, decision: str, **changes: Any) -> Conference:
    values: dict[str, Any] = {
        "kind": ConferenceKind.REVIEW,
        "held_on": held_on,
        "decision": decision,
        "category": "",
        "risks": "",
        "outline_plan": "Plan continues; partner has left.",
    }
    return hold(council, **(values | changes))


def plan_with_outcome(council: Any) -> tuple[ChildProtectionPlan, Any]:
    enquiry_needing_conference(council)
    hold(council)
    plan = ChildProtectionPlan.objects.get(child=council.child)
    return plan, add_outcome(council, plan, date(2025, 9, 1))


def test_a_review_records_progress_per_outcome_and_continues_the_plan(council: Any) -> None:
    plan, outcome = plan_with_outcome(council)
    conference = review(
        council, date(2025, 6, 12), "continue", progress={outcome.pk: ("some", "Partner has moved out")}
    )
    assert conference.plan == plan
    first = Obligation.objects.get(child=council.child, rule_id="cp.first_review")
    assert (first.status, first.met_in_time) == (ObligationStatus.MET, True)
    assert clock(council.child, "cp.review").due_date == date(2025, 12, 12)  # then every 6 months
    progress = OutcomeProgress.objects.get(outcome=outcome)
    assert (progress.progress, progress.note, progress.review.kind) == (
        "some",
        "Partner has moved out",
        ReviewKind.REVIEW_CONFERENCE,
    )
    assert not Event.objects.filter(type="cin_plan.reviewed").exists()
    assert Event.objects.filter(child=council.child, type="rcpc.held").count() == 1
    later = review(council, date(2025, 12, 1), "continue", progress={outcome.pk: ("good", "")})
    assert later.plan == plan
    assert clock(council.child, "cp.review").due_date == date(2026, 6, 1)


def test_a_review_without_progress_on_each_outcome_is_refused(council: Any) -> None:
    _, outcome = plan_with_outcome(council)
    with pytest.raises(ValidationError) as refused:
        review(council, date(2025, 6, 12), "continue", progress={})
    assert f"progress_{outcome.pk}" in refused.value.message_dict
    assert not Conference.objects.filter(kind=ConferenceKind.REVIEW).exists()
    assert not PlanReview.objects.exists()


def test_a_review_with_no_date_is_refused(council: Any) -> None:
    _, outcome = plan_with_outcome(council)
    with pytest.raises(ValidationError) as refused:
        review(council, None, "continue", progress={outcome.pk: ("some", "")})  # type: ignore[arg-type]
    assert refused.value.message_dict["held_on"] == ["Enter the date of the conference."]
    assert not Conference.objects.filter(kind=ConferenceKind.REVIEW).exists()
    assert not PlanReview.objects.exists()


def test_a_review_needs_an_open_plan(council: Any) -> None:
    enquiry_needing_conference(council)
    with pytest.raises(ValidationError) as refused:
        review(council, date(2025, 6, 12), "continue")
    assert "not on a child protection plan" in refused.value.message_dict["held_on"][0]


def test_a_review_changes_the_category(council: Any) -> None:
    plan, outcome = plan_with_outcome(council)
    with pytest.raises(ValidationError) as refused:
        review(council, date(2025, 6, 12), "change_category", progress={outcome.pk: ("some", "")})
    assert "category" in refused.value.message_dict
    review(council, date(2025, 6, 12), "change_category", category="EMO", progress={outcome.pk: ("some", "")})
    plan.refresh_from_db()
    assert (plan.initial_category, plan.latest_category) == ("PHY", "EMO")
    assert Event.objects.filter(child=council.child, type="cp_plan.category_changed").exists()


def test_a_review_ends_the_plan_and_the_child_steps_down_to_a_child_in_need_plan(council: Any) -> None:
    plan, outcome = plan_with_outcome(council)
    review(council, date(2025, 6, 12), "end_plan", progress={outcome.pk: ("achieved", "")})
    plan.refresh_from_db()
    assert plan.end_date == date(2025, 6, 12)
    episode = CinEpisode.objects.get(child=council.child)
    assert CinPlan.objects.get(episode=episode, end_date=None).start_date == date(2025, 6, 12)
    assert not Obligation.objects.filter(
        child=council.child, rule_id__startswith="cp.", status=ObligationStatus.OPEN
    ).exists()


def test_a_transfer_in_conference_opens_a_plan_without_an_enquiry(council: Any) -> None:
    referral_receive(
        child=council.child, referral_date=date(2025, 3, 3), source="9", by=council.users[Role.FRONT_DOOR]
    )
    with pytest.raises(ValidationError) as refused:
        hold(council, kind=ConferenceKind.TRANSFER_IN, from_authority=" ")
    assert "from_authority" in refused.value.message_dict
    conference = hold(council, kind=ConferenceKind.TRANSFER_IN, from_authority="Northshire County Council")
    plan = ChildProtectionPlan.objects.get(child=council.child)
    assert (conference.section_47, conference.plan, conference.from_authority) == (
        None,
        plan,
        "Northshire County Council",
    )
    assert plan.cin_episode == CinEpisode.objects.get(child=council.child)
    assert clock(council.child, "cp.first_review").due_date == date(2025, 6, 19)


def test_a_pre_birth_conference_for_an_unborn_child(council: Any) -> None:
    unborn = make_child(
        by=council.worker,
        forename="Baby",
        surname="Smith",
        date_of_birth=None,
        expected_date_of_birth=date(2025, 5, 1),
    )
    conference = hold(
        council, child=unborn, child_participation="too_young", child_views="", attendance=EVERYONE[:2]
    )
    assert conference.pre_birth
    assert ChildProtectionPlan.objects.get(child=unborn).initial_category == "PHY"
    # Education is not expected at a pre-birth conference.
    assert conference_flags(conference) == []
    # Born on Friday 2 May 2025 (Monday 5 May is a bank holiday): the review conference and the core group are due
    # 10 working days after the birth (a local setting).
    _born(council, unborn, date(2025, 5, 2))
    assert clock(unborn, "cp.pre_birth_review").due_date == date(2025, 5, 19)
    assert clock(unborn, "cp.pre_birth_core_group").due_date == date(2025, 5, 19)
    assert Event.objects.filter(child=unborn, type="person.born", occurred_on=date(2025, 5, 2)).exists()


def _born(council: Any, unborn: Any, on: date) -> None:
    """The worker records the birth of an unborn child they hold."""
    from hearth.organisation.services import allocation_change
    from hearth.people.services.person import person_update

    allocation_change(
        child_id=unborn.pk,
        worker=council.worker,
        team=council.team,
        start_date=date(2025, 4, 1),
        reason="Pre-birth",
        by=council.users[Role.FRONT_DOOR],
    )
    unborn.refresh_from_db()
    values = {"date_of_birth": on, "expected_date_of_birth": None}
    person_update(person=unborn, values=values, version=unborn.version, by=council.worker)


def test_a_child_born_without_a_protection_plan_has_no_pre_birth_clock(council: Any) -> None:
    unborn = make_child(
        by=council.worker,
        forename="Baby",
        surname="Jones",
        date_of_birth=None,
        expected_date_of_birth=date(2025, 5, 1),
    )
    _born(council, unborn, date(2025, 5, 2))
    assert not Obligation.objects.filter(child=unborn, rule_id__startswith="cp.pre_birth").exists()


def test_the_pages_record_a_conference_and_show_it(council: Any) -> None:
    enquiry_needing_conference(council, led_by=council.worker)
    client = Client()
    client.force_login(council.worker)
    add = reverse("protection:conference_add", kwargs={"pk": council.child.pk}) + "?kind=initial"
    page = client.get(add).content.decode()
    assert "Record initial child protection conference" in page and "Report 4" in page
    refused = client.post(add, {"held_on": "19/3/2025", "decision": "plan"})
    assert refused.status_code == 200
    assert "a plan cannot be made without a category" in refused.content.decode()
    assert not Conference.objects.exists()
    chair = council.users[Role.CHILD_PROTECTION_CHAIR]
    response = client.post(
        add,
        {
            "held_on": "19/3/2025",
            "chair": chair.pk,
            "parents_present": "yes",
            "child_participation": "advocate",
            "child_views": "Jayden wants his mum's partner to leave.",
            "invited_police": "on",
            "attended_police": "on",
            "invited_education": "on",
            "name_education": "Head teacher",
            "report_0_agency": "health",
            "report_0_author": "Health visitor",
            "report_0_shared": "18/3/2025",
            "decision": "plan",
            "category": "PHY",
            "risks": "Unexplained bruising",
            "outline_plan": "Weekly visits",
        },
    )
    conference = Conference.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "protection:conference", kwargs={"pk": council.child.pk, "conference_pk": conference.pk}
    )
    page = client.get(response["Location"]).content.decode()
    assert "Education was invited but did not attend" in page
    assert "Health report (Health visitor): Shared late: due by 17 Mar 2025" in page
    assert "Not led by a manager" in page
    assert "Unexplained bruising" in page and "Physical abuse" in page
    overview = client.get(reverse("protection:conferences", kwargs={"pk": council.child.pk})).content.decode()
    assert "Record a review conference" in overview and "Initial child protection conference" in overview
    child_page = client.get(
        reverse("childrecord:child_page", kwargs={"pk": council.child.pk})
    ).content.decode()
    assert reverse("protection:conferences", kwargs={"pk": council.child.pk}) in child_page


def test_the_conference_page_reads_in_a_fixed_number_of_queries(council: Any) -> None:
    enquiry_needing_conference(council)
    many = hold(council, reports=[ReportRow("health", f"Author {n}", date(2025, 3, 14)) for n in range(4)])
    unborn = make_child(
        by=council.worker,
        forename="Baby",
        surname="Jones",
        date_of_birth=None,
        expected_date_of_birth=date(2025, 5, 1),
    )
    few = hold(council, child=unborn, reports=[], attendance=EVERYONE[:1])
    client = Client()
    client.force_login(council.users[Role.CHILD_PROTECTION_CHAIR])
    counts = []
    for item in (many, few):
        url = reverse("protection:conference", kwargs={"pk": item.child_id, "conference_pk": item.pk})
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1] <= 30, counts


def test_the_review_page_asks_for_and_shows_progress_on_each_outcome(council: Any) -> None:
    plan, outcome = plan_with_outcome(council)
    client = Client()
    client.force_login(council.worker)
    add = reverse("protection:conference_add", kwargs={"pk": council.child.pk}) + "?kind=review"
    page = client.get(add).content.decode()
    assert "Progress on each outcome since the last conference" in page and outcome.what_must_change in page
    review(council, date(2025, 6, 12), "continue", progress={outcome.pk: ("good", "Partner has left")})
    conference = Conference.objects.get(kind=ConferenceKind.REVIEW)
    url = reverse("protection:conference", kwargs={"pk": council.child.pk, "conference_pk": conference.pk})
    page = client.get(url).content.decode()
    assert "Good progress: Partner has left" in page and "Continue the plan" in page


def test_partners_cannot_record_a_conference(council: Any) -> None:
    enquiry_needing_conference(council)
    client = Client()
    client.force_login(council.users[Role.PARTNER_HEALTH])
    add = reverse("protection:conference_add", kwargs={"pk": council.child.pk})
    assert client.post(add, {"held_on": "19/3/2025"}).status_code in (403, 404)
    assert not Conference.objects.exists()


def test_the_chairs_workload_counts_conferences_per_month_and_late_reports(council: Any) -> None:
    enquiry_needing_conference(council)
    hold(
        council,
        reports=[ReportRow("health", "HV", date(2025, 3, 18)), ReportRow("police", "DC", date(2025, 3, 10))],
    )
    chair = council.users[Role.CHILD_PROTECTION_CHAIR]
    workload = chairs_workload(date(2025, 11, 20))
    assert workload.months[0] == date(2024, 12, 1) and workload.months[-1] == date(2025, 11, 1)
    row = next(row for row in workload.rows if row.chair_id == chair.pk)
    assert row.per_month[3] == 1 and row.total == 1  # March 2025
    assert (row.reports, row.reports_late) == (2, 1)
    client = Client()
    client.force_login(chair)
    page = client.get(reverse("protection:chairs"))
    assert page.status_code == 200 and "Child protection chair Person" in page.content.decode()
    assert 'aria-current="page"' in page.content.decode()  # the menu links the workload for chairs
    for role, status in [(Role.PERFORMANCE, 200), (Role.TEAM_MANAGER, 200), (Role.SOCIAL_WORKER, 403)]:
        client.force_login(council.users[role])
        assert client.get(reverse("protection:chairs")).status_code == status, role
