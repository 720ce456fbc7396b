"""A child's health on the record: the assessments' timescales (the age switch at 5), checks, the SDQ, the health
action plan, and health partners who record their own part (issue 17 items 1 and 4)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from hearth.care.tests.helpers import open_due, start_care
from hearth.core.council_settings import council_setting_set
from hearth.core.models import Event, Obligation, ObligationStatus
from hearth.health.models import HealthAction, HealthAssessment, HealthCheck, SdqScore, SubstanceMisuse
from hearth.health.services import (
    health_action_add,
    health_action_done,
    health_assessment_record,
    health_check_record,
    health_picture,
    missed_appointment_record,
    sdq_record,
    substance_misuse_record,
)
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import Role
from hearth.people.models import PartnerContribution, ProfessionalInvolvement
from hearth.people.tests.factories import make_child

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)


@pytest.fixture(autouse=True)
def today(settings: Any) -> None:
    settings.HEARTH_TODAY = TODAY


def _assessment(**values: Any) -> dict[str, Any]:
    return {
        "kind": "initial",
        "assessed_on": date(2026, 11, 20),
        "assessed_by": "Dr A Patel, community paediatrician",
        "summary": "Healthy; behind on immunisations; refer to the dentist.",
    } | values


def _partner(council: Any, role: str = Role.PARTNER_HEALTH, involvement: str = "LAC_NURSE") -> StaffUser:
    """A partner agency's user in the child's network as `involvement` (None: not in it)."""
    partner = council.users[role]
    partner.partner_organisation = "Northgate Community Health NHS Trust"
    partner.save(update_fields=["partner_organisation"])
    if involvement:
        ProfessionalInvolvement.objects.create(
            child=council.child,
            role=involvement,
            name=partner.full_name,
            staff_user=partner,
            start_date=date(2025, 1, 1),
        )
    return partner


def test_becoming_looked_after_starts_the_initial_assessment_which_starts_the_yearly_review_from_5(
    council: Any,
) -> None:
    start_care(council, date(2026, 11, 2))  # Jayden is 10
    assert open_due(council.child, "health.initial_assessment") == [date(2026, 11, 30)]  # 20 working days
    health_assessment_record(child=council.child, values=_assessment(), by=council.worker)
    assert open_due(council.child, "health.initial_assessment") == []
    assert Obligation.objects.get(child=council.child, rule_id="health.initial_assessment").status == "met"
    assert open_due(council.child, "health.review_assessment") == [date(2027, 11, 20)]
    health_assessment_record(
        child=council.child,
        values=_assessment(kind="review", assessed_on=date(2026, 12, 1)),
        by=council.worker,
    )
    assert open_due(council.child, "health.review_assessment") == [date(2027, 12, 1)]


@pytest.mark.parametrize(
    ("born", "due"),
    [
        (date(2021, 12, 21), date(2027, 5, 20)),  # 4 years 11 months on the day: 6 months
        (date(2021, 11, 20), date(2027, 11, 20)),  # 5 that day: 12 months
        (date(2021, 11, 21), date(2027, 5, 20)),  # 5 the day after: still 6 months
    ],
)
def test_the_review_assessment_is_due_in_6_months_under_5_and_12_from_5_by_the_age_at_the_last(
    council: Any, born: date, due: date
) -> None:
    council.child.date_of_birth = born
    council.child.save(update_fields=["date_of_birth"])
    start_care(council, date(2026, 11, 2))
    health_assessment_record(child=council.child, values=_assessment(), by=council.worker)
    assert open_due(council.child, "health.review_assessment") == [due]


def test_no_health_clock_for_a_child_not_looked_after(council: Any) -> None:
    health_assessment_record(child=council.child, values=_assessment(kind="review"), by=council.worker)
    assert HealthAssessment.objects.count() == 1
    assert not Obligation.objects.filter(child=council.child, rule_id__startswith="health.").exists()


def test_dental_checks_and_the_sdq_follow_the_councils_intervals_from_care(council: Any) -> None:
    start_care(council, date(2026, 11, 2))
    assert open_due(council.child, "health.dental_check") == [date(2027, 11, 2)]
    assert open_due(council.child, "health.sdq") == [date(2027, 11, 2)]
    council_setting_set(
        key="health_dental_check_interval",
        value={"amount": 6, "unit": "months"},
        effective_from=date(2020, 1, 1),
    )
    health_check_record(
        child=council.child, values={"kind": "dental", "checked_on": date(2026, 11, 25)}, by=council.worker
    )
    assert open_due(council.child, "health.dental_check") == [date(2027, 5, 25)]
    sdq_record(
        child=council.child, values={"completed_on": date(2026, 11, 10), "score": 18}, by=council.worker
    )
    assert open_due(council.child, "health.sdq") == [date(2027, 11, 10)]


def test_a_toddler_in_care_owes_no_sdq(council: Any) -> None:
    toddler = make_child(by=council.worker, date_of_birth=date(2024, 5, 1))
    start_care(council, date(2026, 11, 2), child=toddler)
    assert open_due(toddler, "health.sdq") == []
    assert open_due(toddler, "health.initial_assessment") == [date(2026, 11, 30)]


def test_the_sdq_trend_reads_oldest_first_and_a_reason_stands_for_a_missing_score(council: Any) -> None:
    for day, score in ((date(2025, 6, 1), 22), (date(2024, 6, 1), 25), (date(2026, 6, 1), 15)):
        sdq_record(child=council.child, values={"completed_on": day, "score": score}, by=council.worker)
    sdq_record(
        child=council.child,
        values={"completed_on": date(2026, 11, 1), "reason": "SDQ5"},
        by=council.worker,
    )
    picture = health_picture(council.child)
    assert [entry.score for entry in picture.sdq_trend] == [25, 22, 15]
    assert Event.objects.filter(type="health.sdq_completed").latest("pk").summary == (
        "SDQ: no score (the young person refused)"
    )


@pytest.mark.parametrize(
    ("save", "values", "field", "message"),
    [
        (
            health_assessment_record,
            _assessment(assessed_on=date(2026, 12, 5)),
            "assessed_on",
            "today or in the past",
        ),
        (
            health_assessment_record,
            _assessment(assessed_on=date(2016, 3, 13)),
            "assessed_on",
            "date of birth",
        ),
        (health_assessment_record, _assessment(kind=""), "kind", "initial health assessment or a review"),
        (health_assessment_record, _assessment(summary=" "), "summary", "what the assessment found"),
        (sdq_record, {"completed_on": date(2026, 11, 1), "score": 41}, "score", "from 0 to 40"),
        (sdq_record, {"completed_on": date(2026, 11, 1), "score": -1}, "score", "from 0 to 40"),
        (sdq_record, {"completed_on": date(2026, 11, 1)}, "score", "or choose why there is none"),
        (sdq_record, {"completed_on": date(2026, 11, 1), "score": 3, "reason": "SDQ1"}, "reason", "not both"),
        (
            health_check_record,
            {"kind": "immunisations", "checked_on": date(2026, 11, 1)},
            "up_to_date",
            "up to date",
        ),
        (health_check_record, {"kind": "", "checked_on": date(2026, 11, 1)}, "kind", "Choose the check"),
        (
            substance_misuse_record,
            {"identified_on": date(2026, 11, 1), "details": "Cannabis", "intervention_received": True},
            "intervention_offered",
            "tick both",
        ),
        (
            health_action_add,
            {"action": "Dentist", "who": "Carer", "due_on": date(2026, 12, 3)},
            "due_on",
            "today or later",
        ),
        (
            health_action_add,
            {"action": "", "who": "Carer", "due_on": date(2027, 1, 3)},
            "action",
            "Enter the action",
        ),
        (
            missed_appointment_record,
            {"missed_on": date(2026, 11, 1), "appointment": ""},
            "appointment",
            "Enter the",
        ),
    ],
)
def test_bad_health_input_is_refused_naming_the_field_and_nothing_is_saved(
    council: Any, save: Any, values: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        save(child=council.child, values=values, by=council.worker)
    assert message in refused.value.message_dict[field][0]
    assert not Event.objects.filter(type__startswith="health.").exists()
    for model in (HealthAssessment, HealthCheck, SdqScore, SubstanceMisuse, HealthAction):
        assert not model.objects.exists()


def test_a_health_action_is_a_duty_due_on_its_date_met_when_done(council: Any) -> None:
    action = health_action_add(
        child=council.child,
        values={"action": "Register with a dentist", "who": "Foster carer", "due_on": date(2027, 1, 15)},
        by=council.worker,
    )
    duty = Obligation.objects.get(child=council.child, rule_id="health.action")
    assert duty.due_date == date(2027, 1, 15) and duty.owner_id == council.worker.pk
    with pytest.raises(ValidationError) as refused:
        health_action_done(action=action, values={"done_on": date(2026, 12, 5)}, by=council.worker)
    assert "today or in the past" in refused.value.message_dict["done_on"][0]
    health_action_done(
        action=action, values={"done_on": date(2026, 12, 4), "done_note": "Registered"}, by=council.worker
    )
    duty.refresh_from_db()
    assert duty.status == ObligationStatus.MET
    assert health_picture(council.child).open_actions == []


def test_a_health_partner_in_the_network_records_attributed_to_their_agency_and_the_worker_hears(
    council: Any,
) -> None:
    partner = _partner(council)
    start_care(council, date(2026, 11, 2))
    assessment = health_assessment_record(child=council.child, values=_assessment(), by=partner)
    assert assessment.agency == "Northgate Community Health NHS Trust"
    assert "Article 9(2)(h)" in assessment.sharing_basis
    assert Event.objects.get(type="health.assessed").summary == (
        "Initial health assessment by Dr A Patel, community paediatrician (Northgate Community Health NHS Trust)"
    )
    assert open_due(council.child, "health.initial_assessment") == []
    news = PartnerContribution.objects.get()
    assert (news.child_id, news.by_id, news.seen_at) == (council.child.pk, partner.pk, None)
    worker = Client()
    worker.force_login(council.worker)
    page = worker.get(reverse("worklists:my_work")).content.decode()
    assert "New from partners" in page and "Initial health assessment on 20 Nov 2026" in page
    worker.post(reverse("worklists:partner_news_read", args=[news.pk]))
    assert "New from partners" not in worker.get(reverse("worklists:my_work")).content.decode()
    news.refresh_from_db()
    assert news.seen_by_id == council.worker.pk
    # Staff writes are the council's: no basis for sharing, nothing on the worker's list.
    staff_write = sdq_record(
        child=council.child, values={"completed_on": date(2026, 11, 3), "score": 9}, by=council.worker
    )
    assert (staff_write.agency, staff_write.sharing_basis) == ("Children's social care", "")
    assert PartnerContribution.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "involvement", "refusal"),
    [
        (Role.PARTNER_HEALTH, "", Http404),  # not in the child's network: no such record
        (Role.PARTNER_HEALTH, "POLICE", PermissionDenied),  # in it, but not as a health professional
        (Role.PARTNER_EDUCATION, "DESIGNATED_TEACHER", PermissionDenied),  # education's part is not health
        (Role.PARTNER_POLICE, "POLICE", PermissionDenied),
    ],
)
def test_partners_may_record_health_only_as_a_health_professional_in_the_childs_network(
    council: Any, role: str, involvement: str, refusal: type[Exception]
) -> None:
    partner = _partner(council, role, involvement)
    for save, values in (
        (health_assessment_record, _assessment()),
        (sdq_record, {"completed_on": date(2026, 11, 1), "score": 10}),
        (health_check_record, {"kind": "dental", "checked_on": date(2026, 11, 1)}),
        (health_action_add, {"action": "Dentist", "who": "Carer", "due_on": date(2027, 1, 3)}),
        (missed_appointment_record, {"missed_on": date(2026, 11, 1), "appointment": "CAMHS"}),
        (substance_misuse_record, {"identified_on": date(2026, 11, 1), "details": "Alcohol"}),
    ):
        with pytest.raises(refusal):
            save(child=council.child, values=values, by=partner)
    assert not Event.objects.filter(type__startswith="health.").exists()
    assert not PartnerContribution.objects.exists()
    client = Client()
    client.force_login(partner)
    assert client.post(reverse("health:assessment", args=[council.child.pk]), {}).status_code in (403, 404)


def test_health_partners_each_kind_of_involvement_may_record(council: Any) -> None:
    for kind in ("GP", "HEALTH_VISITOR", "SCHOOL_NURSE", "MIDWIFE", "PAEDIATRICIAN", "CAMHS", "LAC_NURSE"):
        ProfessionalInvolvement.objects.all().delete()
        partner = _partner(council, Role.PARTNER_HEALTH, kind)
        missed_appointment_record(
            child=council.child, values={"missed_on": date(2026, 11, 1), "appointment": kind}, by=partner
        )
    assert PartnerContribution.objects.count() == 7


def test_the_health_page_and_the_childs_page_show_the_health_record_at_a_glance(council: Any) -> None:
    partner = _partner(council)
    start_care(council, date(2026, 11, 2))
    client = Client()
    client.force_login(partner)
    response = client.post(
        reverse("health:assessment", args=[council.child.pk]),
        {"kind": "initial", "assessed_on": "20/11/2026", "assessed_by": "Dr A Patel", "summary": "Well."},
    )
    assert response.status_code == 302
    client.post(
        reverse("health:check", args=[council.child.pk]),
        {"kind": "immunisations", "checked_on": "21/11/2026", "up_to_date": "no"},
    )
    client.post(reverse("health:sdq", args=[council.child.pk]), {"completed_on": "22/11/2026", "score": "19"})
    bad = client.post(
        reverse("health:sdq", args=[council.child.pk]), {"completed_on": "22/11/2026", "score": "45"}
    )
    assert "The score must be from 0 to 40" in bad.content.decode()
    assert SdqScore.objects.count() == 1
    page = client.get(reverse("health:record", args=[council.child.pk])).content.decode()
    assert "Initial health assessment, 20 Nov 2026, by Dr A Patel" in page
    assert "Not up to date" in page and "19 (Nov 2026)" in page
    assert "Review health assessment" in page  # due, from the assessment
    worker = Client()
    worker.force_login(council.worker)
    child_page = worker.get(reverse("childrecord:child_page", args=[council.child.pk])).content.decode()
    assert "Initial health assessment 20 Nov 2026 by Dr A Patel" in child_page
    assert "SDQ score 19 (22 Nov 2026)" in child_page
    assert "Immunisations not up to date (21 Nov 2026)" in child_page
    chronology = worker.get(reverse("chronology:chronology", args=[council.child.pk])).content.decode()
    assert "(Northgate Community Health NHS Trust)" in chronology


def test_an_education_partner_is_told_the_health_record_is_not_theirs_to_see(council: Any) -> None:
    partner = _partner(council, Role.PARTNER_EDUCATION, "DESIGNATED_TEACHER")
    client = Client()
    client.force_login(partner)
    response = client.get(reverse("health:record", args=[council.child.pk]))
    assert response.status_code == 403
    assert "Your role may not read a child" in response.content.decode()


def test_the_basis_for_sharing_is_a_council_setting_per_kind_of_agency(council: Any) -> None:
    from hearth.core.council_settings import DECLARED

    kinds = dict(DECLARED["partner_sharing_basis"].default)
    with pytest.raises(ValidationError) as refused:
        council_setting_set(
            key="partner_sharing_basis",
            value=kinds | {Role.PARTNER_HEALTH: " "},
            effective_from=date(2026, 1, 1),
        )
    assert "the text for partner_health is empty" in refused.value.message_dict["value"][0]
    council_setting_set(
        key="partner_sharing_basis",
        value=kinds | {Role.PARTNER_HEALTH: "Our information sharing agreement, Article 9(2)(h)"},
        effective_from=date(2026, 1, 1),
    )
    partner = _partner(council)
    check = health_check_record(
        child=council.child, values={"kind": "sight", "checked_on": date(2026, 11, 1)}, by=partner
    )
    assert check.sharing_basis == "Our information sharing agreement, Article 9(2)(h)"


def test_a_partners_home_lists_their_children_and_what_their_records_meet(council: Any) -> None:
    partner = _partner(council)
    start_care(council, date(2026, 11, 2))
    client = Client()
    client.force_login(partner)
    assert client.get("/").url == reverse("worklists:partner_home")
    page = client.get(reverse("worklists:partner_home")).content.decode()
    assert "Jayden Smith" in page and "Looked-after children&#x27;s nurse" in page
    assert "Initial health assessment, due 30 Nov 2026" in page
    assert "Personal education plan" not in page  # education's duties are not the health partner's
    other = make_child(by=council.worker, forename="Olive", surname="Other")
    assert "Olive" not in page and other.pk
