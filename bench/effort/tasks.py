"""People's time (issue 18, PRODUCT.md "People's time matters as much as the server's"): the main recording tasks,
driven in a real browser as a worker or manager would do them, counting interactions and timing each from the first
interaction to the confirmation on screen. Run by `make bench` through `bench.effort.measure` (several runs each,
the median reported), never by `make test`: it measures, it does not assert a time.

An interaction is a click, a choice in a control, a field filled in, or a submit; typing within one field is one.
Signing in and opening the page the task starts from are not counted (the task starts there).
"""

from __future__ import annotations

import json
import os
import time
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from e2e.test_families import three_on_plans
from e2e.test_journeys import sign_in
from hearth.core import clock
from hearth.protection.plans import cp_plan_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
RUNS = int(os.environ.get("HEARTH_EFFORT_RUNS", "5"))


class Effort:
    """Counts what the person does and how much they type, and times it."""

    def __init__(self, page: Page) -> None:
        self.page, self.interactions, self.typed, self.started = page, 0, 0, 0.0

    def _count(self) -> None:
        if not self.interactions:
            self.started = time.perf_counter()
        self.interactions += 1

    def click(self, target: Locator) -> None:
        self._count()
        target.click()

    def choose(self, target: Locator, **option: Any) -> None:
        self._count()
        if option:
            target.select_option(**option)
        else:
            target.check()

    def fill(self, target: Locator, text: str) -> None:
        self._count()
        self.typed += len(text)
        target.fill(text)

    def done(self, task: str, shown: Locator, words: str) -> None:
        expect(shown).to_contain_text(words)
        seconds = time.perf_counter() - self.started
        with open(os.environ.get("HEARTH_EFFORT_OUT", "var/effort.jsonl"), "a", encoding="utf-8") as out:
            out.write(
                json.dumps(
                    {"task": task, "interactions": self.interactions, "typed": self.typed, "seconds": seconds}
                )
                + "\n"
            )


VISIT_NOTES = "Seen at home with mother; house warm, food in the cupboards, bedroom tidy."
CASE_NOTE = "Telephone call with the school: attendance 96% this half term, no concerns raised."


@pytest.mark.parametrize("run", range(RUNS))
def test_record_a_statutory_visit_from_the_worklist(page: Page, council: Any, run: int) -> None:
    cp_plan_start(
        child=council.child,
        cin_episode=None,
        start_date=clock.today() - timedelta(days=20),
        category="NEG",
        risks="Left alone",
        by=council.worker,
    )
    sign_in(page, council.worker.username)
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    effort = Effort(page)
    effort.click(page.get_by_role("link", name="Child on a protection plan visited for Jayden Smith"))
    effort.choose(page.get_by_role("group", name="Was the child seen?").get_by_label("Yes"))
    effort.fill(page.get_by_label("Notes of the visit"), VISIT_NOTES)
    effort.click(page.get_by_role("button", name="Record the visit"))
    effort.done("visit", page.locator(".govuk-notification-banner"), "Visit recorded.")


@pytest.mark.parametrize("run", range(RUNS))
def test_record_one_visit_to_three_siblings(page: Page, council: Any, run: int) -> None:
    three_on_plans(council)
    sign_in(page, council.worker.username)
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    effort = Effort(page)
    effort.click(page.get_by_role("link", name="Child on a protection plan visited for Jayden Smith"))
    effort.choose(page.get_by_role("group", name="Was the child seen?").get_by_label("Yes"))
    effort.choose(page.get_by_role("group", name="Was Amber seen on this visit?").get_by_label("Yes"))
    effort.choose(page.get_by_role("group", name="Was Ruby seen on this visit?").get_by_label("Yes"))
    effort.fill(page.get_by_label("Notes of the visit (shared by every child visited)"), VISIT_NOTES)
    effort.click(page.get_by_role("button", name="Record the visit"))
    effort.done("sibling_visit", page.locator(".govuk-notification-banner"), "Visit recorded.")


@pytest.mark.parametrize("run", range(RUNS))
def test_write_a_case_note(page: Page, council: Any, run: int) -> None:
    sign_in(page, council.worker.username)
    page.goto(f"/people/{council.child.pk}/")
    effort = Effort(page)
    effort.click(page.get_by_role("link", name="Case notes", exact=True).first)
    effort.click(page.get_by_role("link", name="Write a case note"))
    effort.choose(page.get_by_label("Telephone call"))
    effort.fill(page.get_by_label("Note", exact=True), CASE_NOTE)
    effort.click(page.get_by_role("button", name="Save and finalise"))
    effort.done("case_note", page.locator("#note-text"), "Telephone call with the school")


@pytest.mark.parametrize("run", range(RUNS))
def test_record_a_supervision_decision_with_an_action(page: Page, council: Any, run: int) -> None:
    sign_in(page, council.manager.username)
    page.goto("/supervision/")
    effort = Effort(page)
    effort.click(page.get_by_role("link", name=f"Record supervision of {council.worker.full_name}"))
    effort.fill(page.get_by_label("Reflective discussion"), "What the drawn curtains might mean")
    effort.fill(page.get_by_label("The worker's wellbeing"), "Well; leave booked")
    child = page.get_by_role("group", name="Child 1", exact=True)
    effort.choose(child.get_by_label("Child", exact=True), label="Jayden Smith")
    effort.fill(child.get_by_label("Decision"), "Unannounced visit with the school")
    effort.fill(child.get_by_label("Action 1"), "Book the review conference")
    effort.choose(child.get_by_label("Who will do it").first, label=council.worker.full_name)
    effort.fill(child.get_by_label("By when").first, (clock.today() + timedelta(days=7)).strftime("%d/%m/%Y"))
    effort.click(page.get_by_role("button", name="Record the supervision"))
    effort.done("supervision", page.locator("main"), "Book the review conference")


@pytest.mark.parametrize("run", range(RUNS))
def test_sign_off_a_plan(page: Page, council: Any, run: int) -> None:
    from hearth.plans.services import outcome_add
    from hearth.protection.tests.plan_fixtures import OUTCOME
    from hearth.signoff.services import sign_off_request

    plan = cp_plan_start(
        child=council.child,
        cin_episode=None,
        start_date=clock.today() - timedelta(days=5),
        category="NEG",
        risks="Left alone",
        by=council.worker,
    )
    outcome_add(
        plan=plan,
        due_date=clock.today() + timedelta(days=90),
        by=council.worker,
        on=plan.start_date,
        **OUTCOME,
    )
    sign_off_request(kind="cp_plan", subject=plan, note="Agreed with mother", by=council.worker)
    sign_in(page, council.manager.username)
    page.goto("/decisions/")
    effort = Effort(page)
    effort.click(page.locator("#decisions-waiting").get_by_role("link", name="Decide"))
    effort.choose(page.get_by_label("Approve"))
    effort.fill(page.get_by_label("Rationale, or what must change"), "Outcomes address the chair's risks")
    effort.click(page.get_by_role("button", name="Record the decision"))
    effort.done("sign_off", page.locator("#decisions-made"), "Outcomes address the chair's risks")
