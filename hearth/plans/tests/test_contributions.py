"""A professional in the child's network contributes to the plan's next core group or review: the worker sees it on
their list and on the form that records the meeting, and the meeting's record keeps it; a partner outside the
network, an ended plan and bad input are refused with nothing saved (issue 17 item 4)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.core.models import Event, Refusal
from hearth.notifications.models import Notification
from hearth.organisation.roles import Role
from hearth.people.models import PartnerContribution, ProfessionalInvolvement
from hearth.plans.models import PlanContribution, ReviewKind
from hearth.plans.services import contribution_record
from hearth.protection.conferences import AttendanceRow
from hearth.protection.core_groups import core_group_record
from hearth.protection.models import Agency
from hearth.protection.tests.plan_fixtures import add_outcome, start_plan

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)
SAID = {
    "meeting": ReviewKind.CORE_GROUP,
    "meeting_on": date(2026, 12, 10),
    "progress": "Jayden has been in school every day this half term and is eating breakfast club.",
    "worries": "He arrived without a coat twice in November.",
}


@pytest.fixture(autouse=True)
def today(settings: Any) -> None:
    settings.HEARTH_TODAY = TODAY


def _core_group(council: Any, plan: Any, outcome: Any) -> Any:
    return core_group_record(
        plan=plan,
        held_on=date(2026, 12, 4),
        attendance=[AttendanceRow(Agency.SOCIAL_CARE, attended=True, name="Sam Worker")],
        summary="Good progress at school.",
        minutes="",
        minutes_recorded_on=None,
        progress={outcome.pk: ("some", "")},
        by=council.worker,
    )


def _nurse(council: Any) -> Any:
    user = council.users[Role.PARTNER_HEALTH]
    user.partner_organisation = "Northmoor Health Visiting"
    user.save(update_fields=["partner_organisation"])
    ProfessionalInvolvement.objects.create(
        child=council.child,
        role="HEALTH_VISITOR",
        name="Ms Reid",
        staff_user=user,
        start_date=date(2025, 9, 1),
    )
    return user


def test_a_partner_contributes_and_the_core_group_keeps_it(council: Any) -> None:
    nurse = _nurse(council)
    plan = start_plan(council, date(2026, 10, 1))
    outcome = add_outcome(council, plan, date(2027, 1, 31))
    said = contribution_record(plan=plan, values=SAID, by=nurse)
    assert (said.agency, said.recorded_by_id, said.review_id) == ("Northmoor Health Visiting", nurse.pk, None)
    assert said.sharing_basis.startswith("UK GDPR Article 6(1)(e)")
    event = Event.objects.get(type="plan.contribution")
    assert (
        event.summary
        == "Northmoor Health Visiting: contribution to the core group meeting (Child protection plan)"
    )
    assert PartnerContribution.objects.get().what == "A contribution to the core group meeting"
    told = Notification.objects.get(recipient=council.worker, kind="partner_entry")  # the worker hears of it
    assert (told.kind, told.text) == (
        "partner_entry",
        "Northmoor Health Visiting: A contribution to the core group meeting",
    )

    worker = Client()
    worker.force_login(council.worker)
    assert (
        "A contribution to the core group meeting"
        in worker.get(reverse("worklists:my_work")).content.decode()
    )
    form = worker.get(reverse("protection:core_group_add", args=[council.child.pk, plan.pk])).content.decode()
    assert "Contributions from the professionals for this meeting" in form
    assert "eating breakfast club" in form and "without a coat" in form

    core_group = _core_group(council, plan, outcome)
    said.refresh_from_db()
    assert said.review_id == core_group.review_id  # read at this meeting, kept with its record
    plan_page = worker.get(reverse("protection:plan", kwargs={"pk": council.child.pk, "plan_pk": plan.pk}))
    assert "What the professionals sent" in plan_page.content.decode()
    again = worker.get(
        reverse("protection:core_group_add", args=[council.child.pk, plan.pk])
    ).content.decode()
    assert "eating breakfast club" not in again  # the next meeting's form starts empty


def test_a_partner_outside_the_network_or_an_ended_plan_is_refused(council: Any) -> None:
    nurse = _nurse(council)
    plan = start_plan(council, date(2026, 10, 1))
    police = council.users[Role.PARTNER_POLICE]  # not in the child's network
    from django.http import Http404

    with pytest.raises(Http404):
        contribution_record(plan=plan, values=SAID, by=police)
    assert Refusal.objects.filter(user=police, action="plan.contribute").exists()
    ProfessionalInvolvement.objects.filter(staff_user=nurse).update(end_date=date(2026, 11, 1))
    with pytest.raises(Http404):
        contribution_record(plan=plan, values=SAID, by=nurse)
    plan.end_date = date(2026, 12, 1)
    plan.save(update_fields=["end_date"])
    with pytest.raises(ValidationError) as refused:
        contribution_record(plan=plan, values=SAID, by=council.worker)
    assert "it can no longer be changed" in refused.value.message_dict["plan"][0]
    assert not PlanContribution.objects.exists() and not PartnerContribution.objects.exists()


def test_bad_input_is_refused_naming_the_field(council: Any) -> None:
    nurse = _nurse(council)
    plan = start_plan(council, date(2026, 10, 1))
    for values, field, message in (
        (SAID | {"meeting": "lunch"}, "meeting", "Choose the meeting"),
        (SAID | {"meeting_on": date(2026, 9, 30)}, "meeting_on", "before the plan started"),
        (SAID | {"meeting_on": date(2028, 1, 5)}, "meeting_on", "more than a year ahead"),
        (SAID | {"progress": "  "}, "progress", "Say what your agency has done"),
    ):
        with pytest.raises(ValidationError) as refused:
            contribution_record(plan=plan, values=values, by=nurse)
        assert message in refused.value.message_dict[field][0]
    assert not PlanContribution.objects.exists()


def test_the_partner_contributes_from_their_home_page(council: Any) -> None:
    nurse = _nurse(council)
    plan = start_plan(council, date(2026, 10, 1))
    client = Client()
    client.force_login(nurse)
    home = client.get(reverse("worklists:partner_home")).content.decode()
    url = reverse("plans:contribute", args=[council.child.pk])
    assert url in home
    page = client.get(url).content.decode()
    assert "Child protection plan, since 1 Oct 2026" in page and "You are recording for" in page
    choice = f"cp_plan:{plan.pk}"
    bad = client.post(url, {"plan": choice, "meeting": "core_group", "progress": ""}).content.decode()
    assert "Say what your agency has done" in bad
    assert not PlanContribution.objects.exists()
    done = client.post(
        url,
        {
            "plan": choice,
            "meeting": "core_group",
            "meeting_on": "10/12/2026",
            "progress": "Weighed: on track.",
        },
    )
    assert done.status_code == 302
    assert PlanContribution.objects.get().progress == "Weighed: on track."
    worse = client.post(url, {"plan": "cp_plan:999999", "meeting": "core_group", "progress": "x"})
    assert "Choose the plan" in worse.content.decode() or "Select a valid choice" in worse.content.decode()
    assert PlanContribution.objects.count() == 1


def test_staff_type_in_what_an_agency_sent_and_each_meeting_reads_only_its_own(council: Any) -> None:
    plan = start_plan(council, date(2026, 10, 1))
    outcome = add_outcome(council, plan, date(2027, 1, 31))
    with pytest.raises(ValidationError) as refused:
        contribution_record(plan=plan, values=SAID, by=council.worker)
    assert "Enter the agency that sent" in refused.value.message_dict["agency"][0]
    for_conference = contribution_record(
        plan=plan,
        values=SAID | {"meeting": ReviewKind.REVIEW_CONFERENCE, "agency": "Northmoor Police"},
        by=council.worker,
    )
    assert for_conference.agency == "Northmoor Police (entered by children's social care)"
    assert not PartnerContribution.objects.exists()  # staff's own entry is not "new from partners"
    with pytest.raises(ValidationError) as wrong:
        contribution_record(
            plan=plan, values=SAID | {"meeting": "tac", "agency": "School"}, by=council.worker
        )
    assert (
        "core group meeting or review child protection conference" in wrong.value.message_dict["meeting"][0]
    )
    core_group = _core_group(council, plan, outcome)
    for_conference.refresh_from_db()
    assert core_group.review_id is not None and for_conference.review_id is None  # waits for the conference


def test_a_looked_after_childs_review_reads_what_the_professionals_sent(council: Any) -> None:
    from hearth.care.models import LacReview
    from hearth.care.reviews import review_record as lac_review_record
    from hearth.care.tests.helpers import start_care

    nurse = _nurse(council)
    period = start_care(council, date(2026, 9, 1))
    period.iro = council.users[Role.INDEPENDENT_REVIEWING_OFFICER]
    period.save(update_fields=["iro"])
    said = contribution_record(
        plan=period, values=SAID | {"meeting": ReviewKind.REVIEW, "meeting_on": None}, by=nurse
    )
    worker = Client()
    worker.force_login(council.worker)
    form = worker.get(reverse("care:review_new", args=[council.child.pk, period.pk])).content.decode()
    assert "Contributions from the professionals for this review" in form and "eating breakfast club" in form
    period.refresh_from_db()
    review = lac_review_record(
        period=period,
        version=period.version,
        held_on=date(2026, 12, 4),
        participation="PN1",
        iro_met_child_on=None,
        child_views="",
        summary="Settled.",
        recommendations=[],
        progress=[],
        by=council.worker,
    )
    said.refresh_from_db()
    assert said.lac_review_id == review.pk and LacReview.objects.count() == 1
    page = worker.get(reverse("care:review", args=[council.child.pk, review.pk])).content.decode()
    assert "What the professionals sent" in page and "eating breakfast club" in page


def test_a_child_with_no_open_plan_says_there_is_no_meeting(council: Any) -> None:
    nurse = _nurse(council)
    client = Client()
    client.force_login(nurse)
    page = client.get(reverse("plans:contribute", args=[council.child.pk]))
    assert page.status_code == 200 and "there is no meeting to contribute to" in page.content.decode()
    assert (
        reverse("plans:contribute", args=[council.child.pk])
        not in client.get(reverse("worklists:partner_home")).content.decode()
    )
