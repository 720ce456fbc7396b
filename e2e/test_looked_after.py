"""Issue 16's journey in a real browser, as a new user would take it: a child becomes looked after under section 20
with a foster carer from the register, gets a care plan and a placement plan, is visited (one visit fails and the
manager sees it the same day), is reviewed by the reviewing officer with two recommendations followed up at the next
review, moves to a home outside the area (a new episode, the host council told by letter) and becomes subject to a
care order."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from e2e.test_journeys import open_team_list, sign_in, sign_out
from hearth.care.models import Approval, CareProvider, ProviderKind
from hearth.core import clock
from hearth.core.tests.queue import run_queued
from hearth.organisation.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _outcome(page: Page, what: str, by: date) -> None:
    page.get_by_role("link", name="Add an outcome").click()
    page.get_by_label("What must change for the child").fill(what)
    page.get_by_label("The action").fill("Agreed at the planning meeting")
    page.get_by_label("Who will do it").fill("Social worker, with the carers")
    page.get_by_label("By when").fill(_day(by))
    page.get_by_label("How we will know it has been met").fill("Jayden tells us, and the carers confirm it")
    page.get_by_role("button", name="Add the outcome").click()


def _review(page: Page, held: date) -> None:
    page.get_by_role("link", name="Record a review", exact=True).click()
    page.get_by_label("Date of the review").fill(_day(held))
    page.get_by_label("How the child took part").select_option("PN1")
    page.get_by_label("Date the reviewing officer met the child before the review, if they did").fill(
        _day(held - timedelta(days=2))
    )
    page.get_by_label("What the review found and decided").fill("Settled with the Okafors; school going well")


def test_a_child_becomes_looked_after_is_placed_visited_reviewed_moved_and_made_subject_to_a_care_order(
    page: Page, council: Any
) -> None:
    today = clock.today()
    start = today - timedelta(days=70)
    worker, manager = council.worker, council.manager
    iro = council.users[Role.INDEPENDENT_REVIEWING_OFFICER]
    CareProvider.objects.create(
        name="Hillside House",
        kind=ProviderKind.CHILDRENS_HOME,
        provider_code="PR4",
        urn="SC123456",
        postcode="LS1 4AP",
        in_area=False,
        approval=Approval.NOT_APPLICABLE,
        capacity=4,
        age_from=8,
        age_to=17,
        host_council="Leeds City Council",
        host_council_address="Merrion House\nLeeds\nLS2 8BB",
    )

    # The fostering and placements team adds the Okafors to the register.
    sign_in(page, council.users[Role.PLACEMENTS].username)
    page.get_by_role("link", name="Carers and homes").click()
    page.get_by_role("link", name="Add a carer or home").click()
    assert_accessible(page)
    page.get_by_label("Name").fill("The Okafor household")
    page.get_by_label("Kind").select_option(label="Fostering household (the council's own)")
    page.get_by_label("Provider (SSDA903)").select_option("PR1")
    page.get_by_label("Postcode").fill("ne6 2xa")
    page.get_by_label("Inside the council's area").select_option("yes")
    page.get_by_label("Approval").select_option("full")
    page.get_by_label("Places (children at once)").fill("2")
    page.get_by_label("Youngest age approved").fill("0")
    page.get_by_label("Oldest age approved").fill("17")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#provider-summary")).to_contain_text("NE6 2XA (inside the council's area)")
    sign_out(page)

    # The worker records the decision to accommodate and the placement, chosen from the register.
    sign_in(page, worker.username)
    page.goto(f"/people/{council.child.pk}/care/")
    expect(page.locator("#not-looked-after")).to_contain_text("Jayden is not looked after")
    page.get_by_role("link", name="Becoming looked after").click()
    assert_accessible(page)
    page.get_by_label("Date the child became looked after").fill(_day(start))
    page.get_by_label("Accommodated under section 20, with the parents' agreement").check()
    page.get_by_label("An assessment").check()
    page.get_by_label("Reason for the decision to accommodate").fill(
        "Mother in hospital; no family able to care"
    )
    page.get_by_label("Category of need").select_option("N1")
    page.get_by_label("Placement type (SSDA903)").select_option("U6")
    page.get_by_label("Carer or home, from the register").select_option(
        label="The Okafor household (fostering household (the council's own), NE6 2XA, in area)"
    )
    page.get_by_label("Brothers and sisters").select_option("none")
    page.get_by_role("button", name="Record").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("waiting for a manager's sign-off")
    expect(page.locator("#legal-status")).to_contain_text(
        "Single period of accommodation under section 20 (V2)"
    )
    expect(page.locator("#carer-now")).to_contain_text("The Okafor household")
    assert_accessible(page)

    # The care plan and the placement plan, each with an outcome.
    _outcome(page, "Jayden keeps in touch with his brother", today + timedelta(days=60))
    page.get_by_label("Date", exact=True).fill(_day(start + timedelta(days=7)))
    page.get_by_role("button", name="Care plan prepared").click()
    expect(page.locator("#care-plan-status")).to_contain_text("Prepared")
    page.locator("#placement-now").get_by_role("link").click()
    _outcome(page, "Jayden settles at the Okafors", today + timedelta(days=30))
    page.get_by_label("Date agreed").fill(_day(start + timedelta(days=3)))
    page.get_by_label("Agreed with the carer").check()
    page.get_by_role("button", name="Placement plan agreed").click()
    expect(page.locator("#placement-plan-status")).to_contain_text("Agreed with the carer")
    assert_accessible(page)

    # Visits: one where Jayden is seen alone, and one that fails.
    page.get_by_role("link", name="Record a visit").click()
    page.get_by_label("Date of the visit").fill(_day(start + timedelta(days=4)))
    page.get_by_role("group", name="Was the child seen?").get_by_label("Yes").check()
    page.get_by_label("The child was seen alone").check()
    page.get_by_role("button", name="Record the visit").click()
    expect(page.locator("#last-visit")).to_contain_text("alone")
    page.get_by_role("link", name="Record a visit").click()
    page.get_by_label("Date of the visit").fill(_day(today - timedelta(days=1)))
    page.get_by_role("group", name="Was the child seen?").get_by_label("No").check()
    page.get_by_label("If the child was not seen, why not").fill("No one at the carers' home")
    page.get_by_role("button", name="Record the visit").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("the manager has been told")
    sign_out(page)

    # The manager sees the failed visit the same day, and allocates the reviewing officer.
    sign_in(page, manager.username)
    page.get_by_role("link", name="My team").click()
    open_team_list(page, "failed")
    failed = page.locator("#failed-visits")
    expect(failed).to_contain_text("No one at the carers' home")
    failed.get_by_role("link", name=(today - timedelta(days=1)).strftime("%-d %b %Y")).click()
    page.get_by_label("What you have decided or asked for").fill(
        "Visit again tomorrow; call the carers first"
    )
    page.get_by_role("button", name="Mark as seen by the manager").click()
    expect(page.locator("#failed-visits")).to_contain_text("No failed visit is waiting for a manager.")
    page.goto(f"/people/{council.child.pk}/care/")
    page.locator("#iro").get_by_role("link", name="Allocate").click()
    page.get_by_label("Independent reviewing officer").select_option(
        label=f"{iro.full_name} (independent reviewing officer)"
    )
    page.get_by_label("Date allocated").fill(_day(start + timedelta(days=2)))
    page.get_by_role("button", name="Allocate").click()
    expect(page.locator("#iro")).to_contain_text(iro.full_name)
    sign_out(page)

    # The reviewing officer holds the first review with two recommendations, and follows them up at the next.
    sign_in(page, iro.username)
    page.goto(f"/people/{council.child.pk}/care/")
    _review(page, start + timedelta(days=20))
    for number, (text, by) in enumerate(
        (("Weekly contact with his brother arranged", 14), ("Referral to the school nurse made", 28))
    ):
        page.get_by_label(f"Recommendation {number + 1}: what will be done (specific and measurable)").fill(
            text
        )
        page.get_by_label(f"Recommendation {number + 1}: who").select_option(
            label=f"{worker.full_name} (social worker)"
        )
        page.get_by_label(f"Recommendation {number + 1}: by when").fill(_day(start + timedelta(days=20 + by)))
    assert_accessible(page)
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Review 1 recorded")
    expect(page.locator("#recommendations")).to_contain_text("Weekly contact with his brother arranged")
    page.get_by_role("link", name="Back to care").click()
    _review(page, today - timedelta(days=5))
    page.get_by_label("Progress on: Weekly contact with his brother arranged", exact=False).fill(
        "Every Saturday"
    )
    page.get_by_label("Done").first.check()
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Review 2 recorded")
    page.get_by_role("link", name="Back to care").click()
    reviews = page.locator("#review-list")
    expect(reviews).to_contain_text("Review 1")
    reviews.get_by_role("link", name="Review 1", exact=False).click()
    expect(page.locator("#recommendations")).to_contain_text("Every Saturday")
    expect(page.locator("#recommendations")).to_contain_text("Done")
    sign_out(page)

    # A move to a home outside the area: a new episode, and the host council told by letter.
    sign_in(page, worker.username)
    page.goto(f"/people/{council.child.pk}/care/")
    page.get_by_role("link", name="A new placement").click()
    page.get_by_label("Date the new placement started").fill(_day(today - timedelta(days=3)))
    page.get_by_label("Reason the placement changed").select_option("CARPL")
    page.get_by_label("Placement type (SSDA903)").select_option("K2")
    page.get_by_label("Carer or home, from the register").select_option(
        label="Hillside House (children's home, LS1 4AP, out of area)"
    )
    page.get_by_role("button", name="Record the move").click()
    expect(page.locator("#carer-now")).to_contain_text("Outside the council's area")
    expect(page.locator("#episodes")).to_contain_text("Change of placement (and carer) only (P)")
    page.locator("#placement-now").get_by_role("link").click()
    page.get_by_role("button", name="Send: notice of a placement in your area").click()
    run_queued()  # the worker beside the server (`hearth worker`)
    page.reload()
    expect(page.locator("main")).to_contain_text("Director of Children's Services, Leeds City Council")

    # The court makes a care order: the legal status changes in a new episode.
    page.get_by_role("link", name="Back to care").click()
    page.get_by_role("link", name="Record an order").click()
    page.get_by_label("Order").select_option("co")
    page.get_by_label("Court").fill("Northmoor Family Court")
    page.get_by_label("Date made").fill(_day(today - timedelta(days=1)))
    page.get_by_role("button", name="Record the order").click()
    expect(page.locator("#legal-status")).to_contain_text("Full care order (C2)")
    expect(page.locator("#episodes")).to_contain_text("Change of legal status only (L)")
    assert_accessible(page)
    page.goto(f"/people/{council.child.pk}/")
    expect(page.locator("main")).to_contain_text("Hillside House")
