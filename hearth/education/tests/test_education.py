"""A child's education on the record: the school from the register, attendance, exclusions, SEN, attainment, and the
personal education plan's timescales (10 working days, ready for the first review, each term by the council's
calendar), drafted by the designated teacher, signed off and locked by the social worker (issue 17 items 2, 4)."""

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
from hearth.core.timescales.daily import daily_run
from hearth.education.models import Exclusion, Pep, School, SchoolAttendance, SchoolPlacement, SenStatus
from hearth.education.services import (
    attendance_record,
    exclusion_record,
    pep_sign_off,
    pep_start,
    pep_update,
    school_start,
    sen_record,
)
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import Role
from hearth.people.models import PartnerContribution, ProfessionalInvolvement
from hearth.people.tests.factories import make_child

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)
SECTIONS = {
    "attainment_and_progress": "Working towards the expected standard in maths; reading at the expected standard.",
    "attendance_and_behaviour": "96% this term; settled.",
    "targets": "Times tables to 12 by February (Mrs Ahmed, weekly catch-up).",
    "pupil_premium_plus": "A tutor for maths, one hour a week.",
}


@pytest.fixture(autouse=True)
def today(settings: Any) -> None:
    settings.HEARTH_TODAY = TODAY


@pytest.fixture
def school(db: None) -> School:
    return School.objects.create(
        urn="123456", name="Northmoor Primary School", phase="primary", local_authority="Northmoor"
    )


def _teacher(
    council: Any, role: str = Role.PARTNER_EDUCATION, involvement: str = "DESIGNATED_TEACHER"
) -> StaffUser:
    teacher = council.users[role]
    teacher.partner_organisation = "Northmoor Primary School"
    teacher.save(update_fields=["partner_organisation"])
    if involvement:
        ProfessionalInvolvement.objects.create(
            child=council.child,
            role=involvement,
            name=teacher.full_name,
            staff_user=teacher,
            start_date=date(2025, 9, 1),
        )
    return teacher


def test_becoming_looked_after_starts_the_pep_within_10_working_days_and_ready_for_the_first_review(
    council: Any,
) -> None:
    start_care(council, date(2026, 11, 2))
    assert open_due(council.child, "education.pep_started") == [date(2026, 11, 16)]
    assert open_due(council.child, "education.pep_for_first_review") == [date(2026, 11, 30)]
    pep = pep_start(child=council.child, values={"started_on": date(2026, 11, 10)}, by=_teacher(council))
    assert open_due(council.child, "education.pep_started") == []
    pep_update(pep=pep, values=SECTIONS, by=_teacher(council, involvement=""))
    pep_update(
        pep=pep, values={"child_views": "Likes school; wants to join the football team."}, by=council.worker
    )
    pep_sign_off(pep=pep, values={"meeting_on": date(2026, 11, 20)}, by=council.worker)
    assert open_due(council.child, "education.pep_for_first_review") == []
    assert (
        Obligation.objects.get(child=council.child, rule_id="education.pep_for_first_review").status == "met"
    )


def test_a_toddler_in_care_has_no_pep_clock(council: Any) -> None:
    toddler = make_child(by=council.worker, date_of_birth=date(2024, 6, 1))
    start_care(council, date(2026, 11, 2), child=toddler)
    assert open_due(toddler, "education.pep_started") == []


def test_each_term_of_the_councils_calendar_asks_for_a_pep_review_by_its_last_day(
    council: Any, settings: Any
) -> None:
    council_setting_set(
        key="school_term_starts",
        value=["2026-09-02", "2027-01-05", "2027-04-19"],
        effective_from=date(2020, 1, 1),
    )
    start_care(council, date(2026, 11, 2))
    settings.HEARTH_TODAY = date(2027, 1, 6)
    daily_run(date(2027, 1, 6), since=date(2026, 12, 1))
    assert open_due(council.child, "education.pep_review") == [date(2027, 4, 18)]  # the day before next term
    pep = pep_start(child=council.child, values={"started_on": date(2027, 1, 6)}, by=council.worker)
    pep_update(pep=pep, values=SECTIONS | {"child_views": "Happy."}, by=council.worker)
    pep_sign_off(pep=pep, values={"meeting_on": date(2027, 1, 6)}, by=council.worker)
    assert open_due(council.child, "education.pep_review") == []
    settings.HEARTH_TODAY = date(2027, 4, 20)
    daily_run(date(2027, 4, 20), since=date(2027, 1, 7))
    review = Obligation.objects.filter(child=council.child, rule_id="education.pep_review").order_by(
        "start_date"
    )
    assert [(row.start_date, row.status) for row in review] == [
        (date(2027, 1, 5), ObligationStatus.MET),
        (date(2027, 4, 19), ObligationStatus.OPEN),  # the last term: 12 weeks, as no next term is set
    ]
    assert review.last().due_date == date(2027, 7, 12)  # type: ignore[union-attr]


def test_a_signed_off_pep_is_locked_and_corrected_by_a_new_version_copied_from_it(council: Any) -> None:
    pep = pep_start(child=council.child, values={"started_on": date(2026, 11, 10)}, by=council.worker)
    with pytest.raises(ValidationError) as refused:
        pep_sign_off(pep=pep, values={"meeting_on": date(2026, 11, 20)}, by=council.worker)
    assert "Complete this section" in refused.value.message_dict["targets"][0]
    pep_update(pep=pep, values=SECTIONS | {"child_views": "Happy."}, by=council.worker)
    with pytest.raises(ValidationError) as refused:  # a review before the plan
        pep_sign_off(pep=pep, values={"meeting_on": date(2026, 11, 9)}, by=council.worker)
    assert "cannot be before the plan was started" in refused.value.message_dict["meeting_on"][0]
    pep_sign_off(pep=pep, values={"meeting_on": date(2026, 11, 20)}, by=council.worker)
    with pytest.raises(ValidationError) as refused:
        pep_update(pep=pep, values={"targets": "Changed"}, by=council.worker)
    assert "locked: start a new version" in refused.value.message_dict["targets"][0]
    pep.refresh_from_db()
    assert pep.targets == SECTIONS["targets"]
    second = pep_start(child=council.child, values={"started_on": date(2026, 12, 1)}, by=council.worker)
    assert (second.version, second.previous_id, second.targets, second.locked) == (
        2,
        pep.pk,
        SECTIONS["targets"],
        False,
    )
    with pytest.raises(ValidationError) as refused:
        pep_start(child=council.child, values={"started_on": date(2026, 12, 2)}, by=council.worker)
    assert "still a draft" in refused.value.message_dict["started_on"][0]


def test_the_designated_teacher_drafts_the_education_sections_only_and_cannot_sign_off(council: Any) -> None:
    teacher = _teacher(council)
    pep = pep_start(child=council.child, values={"started_on": date(2026, 11, 10)}, by=teacher)
    assert pep.agency == "Northmoor Primary School" and "Article 9(2)(g)" in pep.sharing_basis
    pep_update(pep=pep, values=SECTIONS | {"child_views": "Written by the school"}, by=teacher)
    pep.refresh_from_db()
    assert pep.targets == SECTIONS["targets"] and pep.child_views == ""  # the social worker's part is theirs
    with pytest.raises(PermissionDenied):
        pep_sign_off(pep=pep, values={"meeting_on": date(2026, 11, 20)}, by=teacher)
    assert not pep.locked
    assert PartnerContribution.objects.filter(by=teacher).count() == 2  # started, then written


def test_bad_education_input_is_refused_naming_the_field_and_nothing_is_saved(
    council: Any, school: School
) -> None:
    cases = [
        (
            attendance_record,
            {"period_start": date(2026, 9, 2), "period_end": date(2026, 10, 23), "percentage": 101},
            "percentage",
            "0 to 100",
        ),
        (
            attendance_record,
            {"period_start": date(2026, 9, 2), "period_end": date(2026, 8, 1), "percentage": 90},
            "period_end",
            "on or after",
        ),
        (
            exclusion_record,
            {"kind": "suspension", "start_date": date(2026, 11, 2), "reason": "Fighting"},
            "school_days",
            "1 to 45",
        ),
        (sen_record, {"kind": "ehcp", "from_date": date(2026, 1, 1)}, "primary_need", "primary need"),
        (
            school_start,
            {"urn": "999999", "start_date": date(2026, 9, 2)},
            "urn",
            "open school in the register",
        ),
        (
            school_start,
            {"urn": "123456", "start_date": date(2027, 9, 2)},
            "start_date",
            "today or in the past",
        ),
    ]
    for save, values, field, message in cases:
        with pytest.raises(ValidationError) as refused:
            save(child=council.child, values=values, by=council.worker)
        assert message in refused.value.message_dict[field][0], (field, refused.value.message_dict)
    for model in (SchoolAttendance, Exclusion, SenStatus, SchoolPlacement, Pep):
        assert not model.objects.exists()
    assert not Event.objects.filter(type__in=("attendance.recorded", "school.started")).exists()


def test_a_new_school_ends_the_last_one_the_day_before(council: Any, school: School) -> None:
    School.objects.create(
        urn="654321", name="Northmoor Academy", phase="secondary", local_authority="Northmoor"
    )
    school_start(
        child=council.child, values={"urn": "123456", "start_date": date(2022, 9, 5)}, by=council.worker
    )
    school_start(
        child=council.child, values={"urn": "654321", "start_date": date(2026, 9, 3)}, by=council.worker
    )
    assert list(SchoolPlacement.objects.order_by("start_date").values_list("school__urn", "end_date")) == [
        ("123456", date(2026, 9, 2)),
        ("654321", None),
    ]


@pytest.mark.parametrize(
    ("role", "involvement", "refusal"),
    [
        (Role.PARTNER_EDUCATION, "", Http404),
        (Role.PARTNER_EDUCATION, "GP", PermissionDenied),
        (Role.PARTNER_HEALTH, "SCHOOL_NURSE", PermissionDenied),
        (Role.PARTNER_POLICE, "POLICE", PermissionDenied),
    ],
)
def test_partners_may_record_education_only_as_an_education_partner_in_the_childs_network(
    council: Any, school: School, role: str, involvement: str, refusal: type[Exception]
) -> None:
    partner = _teacher(council, role, involvement)
    for save, values in (
        (
            attendance_record,
            {"period_start": date(2026, 9, 2), "period_end": date(2026, 10, 23), "percentage": 95},
        ),
        (exclusion_record, {"kind": "permanent", "start_date": date(2026, 11, 2), "reason": "Assault"}),
        (school_start, {"urn": "123456", "start_date": date(2026, 9, 2)}),
        (pep_start, {"started_on": date(2026, 11, 10)}),
    ):
        with pytest.raises(refusal):
            save(child=council.child, values=values, by=partner)
    assert not SchoolAttendance.objects.exists() and not Pep.objects.exists()


def test_the_education_pages_record_attendance_and_a_pep_and_the_childs_page_shows_the_school(
    council: Any, school: School
) -> None:
    teacher = _teacher(council)
    client = Client()
    client.force_login(teacher)
    pk = council.child.pk
    assert (
        client.post(
            reverse("education:school", args=[pk]), {"urn": "123456", "start_date": "05/09/2022"}
        ).status_code
        == 302
    )
    bad = client.post(
        reverse("education:attendance", args=[pk]),
        {"period_start": "02/09/2026", "period_end": "23/10/2026", "percentage": "120"},
    )
    assert "Attendance must be from 0 to 100%" in bad.content.decode()
    client.post(
        reverse("education:attendance", args=[pk]),
        {"period_start": "02/09/2026", "period_end": "23/10/2026", "percentage": "93.5"},
    )
    client.post(reverse("education:pep_new", args=[pk]), {"started_on": "10/11/2026"})
    pep = Pep.objects.get()
    page = client.get(reverse("education:pep", args=[pk, pep.pk])).content.decode()
    assert "Targets for the term" in page and "The child&#x27;s views" not in page  # the teacher's part only
    client.post(reverse("education:pep", args=[pk, pep.pk]), SECTIONS)
    assert client.get(reverse("education:pep_sign_off", args=[pk, pep.pk])).status_code == 403
    worker = Client()
    worker.force_login(council.worker)
    worker.post(reverse("education:pep", args=[pk, pep.pk]), SECTIONS | {"child_views": "Enjoys art."})
    assert (
        worker.post(
            reverse("education:pep_sign_off", args=[pk, pep.pk]), {"meeting_on": "20/11/2026"}
        ).status_code
        == 302
    )
    record = worker.get(reverse("education:record", args=[pk])).content.decode()
    assert "Northmoor Primary School (URN 123456)" in record and "93.5%" in record and "signed off" in record
    child_page = worker.get(reverse("childrecord:child_page", args=[pk])).content.decode()
    assert "Northmoor Primary School since 5 Sep 2022" in child_page
    assert "Attendance 93.5% to 23 Oct 2026" in child_page
    assert "New from partners" in worker.get(reverse("worklists:my_work")).content.decode()


def test_the_reviewing_officer_reads_health_and_education_since_the_last_review(
    council: Any, school: School
) -> None:
    from hearth.health.services import health_assessment_record

    period = start_care(council, date(2026, 11, 2))
    health_assessment_record(
        child=council.child,
        values={
            "kind": "initial",
            "assessed_on": date(2026, 11, 20),
            "assessed_by": "Dr Okonjo",
            "summary": "Well",
        },
        by=council.worker,
    )
    school_start(
        child=council.child, values={"urn": "123456", "start_date": date(2026, 11, 23)}, by=council.worker
    )
    attendance_record(
        child=council.child,
        values={"period_start": date(2026, 11, 23), "period_end": date(2026, 12, 4), "percentage": 88},
        by=council.worker,
    )
    iro = Client()
    iro.force_login(council.users[Role.INDEPENDENT_REVIEWING_OFFICER])
    page = iro.get(reverse("care:review_new", args=[council.child.pk, period.pk])).content.decode()
    assert "Health, education and missing episodes since 2 Nov 2026 (care began)" in page
    assert "Initial health assessment by Dr Okonjo (Children&#x27;s social care)" in page
    assert "Started at Northmoor Primary School" in page and "Attendance 88.0% from 23 Nov 2026" in page
