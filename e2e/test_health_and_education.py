"""Issue 17's first journey, as new users would take it: a looked-after child's initial health assessment is recorded
by the looked-after children's nurse, their personal education plan is started by the designated teacher and
completed and signed off by the social worker, the child goes missing and has a return interview, and the reviewing
officer sees all of it before the review."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from e2e.test_journeys import sign_in, sign_out
from hearth.care.tests.helpers import start_care
from hearth.core import clock
from hearth.education.models import School
from hearth.missing.services import missing_episode_record, return_interview_record
from hearth.organisation.roles import Role
from hearth.people.models import ProfessionalInvolvement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _partner(council: Any, role: str, organisation: str, involvement: str) -> Any:
    user = council.users[role]
    user.partner_organisation = organisation
    user.save(update_fields=["partner_organisation"])
    ProfessionalInvolvement.objects.create(
        child=council.child, role=involvement, name=user.full_name, staff_user=user, start_date=clock.today()
    )
    return user


def test_health_and_education_recorded_by_partners_and_the_reviewing_officer_sees_them(
    page: Page, council: Any
) -> None:
    today = clock.today()
    period = start_care(council, today - timedelta(days=12))
    School.objects.create(
        urn="123456", name="Northmoor Primary School", phase="primary", local_authority="Northmoor"
    )
    nurse = _partner(council, Role.PARTNER_HEALTH, "Northmoor Community Health NHS Trust", "LAC_NURSE")
    teacher = _partner(council, Role.PARTNER_EDUCATION, "Northmoor Primary School", "DESIGNATED_TEACHER")
    pk = council.child.pk

    # The nurse's home lists the child and the assessment due; she records it, refused first without its findings.
    sign_in(page, nurse.username)
    expect(page.get_by_role("heading", name="The children you work with")).to_be_visible()
    expect(page.locator("#partner-children")).to_contain_text("Initial health assessment")
    assert_accessible(page)
    page.get_by_role("link", name="Jayden Smith", exact=True).click()
    page.get_by_role("navigation", name="Child's record").get_by_role("link", name="Health").click()
    page.get_by_role("link", name="Record a health assessment").click()
    page.get_by_label("Initial health assessment").check()
    page.get_by_label("Date of the assessment").fill(f"{today - timedelta(days=2):%d/%m/%Y}")
    page.get_by_label("Carried out by").fill("Dr R Okonjo, community paediatrician")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what the assessment found")
    assert_accessible(page)
    page.get_by_label("What it found and recommended").fill("Healthy; immunisations due; dentist referral.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#health-summary")).to_contain_text("Initial health assessment")
    expect(page.locator("#health-due")).to_contain_text("Review health assessment")
    sign_out(page)

    # The designated teacher starts the PEP and writes the education sections (not the social worker's part).
    sign_in(page, teacher.username)
    page.get_by_role("link", name="Jayden Smith", exact=True).click()
    page.get_by_role("navigation", name="Child's record").get_by_role("link", name="Education").click()
    page.get_by_role("link", name="Start a personal education plan").click()
    page.get_by_role("button", name="Save").click()
    page.get_by_label("Attainment and progress").fill(
        "Reading at the expected standard; maths working towards."
    )
    page.get_by_label("Targets for the term (SMART), and who will help").fill(
        "Times tables to 12 by February."
    )
    expect(page.get_by_label("The child's views")).to_have_count(0)
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Plan saved")
    expect(page.get_by_role("link", name="Sign off")).to_have_count(0)
    sign_out(page)

    # The social worker hears of both, completes the plan and signs it off: it is locked.
    sign_in(page, council.worker.username)
    news = page.locator("#partner-news")
    expect(news).to_contain_text("Initial health assessment")
    expect(news).to_contain_text("Personal education plan version 1")
    assert_accessible(page)
    news.get_by_role("link", name="Personal education plan version 1 started").click()
    page.get_by_role("link", name="Version 1").first.click()
    page.get_by_label("The child's views").fill("Likes his teacher; wants to join the football team.")
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_role("link", name="Sign off").click()
    page.get_by_label("Date of the PEP meeting").fill(f"{today:%d/%m/%Y}")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("it is now locked")
    expect(page.locator("#peps")).to_contain_text("signed off")
    sign_out(page)

    # The child goes missing and comes back; the return interview is held (the missing journey records these pages).
    episode = missing_episode_record(
        child=council.child,
        values={
            "kind": "missing",
            "started_on": today - timedelta(days=5),
            "missing_from": "The Okafors' home",
            "risk": "medium",
            "ended_on": today - timedelta(days=4),
            "where_found": "A friend's house",
        },
        by=council.worker,
    )
    return_interview_record(
        episode=episode,
        values={"outcome": "held", "interview_on": today - timedelta(days=3), "interviewer": "Safe Return"},
        by=council.worker,
    )

    # The reviewing officer, before the first review, sees all of it.
    sign_in(page, council.users[Role.INDEPENDENT_REVIEWING_OFFICER].username)
    page.goto(f"/people/{pk}/care/{period.pk}/reviews/new/")
    wellbeing = page.locator("#wellbeing")
    expect(wellbeing).to_contain_text("Initial health assessment by Dr R Okonjo")
    expect(wellbeing).to_contain_text("PEP version 1 signed off")
    expect(wellbeing).to_contain_text("Return interview held by Safe Return")
    assert_accessible(page)


def test_a_school_records_progress_on_its_own_action_and_the_worker_sees_it(page: Page, council: Any) -> None:
    from hearth.protection.tests.plan_fixtures import add_outcome, start_plan

    today = clock.today()
    teacher = _partner(council, Role.PARTNER_EDUCATION, "Northmoor Primary School", "SCHOOL")
    involvement = ProfessionalInvolvement.objects.get(staff_user=teacher)
    plan = start_plan(council, today - timedelta(days=30))
    add_outcome(
        council,
        plan,
        today + timedelta(days=60),
        action="School tells the social worker of any absence the same day",
        owner="Northmoor Primary School",
        owner_involvement=involvement.pk,
    )
    sign_in(page, teacher.username)
    actions = page.locator("#partner-actions")
    expect(actions).to_contain_text("School tells the social worker of any absence the same day")
    actions.get_by_role("link", name="Update progress").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the progress made")
    assert_accessible(page)
    page.get_by_label("Good progress").check()
    page.get_by_label("What has been done").fill("Two absences this month, both reported the same morning.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Progress recorded")
    sign_out(page)

    sign_in(page, council.worker.username)
    news = page.locator("#partner-news")
    expect(news).to_contain_text("Good progress on")
    expect(news).to_contain_text("Northmoor Primary School")
    news.get_by_role("link", name="Good progress on").click()
    expect(page.locator("#outcomes")).to_contain_text(
        "Two absences this month, both reported the same morning."
    )
