"""Families (issue 18), as a new user would meet them: three brothers and sisters visited once and recorded once, from
the worklist; a manager opening the family page and its genogram; a session that times out while an assessment is
typed, and the text there again after signing in."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import assert_accessible
from e2e.test_journeys import sign_in
from hearth.core import clock
from hearth.core.codesets import RelationshipType
from hearth.organisation.services import allocation_change
from hearth.organisation.tests.factories import TEST_PASSWORD
from hearth.people.services.household import household_add_member, relationship_add
from hearth.people.tests.factories import make_adult, make_child
from hearth.protection.plans import cp_plan_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def three_on_plans(council: Any) -> list[Any]:
    """Jayden and his sisters Amber and Ruby live with their mother; each is on a protection plan, all held by the
    worker, and each visit is due."""
    start = clock.today() - timedelta(days=20)
    mother = make_adult(
        by=council.worker, forename="Claire", surname="Smith", sex="F", date_of_birth=date(1990, 5, 1)
    )
    sisters = [
        make_child(by=council.worker, forename=name, surname="Smith", sex="F", date_of_birth=born)
        for name, born in (("Amber", date(2014, 6, 1)), ("Ruby", date(2020, 2, 2)))
    ]
    for sister in sisters:
        allocation_change(
            child_id=sister.pk,
            worker=council.worker,
            team=council.team,
            start_date=start,
            reason="Sibling",
            by=council.users["front_door"],
        )
    for member in (mother, *sisters):
        household_add_member(child=council.child, member=member, start_date=start, by=council.worker)
    for child in (council.child, *sisters):
        relationship_add(person=mother, other=child, type=RelationshipType.MOTHER, by=council.worker)
        cp_plan_start(
            child=child,
            cin_episode=None,
            start_date=start,
            category="NEG",
            risks="Left alone",
            by=council.worker,
        )
    return [council.child, *sisters]


def test_a_worker_visits_three_siblings_and_records_it_once_from_the_worklist(
    page: Page, council: Any
) -> None:
    jayden, amber, ruby = three_on_plans(council)
    sign_in(page, council.worker.username)
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    # The row opens the visit form itself, dated today, with Jayden's sisters offered on the same page.
    page.get_by_role("link", name="Child on a protection plan visited for Jayden Smith").click()
    expect(page.get_by_role("heading", name="Record a child protection visit")).to_be_visible()
    expect(page.get_by_label("Date of the visit")).to_have_value(f"{clock.today():%d/%m/%Y}")
    page.get_by_role("group", name="Was the child seen?").get_by_label("Yes").check()
    page.get_by_role("group", name="Was Amber seen on this visit?").get_by_label("Yes").check()
    page.get_by_role("group", name="Was Ruby seen on this visit?").get_by_label("Yes").check()
    page.get_by_label("Notes of the visit (shared by every child visited)").fill(
        "All three seen at home with their mother; the house warm and food in the cupboards."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Record the visit").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Visit recorded.")
    # Each child's record, chronology and worklist show their own visit.
    for child in (jayden, amber, ruby):
        page.goto(f"/people/{child.pk}/chronology/")
        expect(page.locator("main")).to_contain_text("visit")
        page.goto(f"/people/{child.pk}/")
        expect(
            page.locator("#obligations tr", has_text="Child on a protection plan visited")
        ).to_contain_text("Upcoming")
    page.goto("/my-work/")
    visits = page.locator("#my-work tr", has_text="Child on a protection plan visited")
    expect(visits).to_have_count(3)
    expect(visits.filter(has_text="Overdue")).to_have_count(0)
    # Ruby's visit shows the shared notes and who else was on it.
    page.goto(f"/people/{ruby.pk}/protection-plans/{ruby.protection_plans.get().pk}/")
    page.locator("#visits").get_by_role("link").first.click()
    expect(page.locator("#visit-notes")).to_contain_text("All three seen at home")
    expect(page.locator("#visited-with")).to_contain_text("Jayden Smith")
    expect(page.locator("#visited-with")).to_contain_text("Amber Smith")
    assert_accessible(page)


def test_a_manager_opens_a_family_page_and_its_genogram(page: Page, council: Any) -> None:
    jayden, amber, ruby = three_on_plans(council)
    sign_in(page, council.manager.username)
    page.goto(f"/people/{jayden.pk}/")
    page.get_by_role("navigation", name="Child's record").get_by_role("link", name="Family").click()
    expect(page.get_by_role("heading", name="Jayden Smith's family")).to_be_visible()
    children = page.locator("#family-children")
    for name in ("Jayden Smith", "Amber Smith", "Ruby Smith"):
        expect(children).to_contain_text(name)
    expect(children).to_contain_text("Child protection plan")
    expect(page.get_by_role("img", name="Genogram of Jayden Smith's family")).to_be_visible()
    expect(page.locator("#genogram-text")).to_contain_text("Claire Smith is mother of Ruby Smith")
    expect(page.get_by_role("img", name="Ecomap of Jayden Smith's family")).to_be_visible()
    assert_accessible(page)
    page.locator("#family-children").get_by_role("link", name="Ruby Smith").click()
    expect(page.locator(".hearth-identity-bar")).to_contain_text("Ruby Smith")


def test_a_session_times_out_while_an_assessment_is_typed_and_the_text_is_there_after_signing_in(
    page: Page, browser: Browser, live_server: Any, council: Any
) -> None:
    from hearth.children_in_need.assessments import assessment_start
    from hearth.children_in_need.services import referral_receive

    episode = referral_receive(
        child=council.child,
        referral_date=clock.today() - timedelta(days=5),
        source="2A",
        by=council.users["front_door"],
    )
    assessment = assessment_start(
        episode=episode, start_date=clock.today() - timedelta(days=5), by=council.worker
    )
    url = f"/people/{council.child.pk}/assessments/{assessment.pk}/"
    sign_in(page, council.worker.username)
    page.goto(url)
    analysis = "Mother is engaging; the risk from the new partner is not yet understood and needs a check with police."
    page.get_by_label("Analysis").fill(analysis)
    form = page.locator("form[data-warn-unsaved]")
    expect(form).to_have_attribute("data-server-draft-saved", re.compile(r"\d+"))
    # Another device: the draft typed here is on the form there too, once signed in.
    other = browser.new_context(base_url=live_server.url).new_page()
    sign_in(other, council.worker.username)
    other.goto(url)
    expect(other.get_by_label("Analysis")).to_have_value(analysis)
    expect(other.locator(".hearth-server-draft")).to_contain_text("We have put back what you typed")
    other.context.close()
    # The session ends while the worker carries on typing; they press Save.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))  # noqa: TID251 - sessions run on the real clock
    more = analysis + " School report awaited."
    page.get_by_label("Analysis").fill(more)
    page.evaluate("window.localStorage.clear()")  # nothing on this device: what comes back is the server's
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#kept")).to_contain_text("Your session had ended")
    page.get_by_label("Username").fill(council.worker.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_label("Analysis")).to_have_value(more)
    expect(page.locator(".hearth-draft-notice")).to_be_visible()
    assert_accessible(page)
