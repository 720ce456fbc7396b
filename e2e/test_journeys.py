"""Journeys a new user takes, in a real browser, with an accessibility check on every page they see."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from hearth.core import clock
from hearth.core.events import event_record
from hearth.organisation.tests.factories import TEST_PASSWORD
from hearth.protection.models import ChildProtectionPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, username: str) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in to Hearth")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def on_a_child_in_need_plan(council: Any) -> int:
    """The council's child assessed, authorised and on a child in need plan for four weeks: the episode's id."""
    from hearth.children_in_need.assessments import assessment_authorise
    from hearth.children_in_need.cin_plans import cin_plan_start
    from hearth.children_in_need.tests.fixtures import completed_assessment

    today = clock.today()
    assessment = completed_assessment(council, today - timedelta(days=40))
    assessment_authorise(
        assessment=assessment,
        authorised_on=today - timedelta(days=30),
        rationale="A plan is needed",
        by=council.manager,
    )
    cin_plan_start(episode=assessment.episode, start_date=today - timedelta(days=28), by=council.worker)
    return assessment.episode_id


def put_on_plan(child_id: int, days_ago: int) -> None:
    start = clock.today() - timedelta(days=days_ago)
    with transaction.atomic():
        plan = ChildProtectionPlan.objects.create(
            child_id=child_id, start_date=start, initial_category="NEG", latest_category="NEG"
        )
        event_record(
            child_id=child_id,
            type="cp_plan.started",
            occurred_on=start,
            recorded_by=None,
            record=plan,
            payload={"category": "Neglect"},
        )


def test_a_social_worker_finds_a_child_by_a_misspelt_name_and_reads_their_record(
    page: Page, council: Any
) -> None:
    put_on_plan(council.child.pk, days_ago=30)
    sign_in(page, council.worker.username)

    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    work = page.locator("#my-work")
    expect(work).to_contain_text("Jayden Smith")
    expect(work).to_contain_text("Child on a protection plan visited")
    expect(work).to_contain_text("Overdue")
    assert_accessible(page)

    page.get_by_role("link", name="Search").click()
    page.get_by_label("Name, date of birth, postcode or ID").fill("Jaden Smyth")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 record found")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Jayden Smith").click()
    expect(page.locator(".hearth-identity-bar")).to_contain_text(council.child.person_number)
    expect(page.locator(".hearth-identity-bar")).to_contain_text("Child protection")
    expect(page.locator("#obligations")).to_contain_text("Overdue")
    assert_accessible(page)

    page.get_by_role("link", name="Chronology", exact=True).click()
    expect(page.locator("#chronology")).to_contain_text("Child protection plan started: Neglect")
    assert_accessible(page)


def test_creating_a_record_warns_of_a_duplicate_and_names_each_bad_field(page: Page, council: Any) -> None:
    sign_in(page, council.worker.username)
    page.goto("/people/new/")
    page.get_by_label("First name").fill("Jaden")
    page.get_by_label("Last name").fill("Smith")
    page.get_by_label("Date of birth (optional)", exact=True).fill("14/03/2016")
    page.get_by_label("NHS number (optional)").fill("943 476 5918")
    page.get_by_role("button", name="Create record").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text("NHS number must be 10 digits")
    assert_accessible(page)
    page.get_by_label("NHS number (optional)").fill("")
    page.get_by_role("button", name="Create record").click()
    expect(page.locator("#duplicate-warning")).to_contain_text("This may be someone already recorded")
    expect(page.get_by_role("link", name="Jayden Smith")).to_be_visible()
    page.get_by_label("I have checked the possible matches").check()
    page.get_by_role("button", name="Create record").click()
    expect(page.locator(".hearth-identity-bar")).to_contain_text("Jaden Smith")
    assert_accessible(page)


def test_a_team_manager_sees_the_teams_overdue_work(page: Page, council: Any) -> None:
    put_on_plan(council.child.pk, days_ago=30)
    sign_in(page, council.manager.username)
    expect(page.get_by_role("heading", name="My team")).to_be_visible()
    expect(page.locator("#team-workers")).to_contain_text(council.worker.full_name)
    assert_accessible(page)
    open_team_list(page, "overdue")
    expect(page.locator("#team-overdue")).to_contain_text("Jayden Smith")
    assert_accessible(page)
    page.locator("#team-overdue").get_by_role("link", name="Jayden Smith", exact=True).first.click()
    expect(page.locator(".hearth-identity-bar")).to_contain_text("Jayden Smith")


def test_the_front_door_screens_a_contact_from_its_queue(page: Page, council: Any) -> None:
    from hearth.frontdoor.services import contact_record
    from hearth.organisation.models import Team
    from hearth.organisation.roles import Role

    Team.objects.create(name="Front Door (MASH)", service=council.service, is_front_door=True)
    front_door = council.users[Role.FRONT_DOOR]
    contact_record(
        child=council.child,
        received_on=clock.today() - timedelta(days=7),
        source="6",
        concern="Police attended a domestic incident",
        by=front_door,
    )
    sign_in(page, front_door.username)
    page.get_by_role("link", name="Front door").click()
    expect(page.locator("#queue")).to_contain_text("Jayden Smith")
    expect(page.locator("#queue")).to_contain_text("Overdue")
    assert_accessible(page)
    page.locator("#queue").get_by_role("link", name="Jayden Smith").click()
    expect(page.get_by_role("heading", name="Screening decision")).to_be_visible()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the screening decision")
    assert_accessible(page)
    page.get_by_label("Strategy discussion").check()
    page.get_by_label("Reason for the decision").fill("Threshold met: domestic abuse with a child present")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#decision")).to_contain_text("Strategy discussion")
    page.get_by_role("button", name="Record feedback sent").click()
    expect(page.locator("#feedback")).to_contain_text("Sent")
    assert_accessible(page)


def test_a_high_risk_domestic_abuse_notification_is_screened_and_sent_to_marac(
    page: Page, council: Any
) -> None:
    from hearth.organisation.models import Team
    from hearth.organisation.roles import Role

    Team.objects.create(name="Front Door (MASH)", service=council.service, is_front_door=True)
    front_door = council.users[Role.FRONT_DOOR]
    today = clock.today().strftime("%d/%m/%Y")
    sign_in(page, front_door.username)
    page.goto("/front-door/notifications/")
    expect(page.locator("#notifications")).to_contain_text("No notifications are waiting.")
    page.get_by_role("link", name="Record a notification").click()
    page.get_by_label("Police reference").fill("NP-2026-4411")
    page.get_by_label("Date of the incident").fill(today)
    page.get_by_label("Date received").fill(today)
    page.get_by_label("High").check()
    page.get_by_label("What happened").fill("Father assaulted mother; Jayden present and hid upstairs")
    page.get_by_label("IDs of the children in the household").fill(council.child.person_number)
    page.get_by_role("button", name="Record the notification").click()
    page.goto("/front-door/notifications/")
    expect(page.locator("#notifications")).to_contain_text("NP-2026-4411")
    expect(page.locator("#notifications")).to_contain_text("High")
    assert_accessible(page)
    page.get_by_role("link", name="NP-2026-4411").click()
    page.get_by_label("Strategy discussion").check()
    page.get_by_label("Reason for the decision").fill(
        "High risk with a child present: threshold for section 47"
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("date of its MARAC referral")
    assert_accessible(page)
    page.get_by_label("Strategy discussion").check()
    page.get_by_label("Reason for the decision").fill(
        "High risk with a child present: threshold for section 47"
    )
    page.get_by_label("Date of the MARAC referral (high risk)").fill(today)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#decision")).to_contain_text("Strategy discussion")
    expect(page.locator("#decision")).to_contain_text("MARAC referral")
    page.goto(f"/people/{council.child.pk}/chronology/")
    expect(page.locator("main")).to_contain_text("notification")
    assert_accessible(page)


def open_team_list(page: Page, section: str) -> None:
    """On the manager's team page, choose the figure that opens one of its lists (issue 18: the summary first)."""
    page.locator(f'#team-summary a[href*="show={section}"]').click()
    expect(page.locator(f"#{section}-section")).to_have_attribute("open", "")


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_a_schools_contact_becomes_a_plan_then_steps_down_to_early_help(page: Page, council: Any) -> None:
    """Contact, referral, assessment with the child seen alone and factors, a plan, a review, then step-down."""
    from hearth.organisation.models import Service, Team
    from hearth.organisation.roles import Role
    from hearth.organisation.tests.factories import StaffUserFactory

    Team.objects.create(name="Front Door (MASH)", service=council.service, is_front_door=True)
    early_help = Service.objects.create(name="Early Help Service")
    eh_team = Team.objects.create(name="Early Help North", service=early_help)
    eh_worker = StaffUserFactory(
        username="erin", full_name="Erin Helper", role=Role.SOCIAL_WORKER, team=eh_team
    )
    front_door, worker, manager = council.users[Role.FRONT_DOOR], council.worker, council.manager
    today = clock.today().strftime("%d/%m/%Y")
    child_page = f"/people/{council.child.pk}/"

    # The front door records the school's contact and makes it a referral, then decides it needs assessment.
    sign_in(page, front_door.username)
    page.goto(child_page)
    page.get_by_role("link", name="Record a contact").click()
    page.get_by_label("Who made the contact").select_option(label="Schools")
    page.get_by_label("Referrer's name").fill("Ms Patel, designated safeguarding lead")
    page.get_by_label("What the contact is about").fill("Jayden often hungry and unkempt; attendance 81%")
    page.get_by_role("button", name="Record the contact").click()
    page.get_by_label("Referral to children's social care").check()
    page.get_by_label("Reason for the decision").fill(
        "Neglect indicators over a term: threshold for assessment"
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#decision")).to_contain_text("Referral to children's social care")
    page.goto(child_page)
    page.get_by_role("link", name="Child in need episode").click()
    page.get_by_role("link", name="Referral and decision").click()
    page.get_by_label("Assessment").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#referral-decision")).to_contain_text("Assessment")
    sign_out(page)

    # The social worker assesses: the child seen alone, views, the household, factors; then completes it.
    sign_in(page, worker.username)
    expect(page.locator("main")).to_contain_text("Single assessment completed")
    page.goto(child_page)
    page.get_by_role("link", name="Child in need episode").click()
    page.get_by_text("Start an assessment").click()
    page.get_by_role("button", name="Start the assessment").click()
    page.get_by_role("link", name="Single assessment").click()
    page.get_by_role("button", name="Complete the assessment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Record the child's views and wishes")
    assert_accessible(page)
    page.get_by_label("Date the child was seen").fill(today)
    page.get_by_label("The child was seen alone").check()
    page.get_by_label("The child's views and wishes").fill(
        "Jayden says he is hungry at school and wants his mum to get up in the mornings"
    )
    page.get_by_label("Parents' or carers' views").fill("Mother is low in mood and accepts help")
    page.get_by_label("Analysis").fill(
        "Neglect of basic care linked to maternal depression; no immediate risk"
    )
    page.get_by_label("Child in need plan").check()
    page.get_by_label("The child's primary need").select_option(label="Parental disability or illness")
    page.get_by_label("Abuse or neglect: neglect").check()
    page.get_by_label("Mental health: of the parent(s)/carer(s)").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Complete the assessment").click()
    expect(page.locator("#assessment-status")).to_contain_text("Awaiting authorisation")
    sign_out(page)

    # The manager sees it waiting, authorises it with a rationale.
    sign_in(page, manager.username)
    open_team_list(page, "decisions")
    expect(page.locator("#team-decisions")).to_contain_text("Jayden Smith")
    page.locator("#team-decisions").get_by_role("link", name="Jayden Smith", exact=True).click()
    page.get_by_role("link", name="Child in need episode").click()
    page.get_by_role("link", name="Single assessment").click()
    page.get_by_label("Rationale for the decision").fill("Needs a plan for routines and mother's health")
    page.get_by_role("button", name="Authorise").click()
    expect(page.locator("#assessment-status")).to_contain_text(f"by {manager.full_name}")
    expect(page.locator("#factors")).to_contain_text("Mental health: of the parent(s)/carer(s)")
    expect(page.locator("#factors")).to_contain_text("Abuse or neglect: neglect")
    sign_out(page)

    # The worker starts the plan, sets a measurable outcome and reviews it.
    sign_in(page, worker.username)
    page.goto(child_page)
    page.get_by_role("link", name="Child in need episode").click()
    page.get_by_text("Start a child in need plan").click()
    page.get_by_role("button", name="Start the plan").click()
    page.get_by_role("link", name="My work").click()
    expect(page.locator("main")).to_contain_text("Child in need visited")
    expect(page.locator("main")).to_contain_text("Child in need plan reviewed")
    page.goto(child_page)
    page.get_by_role("link", name="Child in need plan", exact=True).click()
    page.get_by_role("link", name="Add an outcome").click()
    page.get_by_label("What must change for the child").fill(
        "Jayden has breakfast and arrives at school on time"
    )
    page.get_by_label("The action").fill("Mother's GP review; family support worker mornings twice a week")
    page.get_by_label("Who will do it").fill("Mother, GP and family support worker")
    page.get_by_label("How we will know it has been met").fill("Attendance above 95% for a half term")
    page.get_by_role("button", name="Add the outcome").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date by when this must be done.")
    assert_accessible(page)
    page.get_by_label("By when").fill((clock.today() + timedelta(days=90)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Add the outcome").click()
    expect(page.locator("#outcomes")).to_contain_text("Attendance above 95% for a half term")
    page.get_by_role("link", name="Record a review").click()
    page.get_by_label("What the review found and decided").fill("Mornings better; GP has started treatment")
    page.get_by_label("Some progress").check()
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator("main")).to_contain_text("Some progress")
    assert_accessible(page)
    page.get_by_role("link", name="Request a step-down to early help").click()
    page.get_by_label("Receiving service").select_option(label="Early Help Service")
    page.get_by_label("Reason for the request").fill(
        "Progress made; family support can continue at early help"
    )
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator("main")).to_contain_text("Waiting for the receiving service")
    sign_out(page)

    # Early help accepts and writes its plan; the manager records the handover.
    sign_in(page, eh_worker.username)
    page.get_by_role("link", name="Handovers").click()
    page.get_by_role("link", name="Jayden Smith").click()
    page.get_by_role("button", name="Accept").click()
    page.get_by_role("link", name="Early help from").click()
    page.get_by_role("link", name="Add an outcome").click()
    page.get_by_label("What must change for the child").fill("Mother manages mornings without support")
    page.get_by_label("The action").fill("Parenting group, six sessions")
    page.get_by_label("Who will do it").fill("Erin Helper")
    page.get_by_label("By when").fill((clock.today() + timedelta(days=60)).strftime("%d/%m/%Y"))
    page.get_by_label("How we will know it has been met").fill(
        "Attendance stays above 95% after support ends"
    )
    page.get_by_role("button", name="Add the outcome").click()
    expect(page.locator("#outcomes")).to_contain_text("Parenting group")
    sign_out(page)
    sign_in(page, manager.username)
    page.goto(child_page)
    page.get_by_role("link", name="Child in need plan", exact=True).click()
    page.locator("#step-downs").get_by_role("link", name="Requested").click()
    page.get_by_role("button", name="Record the handover").click()
    expect(page.locator("main")).to_contain_text("Handed over to Early Help Service")
    assert_accessible(page)
    sign_out(page)

    # Jayden is now early help's: Erin's worklist has the follow-up; the chronology shows every step.
    sign_in(page, eh_worker.username)
    expect(page.locator("main")).to_contain_text("Step-down followed up")

    # The chronology shows each step; the child's page shows early help and the follow-up due.
    page.goto(f"/people/{council.child.pk}/chronology/?view=all")
    chronology = page.locator("main")
    for step in (
        "Contact received",
        "Referral received from Schools",
        "Single assessment started",
        "Assessment completed and authorised",
        "Child in need plan started",
        "Child in need plan reviewed",
        "Stepped down to early help (Early Help Service)",
        "Child in need episode closed",
    ):
        expect(chronology).to_contain_text(step)
    page.goto(child_page)
    expect(page.locator("#obligations")).to_contain_text("Step-down followed up")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Early help")


def test_child_protection_from_strategy_discussion_to_stepping_down(page: Page, council: Any) -> None:
    """Strategy discussion, section 47, initial conference with reports shared and a plan, a core group, a failed
    visit the manager sees the same day and its follow-up, a review conference showing progress, the plan ending
    and stepping down to children in need."""
    from hearth.children_in_need.services import referral_receive
    from hearth.organisation.roles import Role
    from hearth.protection.models import Conference

    worker, manager = council.worker, council.manager
    chair = council.users[Role.CHILD_PROTECTION_CHAIR]
    today = clock.today()
    day = today.strftime("%d/%m/%Y")
    referral_receive(
        child=council.child,
        referral_date=today - timedelta(days=3),
        source="6",
        by=council.users[Role.FRONT_DOOR],
    )
    child_page = f"/people/{council.child.pk}/"

    # The team manager leads the strategy discussion; section 47 starts.
    sign_in(page, manager.username)
    page.goto(child_page)
    page.get_by_role("link", name="Strategy discussions and conferences").click()
    page.get_by_role("link", name="Record a strategy discussion").click()
    page.get_by_label("Date of the strategy discussion").fill(day)
    page.get_by_label("Who led it").select_option(label=manager.full_name)
    page.get_by_label("Police").check()
    page.get_by_label("Education").check()
    page.get_by_label("Health").check()
    page.get_by_label("Information shared").fill(
        "School saw bruising to Jayden's arm; police attended a DA incident"
    )
    page.get_by_role("group", name="Is a section 47 enquiry to start").get_by_label("Yes").check()
    page.get_by_label("Reason for the decision").fill("Reasonable cause to suspect significant harm")
    page.get_by_role("button", name="Record the strategy discussion").click()
    page.goto(f"/people/{council.child.pk}/conferences/")
    expect(page.locator("main")).not_to_contain_text("Not led by a manager")
    page.locator("#enquiries").get_by_role("link", name="Started").click()
    assert_accessible(page)
    page.get_by_label("Date the enquiry concluded").fill(day)
    page.get_by_label("Concerns substantiated: initial conference needed").check()
    page.get_by_role("button", name="Conclude the enquiry").click()
    sign_out(page)

    # The chair holds the initial conference: reports shared, education absent, a plan under neglect.
    sign_in(page, chair.username)
    page.goto(f"/people/{council.child.pk}/conferences/")
    page.get_by_role("link", name="Record the initial conference").click()
    page.get_by_label("Date of the conference").fill(day)
    page.get_by_label("Chair", exact=True).select_option(label=chair.full_name)
    page.get_by_role("group", name="Were the parents present?").get_by_label("Yes").check()
    page.get_by_label("Views conveyed by the social worker").check()
    page.get_by_label("The child's views and wishes").fill("Jayden wants the shouting to stop")
    for agency in ("police", "health", "education", "social_care"):
        page.locator(f"#id_invited_{agency}").check()
    for agency in ("police", "health", "social_care"):
        page.locator(f"#id_attended_{agency}").check()
    page.get_by_label("Report 1: agency").select_option(label="Children's social care")
    page.get_by_label("Report 1: author").fill(worker.full_name)
    page.get_by_label("Report 1: date shared with the parents").fill(
        (today - timedelta(days=7)).strftime("%d/%m/%Y")
    )
    page.get_by_label("Child protection plan").check()
    page.get_by_label("Category of abuse").select_option(label="Neglect")
    page.get_by_label("Risks the chair identified").fill("Jayden left alone overnight; bruising unexplained")
    page.get_by_role("button", name="Record the conference").click()
    expect(page.locator("main")).to_contain_text("Conference recorded.")
    conference = Conference.objects.get(child=council.child)
    page.goto(f"/people/{council.child.pk}/conferences/{conference.pk}/")
    expect(page.locator("#flags")).to_contain_text("Education was invited but did not attend")
    expect(page.locator("#flags")).not_to_contain_text("shared")  # the report reached the parents in time
    assert_accessible(page)
    sign_out(page)

    # The worker writes measurable outcomes, finalises the plan, holds a core group, and a visit fails.
    sign_in(page, worker.username)
    page.goto(child_page)
    page.get_by_role("link", name="Child protection plan").click()
    page.get_by_role("link", name="Add an outcome").click()
    page.get_by_label("What must change for the child").fill("Jayden is never left alone overnight")
    page.get_by_label("What the parents will do").fill(
        "Mother arranges a named adult whenever she works nights"
    )
    page.get_by_label("What each professional will do").fill(
        "Social worker checks the arrangement at each visit"
    )
    page.get_by_label("The action").fill("Childcare plan agreed with mother and grandmother")
    page.get_by_label("Who will do it").fill("Mother, with the social worker")
    page.get_by_label("By when").fill((today + timedelta(days=90)).strftime("%d/%m/%Y"))
    page.get_by_label("How we will know it has been met").fill(
        "No report of Jayden alone, checked at unannounced visits"
    )
    page.get_by_role("button", name="Add the outcome").click()
    # The council asks a manager to sign plans off: the worker sends it, the manager finalises it.
    page.get_by_label("Note for the manager (optional)").fill("Agreed with mother and grandmother")
    page.get_by_role("button", name="Send to the manager for sign-off").click()
    expect(page.locator("#sign-off-status")).to_contain_text("Waiting for a manager")
    expect(page.locator("#plan-status")).to_contain_text("Draft")
    assert_accessible(page)
    sign_out(page)
    sign_in(page, manager.username)
    page.get_by_role("link", name="Decisions", exact=True).click()
    waiting = page.locator("#decisions-waiting")
    expect(waiting).to_contain_text("Child protection plan from")
    expect(waiting).to_contain_text(worker.full_name)
    assert_accessible(page)
    waiting.get_by_role("link", name="Decide").click()
    expect(page.get_by_text("Agreed with mother and grandmother")).to_be_visible()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose whether you approve it")
    assert_accessible(page)
    page.get_by_label("Approve").check()
    page.get_by_label("Rationale, or what must change").fill(
        "Measurable outcomes that address the chair's risks"
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("main")).to_contain_text("approved")
    expect(page.locator("#decisions-waiting")).to_contain_text("Nothing is waiting for your decision")
    expect(page.locator("#decisions-made")).to_contain_text("Measurable outcomes that address")
    page.goto(child_page)
    page.get_by_role("link", name="Child protection plan").click()
    expect(page.locator("#plan-status")).to_contain_text("Finalised")
    expect(page.locator("#sign-off-status")).to_contain_text(f"Signed off by {manager.full_name}")
    sign_out(page)
    sign_in(page, worker.username)
    page.goto(child_page)
    page.get_by_role("link", name="Child protection plan").click()
    page.get_by_role("link", name="Record a core group").click()
    page.get_by_label("Date of the core group").fill(day)
    page.get_by_role("group", name="Education (optional)", exact=True).get_by_label(
        "Attended", exact=True
    ).check()
    page.get_by_role("group", name="Children's social care (optional)", exact=True).get_by_label(
        "Attended", exact=True
    ).check()
    page.get_by_label("What the core group found and how the plan changes").fill(
        "Grandmother now staying on night shifts"
    )
    page.get_by_label("Some progress").check()
    page.get_by_role("button", name="Record the core group").click()
    expect(page.locator("main")).to_contain_text("Core group meeting")
    page.get_by_role("link", name="Record a visit").click()
    page.get_by_label("Date of the visit").fill(day)
    page.get_by_role("group", name="Was the child seen?").get_by_label("No").check()
    page.get_by_label("If the child was not seen, why not").fill("No answer at the door; curtains drawn")
    page.get_by_role("button", name="Record the visit").click()
    expect(page.locator("#visits")).to_contain_text("Failed visit")
    page.get_by_role("link", name="My work").click()
    expect(page.locator("main")).to_contain_text("Failed child protection visit followed up")
    sign_out(page)

    # The manager sees the failed visit the same day and records what they have asked for.
    sign_in(page, manager.username)
    # The team page opens with its figures; the failed visits figure opens the list, against Jayden's worker.
    open_team_list(page, "failed")
    expect(page.locator("#failed-visits")).to_contain_text("Jayden Smith")
    expect(page.locator("#failed-visits")).to_contain_text(worker.full_name)
    expect(page.locator("#failed-visits")).to_contain_text("No answer at the door")
    assert_accessible(page)
    page.locator("#failed-visits").get_by_role("link", name=today.strftime("%-d %b %Y")).click()
    page.get_by_label("What you have decided or asked for").fill(
        "Visit again tomorrow morning with the school"
    )
    page.get_by_role("button", name="Mark as seen by the manager").click()
    page.goto("/my-team/")
    expect(page.locator("#failed-visits")).to_contain_text("No failed visit is waiting for a manager.")
    sign_out(page)

    # The worker's follow-up visit sees Jayden alone.
    sign_in(page, worker.username)
    page.goto(child_page)
    page.get_by_role("link", name="Child protection plan").click()
    page.get_by_role("link", name="Record a visit").click()
    page.get_by_label("Date of the visit").fill(day)
    page.get_by_role("group", name="Was the child seen?").get_by_label("Yes").check()
    page.get_by_label("The child was seen alone").check()
    page.get_by_label("The child's bedroom was seen").check()
    page.get_by_role("button", name="Record the visit").click()
    page.get_by_role("link", name="My work").click()
    expect(page.locator("main")).not_to_contain_text("Failed child protection visit followed up")
    sign_out(page)

    # The review conference sees the progress and ends the plan: Jayden steps down to a child in need plan.
    sign_in(page, chair.username)
    page.goto(f"/people/{council.child.pk}/conferences/")
    page.get_by_role("link", name="Record a review conference").click()
    page.get_by_label("Date of the conference").fill(day)
    page.get_by_label("Chair", exact=True).select_option(label=chair.full_name)
    page.get_by_role("group", name="Were the parents present?").get_by_label("Yes").check()
    page.get_by_label("Attended and spoke for themselves").check()
    page.get_by_label("The child's views and wishes").fill("Jayden says nanny is there at night now")
    page.locator("#id_invited_education").check()
    page.locator("#id_attended_education").check()
    page.get_by_label("Achieved").check()
    page.get_by_label("End the plan").check()
    page.get_by_role("button", name="Record the conference").click()
    page.goto(child_page)
    expect(page.locator(".govuk-summary-list")).to_contain_text("Child in need plan")
    expect(page.locator(".govuk-summary-list")).not_to_contain_text("Child protection plan")
    page.goto(f"/people/{council.child.pk}/chronology/?view=all")
    for step in (
        "Strategy discussion held",
        "Section 47 enquiry started",
        "Initial child protection conference",
        "Child protection plan started",
        "Core group meeting held",
        "Visit failed",
        "Manager told of the failed visit",
        "Review conference held",
        "Child protection plan ended",
        "Child in need plan started",
    ):
        expect(page.locator("main")).to_contain_text(step)
    assert_accessible(page)


def test_a_manager_oversees_the_team_holds_supervision_and_signs_off_an_assessment(
    page: Page, council: Any
) -> None:
    """The team view shows a failed visit and an overdue review; supervision records a decision on the child with
    an action that reaches the child's record, the chronology and the worker's worklist; the manager authorises an
    assessment with a rationale."""
    from hearth.children_in_need.assessments import assessment_complete, assessment_record, assessment_start
    from hearth.children_in_need.services import referral_decide, referral_receive
    from hearth.core.timescales.daily import daily_run
    from hearth.organisation.roles import Role
    from hearth.visits.services import visit_record

    worker, manager = council.worker, council.manager
    front_door = council.users[Role.FRONT_DOOR]
    today = clock.today()
    child_page = f"/people/{council.child.pk}/"
    daily_run(today)  # the nightly run, as a council's scheduler runs it

    # Jayden's plan started four months ago with no review conference; today's visit failed.
    put_on_plan(council.child.pk, days_ago=120)
    visit_record(
        kind="cp",
        plan=ChildProtectionPlan.objects.get(child=council.child),
        visit_date=today,
        seen=False,
        seen_alone=False,
        bedroom_seen=False,
        not_seen_reason="No answer at the door; curtains drawn",
        note="",
        by=worker,
    )
    # A referral whose assessment the worker has completed and sent for authorisation.
    episode = referral_receive(
        child=council.child, referral_date=today - timedelta(days=20), source="6", by=front_door
    )
    referral_decide(
        episode=episode, decision="assessment", decided_on=today - timedelta(days=20), by=front_door
    )
    assessment = assessment_start(episode=episode, start_date=today - timedelta(days=19), by=worker)
    assessment_record(
        assessment=assessment,
        version=assessment.version,
        values={
            "child_seen_date": today - timedelta(days=15),
            "child_seen_alone": True,
            "child_views": "Jayden wants more time with his nan",
            "parents_views": "Mother wants help with the mornings",
            "analysis": "Neglect of routines; mother engaging with support",
            "outcome": "cin_plan",
            "factors": ["2B"],
            "primary_need": "N1",
        },
        findings={},
        by=worker,
    )
    assessment_complete(assessment=assessment, completed_on=today - timedelta(days=1), by=worker)

    # The manager's team view: the failed visit, the overdue review and the assessment waiting.
    sign_in(page, manager.username)
    expect(page.get_by_role("heading", name="My team")).to_be_visible()
    failed = page.locator("#failed-visits")
    expect(failed).to_contain_text("Jayden Smith")
    expect(failed).to_contain_text("No answer at the door; curtains drawn")
    expect(page.locator("#team-overdue")).to_contain_text("First review conference held")
    expect(page.locator("#team-decisions")).to_contain_text("Jayden Smith")
    assert_accessible(page)

    page.get_by_role("link", name="Oversight").click()
    expect(page.get_by_role("heading", name="Oversight")).to_be_visible()
    team_row = page.locator(f"#team-{council.team.pk}")
    expect(team_row.locator("[data-figure=failed_visits]")).to_have_text("1")
    expect(page.locator(f"#overdue-by-rule-{council.team.pk}")).to_contain_text(
        "First review conference held"
    )
    assert_accessible(page)

    # The worker's supervision is due, from the engine (the nightly `hearth daily` joined them): on the manager's
    # own list, not the worker's.
    page.goto("/my-work/")
    supervision_row = page.locator("#my-work tr", has_text=worker.full_name).filter(
        has_text="Supervision held"
    )
    expect(supervision_row).to_contain_text((today + timedelta(weeks=4)).strftime("%-d %b %Y"))
    assert_accessible(page)

    # Supervision with the worker: a decision on Jayden with an action owned by the worker, due in a week.
    due = today + timedelta(days=7)
    page.get_by_role("link", name="Supervision", exact=True).click()
    page.get_by_role("link", name="Record a supervision").click()
    page.get_by_label("Whose supervision is it?").select_option(label=worker.full_name)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=f"Supervision of {worker.full_name}")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Date of the supervision").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Reflective discussion").fill("What the drawn curtains might mean; keeping curiosity")
    page.get_by_label("The worker's wellbeing").fill("Busy week; taking leave on Friday")
    first = page.get_by_role("group", name="Child 1", exact=True)
    first.get_by_label("Child", exact=True).select_option(label="Jayden Smith")
    first.get_by_label("Decision").fill("Unannounced visit with the school; review conference to be booked")
    first.get_by_label("Action 1").fill("Book the review conference with the chair")
    first.get_by_label("Who will do it").first.select_option(label=worker.full_name)
    first.get_by_label("By when").first.fill(due.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Record the supervision").click()
    expect(page.get_by_text(f"Supervision of {worker.full_name} recorded.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Book the review conference with the chair")
    assert_accessible(page)
    # Held today: the clock is met and the next supervision is due four weeks on (the council's setting).
    page.goto("/my-work/")
    expect(
        page.locator("#my-work tr", has_text=worker.full_name).filter(has_text="Supervision held")
    ).to_contain_text((today + timedelta(weeks=4)).strftime("%-d %b %Y"))
    expect(page.locator("#my-work")).not_to_contain_text("Overdue by")

    # The action is on Jayden's record and the decision in the chronology's key events.
    page.goto(child_page)
    expect(page.locator("#obligations")).to_contain_text(
        "Action from supervision: Book the review conference with the chair"
    )
    expect(page.locator("#obligations")).to_contain_text(due.strftime("%-d %b %Y"))
    assert_accessible(page)
    page.get_by_role("link", name="Chronology", exact=True).click()
    expect(page.locator("#chronology")).to_contain_text("Decision in supervision")
    expect(page.locator("#chronology")).to_contain_text("Unannounced visit with the school")
    assert_accessible(page)
    sign_out(page)

    # The worker finds the action in their worklist.
    sign_in(page, worker.username)
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    expect(page.locator("#my-work")).to_contain_text(
        "Action from supervision: Book the review conference with the chair"
    )
    assert_accessible(page)
    sign_out(page)

    # The manager authorises the assessment with a rationale.
    sign_in(page, manager.username)
    page.goto(f"/people/{council.child.pk}/assessments/{assessment.pk}/")
    expect(page.get_by_role("heading", name="Manager's decision")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Date of authorisation").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Rationale for the decision").fill(
        "Needs are clear and mother is engaging: a child in need plan is proportionate"
    )
    page.get_by_role("button", name="Authorise").click()
    status = page.locator("#assessment-status")
    expect(status).to_contain_text("Authorised")
    expect(status).to_contain_text(f"authorised {today.strftime('%-d %b %Y')} by {manager.full_name}")
    expect(page.locator("#rationale")).to_contain_text("a child in need plan is proportionate")
    assert_accessible(page)
    page.goto(f"/people/{council.child.pk}/chronology/?view=all")
    expect(page.locator("#chronology")).to_contain_text("Assessment completed and authorised")


def test_a_failed_child_in_need_visit_reaches_the_manager_the_day_it_is_recorded(
    page: Page, council: Any
) -> None:
    """Issue 14 item 7: a child in need visit recorded as not seen, days after it happened, is on the manager's team
    page that day and its follow-up on the worker's list; the manager records what they have asked for."""
    worker, manager = council.worker, council.manager
    today = clock.today()
    episode_id = on_a_child_in_need_plan(council)

    sign_in(page, worker.username)
    page.goto(f"/people/{council.child.pk}/children-in-need/{episode_id}/")
    page.get_by_role("link", name="Record a visit").click()
    page.get_by_label("Date of the visit").fill((today - timedelta(days=3)).strftime("%d/%m/%Y"))
    page.get_by_role("group", name="Was the child seen?").get_by_label("No").check()
    page.get_by_label("If the child was not seen, why not").fill("Family out; neighbour says they moved away")
    page.get_by_role("button", name="Record the visit").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("the manager has been told")
    page.get_by_role("link", name="My work").click()
    expect(page.locator("main")).to_contain_text("Failed child in need visit followed up")
    sign_out(page)

    sign_in(page, manager.username)
    open_team_list(page, "failed")
    failed = page.locator("#failed-visits")
    expect(failed).to_contain_text("Jayden Smith")
    expect(failed).to_contain_text("neighbour says they moved away")
    failed.get_by_role("link", name=(today - timedelta(days=3)).strftime("%-d %b %Y")).click()
    expect(page.get_by_role("heading", name="Failed child in need visit")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What you have decided or asked for").fill("Check with the school and the police today")
    page.get_by_role("button", name="Mark as seen by the manager").click()
    expect(page.locator("#failed-visits")).to_contain_text("No failed visit is waiting for a manager.")
