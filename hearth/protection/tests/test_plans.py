"""Child protection plans: finalised only with the chair's risks and every outcome measurable (what the parents and
each professional will do, who, by when, how we will know); flags for a second plan, a plan within two years of
the last, and a plan approaching two years; the plan page, the child's page link and the family's PDF."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from hearth.core import clock
from hearth.core.models import Event
from hearth.organisation.roles import Role
from hearth.plans.models import PlanOutcome
from hearth.protection.plans import cp_plan_end, cp_plan_finalise, plan_flags
from hearth.protection.tests.plan_fixtures import OUTCOME, RISKS, add_outcome, start_plan

START = date(2025, 3, 3)


@pytest.mark.parametrize(
    ("lacking", "message"),
    [
        ({"parents_will_do": ""}, "what the parents will do"),
        ({"professionals_will_do": ""}, "what each professional will do"),
        ({"owner": ""}, "who will do this"),
        ({"measure": ""}, "how we will know"),
        ({"due_date": date(2025, 1, 1)}, "date by when cannot be before the plan started"),
    ],
)
def test_finalising_is_refused_while_an_outcome_is_not_measurable(
    council: Any, lacking: dict[str, Any], message: str
) -> None:
    plan = start_plan(council, START)
    outcome = add_outcome(council, plan, date(2025, 6, 30))
    PlanOutcome.objects.filter(pk=outcome.pk).update(**lacking)  # as an outcome carried from an older plan
    with pytest.raises(ValidationError) as error:
        cp_plan_finalise(plan=plan, finalised_on=date(2025, 3, 10), by=council.manager, rationale="Agreed")
    assert set(error.value.message_dict) == {f"outcome_{outcome.pk}"}
    assert message in error.value.message_dict[f"outcome_{outcome.pk}"][0].lower()
    plan.refresh_from_db()
    assert plan.finalised_on is None
    assert not Event.objects.filter(type="cp_plan.finalised").exists()


def test_finalising_needs_the_risks_and_outcomes_and_is_allowed_when_complete(council: Any) -> None:
    bare = start_plan(council, START, risks="")
    with pytest.raises(ValidationError) as error:
        cp_plan_finalise(plan=bare, finalised_on=date(2025, 3, 10), by=council.manager, rationale="Agreed")
    assert set(error.value.message_dict) == {"risks", "outcomes"}
    cp_plan_end(plan=bare, ended_on=START, by=council.worker)
    plan = start_plan(council, START)
    add_outcome(council, plan, date(2025, 6, 30))
    cp_plan_finalise(plan=plan, finalised_on=date(2025, 3, 10), by=council.manager, rationale="Agreed")
    plan.refresh_from_db()
    assert plan.finalised_on == date(2025, 3, 10)
    assert Event.objects.get(type="cp_plan.finalised").record_id == plan.pk


def test_outcomes_on_a_protection_plan_need_what_the_parents_and_professionals_will_do(council: Any) -> None:
    plan = start_plan(council, START)
    with pytest.raises(ValidationError) as error:
        add_outcome(council, plan, date(2025, 6, 30), parents_will_do=" ", professionals_will_do="")
    assert set(error.value.message_dict) == {"parents_will_do", "professionals_will_do"}
    assert not PlanOutcome.objects.exists()


def test_flags_a_second_plan_one_within_two_years_and_one_approaching_two_years(council: Any) -> None:
    today = clock.today()
    first = start_plan(council, date(2019, 1, 7))
    cp_plan_end(plan=first, ended_on=date(2020, 1, 6), by=council.worker)
    second = start_plan(council, date(2023, 5, 1))
    flags = plan_flags(second, today)
    assert (flags.previous_plans, flags.previous_within_two_years) == (1, 0)
    assert flags.labels[0] == "Second or subsequent plan (1 before)"
    cp_plan_end(plan=second, ended_on=today - timedelta(days=100), by=council.worker)
    third = start_plan(council, today - timedelta(days=30))
    flags = plan_flags(third, today)
    assert (flags.previous_plans, flags.previous_within_two_years, flags.approaching_two_years) == (
        2,
        1,
        False,
    )
    assert "A previous plan ended within the last two years" in flags.labels
    # 21 calendar months on (the local setting), the plan is approaching two years; the day before, not yet.
    from hearth.core.calendar import add_calendar_months

    turning = add_calendar_months(third.start_date, 21)
    assert not plan_flags(third, turning - timedelta(days=1)).approaching_two_years
    assert plan_flags(third, turning).approaching_two_years
    assert "Plan approaching two years" in plan_flags(third, turning).labels


def test_the_plan_page_shows_risks_flags_outcomes_and_refuses_finalising_an_incomplete_plan(
    council: Any, django_assert_max_num_queries: Any
) -> None:
    first = start_plan(council, date(2024, 1, 8))
    cp_plan_end(plan=first, ended_on=date(2024, 6, 3), by=council.worker)
    plan = start_plan(council, START)
    outcome = add_outcome(council, plan, date(2025, 6, 30))
    PlanOutcome.objects.filter(pk=outcome.pk).update(measure="")
    client = Client()
    client.force_login(council.worker)
    url = reverse("protection:plan", kwargs={"pk": council.child.pk, "plan_pk": plan.pk})
    with django_assert_max_num_queries(35):
        page = client.get(url).content.decode()
    assert "Jayden left alone overnight" in page
    assert "Second or subsequent plan" in page and "within the last two years" in page
    assert OUTCOME["parents_will_do"] in page
    assert reverse("plans:outcome_add", args=[council.child.pk, "cp_plan", plan.pk]) in page
    # The council asks a manager to sign plans off (the default): the worker cannot finalise, and cannot yet
    # send an incomplete plan for sign-off.
    assert 'name="finalise"' not in page
    assert "is not measurable yet" in page and "Send to the manager for sign-off" not in page
    manager = Client()
    manager.force_login(council.manager)
    assert 'name="finalise"' in manager.get(url).content.decode()
    refused = manager.post(url, {"finalise": "1", "rationale": "Agreed at conference"})
    assert refused.status_code == 200
    assert "is not measurable yet" in refused.content.decode()
    PlanOutcome.objects.filter(pk=outcome.pk).update(measure=OUTCOME["measure"])
    assert "Enter the rationale" in manager.post(url, {"finalise": "1", "rationale": " "}).content.decode()
    done = manager.post(url, {"finalise": "1", "rationale": "Agreed at conference"})
    assert done.status_code == 302
    plan.refresh_from_db()
    assert plan.finalised_on == clock.today()
    assert 'name="finalise"' not in client.get(url).content.decode()


def test_partners_read_the_plan_but_cannot_change_it(council: Any) -> None:
    plan = start_plan(council, START)
    add_outcome(council, plan, date(2025, 6, 30))
    from hearth.people.models import ProfessionalInvolvement

    partner = council.users[Role.PARTNER_HEALTH]
    ProfessionalInvolvement.objects.create(
        child=council.child, role="GP", name="Dr Health", staff_user=partner, start_date=date(2024, 1, 1)
    )
    client = Client()
    client.force_login(partner)
    url = reverse("protection:plan", kwargs={"pk": council.child.pk, "plan_pk": plan.pk})
    assert client.post(url, {"finalise": "1"}).status_code == 403
    plan.refresh_from_db()
    assert plan.finalised_on is None
    for name, kind in (("protection:core_group_add", {}), ("visits:new", {"kind": "cp"})):
        url = reverse(name, kwargs={"pk": council.child.pk, "plan_pk": plan.pk, **kind})
        assert client.get(url).status_code == 403


def test_the_childs_page_links_the_live_plan(council: Any) -> None:
    plan = start_plan(council, START)
    client = Client()
    client.force_login(council.worker)
    page = client.get(reverse("childrecord:child_page", kwargs={"pk": council.child.pk})).content.decode()
    assert reverse("protection:plan", kwargs={"pk": council.child.pk, "plan_pk": plan.pk}) in page


def test_the_family_pdf_reads_back_with_the_risks_outcomes_and_next_meetings(council: Any) -> None:
    plan = start_plan(council, START)
    add_outcome(council, plan, date(2025, 6, 30))
    client = Client()
    client.force_login(council.worker)
    response = client.get(
        reverse("protection:family_pdf", kwargs={"pk": council.child.pk, "plan_pk": plan.pk})
    )
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Jayden's child protection plan" in text
    assert "Why there is a plan" in text and "neglect" in text
    assert RISKS.splitlines()[0] in text
    assert OUTCOME["what_must_change"] in text
    assert "What the parents will do: Mother arranges a named adult" in text
    assert "What the professionals will do: Social worker checks" in text
    assert "By when: 30 June 2025" in text
    assert "How we will all know it has happened: No report of Jayden alone" in text
    # The first core group (10 working days) and the first review conference (3 months) from the plan's start.
    assert "The next core group meeting: 17 March 2025" in text
    assert "The next review child protection conference: 3 June 2025" in text
    # A copy that leaves Hearth is logged as a print, not a view (issue 13).
    from hearth.core.models import AccessLog

    logged = AccessLog.objects.filter(child=council.child, user=council.worker, path__endswith="family.pdf")
    assert list(logged.values_list("action", flat=True)) == ["print"]


def test_risks_left_out_at_the_conference_are_recorded_on_the_plan_page_before_finalising(
    council: Any,
) -> None:
    plan = start_plan(council, date(2025, 3, 3), risks="")
    add_outcome(council, plan, date(2025, 9, 1))
    client = Client()
    client.force_login(council.worker)
    url = reverse("protection:plan", kwargs={"pk": council.child.pk, "plan_pk": plan.pk})
    page = client.post(url, {"update_risks": "1", "risks": "  ", "version": plan.version}).content.decode()
    assert "Enter the risks the chair identified." in page
    client.post(
        url,
        {
            "update_risks": "1",
            "risks": "Mother's partner has convictions for violence",
            "version": plan.version,
        },
    )
    client.force_login(council.manager)
    client.post(url, {"finalise": "1", "rationale": "The plan addresses the risks"})
    plan.refresh_from_db()
    assert plan.risks == "Mother's partner has convictions for violence" and plan.finalised_on is not None
