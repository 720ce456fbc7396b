"""Visits as one domain (issue 13, ADR 18): one model, service, form and page for every kind of statutory visit; each
kind declares its plan, rule and questions; one list of statutory visit rules for "children not seen", escalation
and the worklists."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.children_in_need.cin_plans import cin_plan_start
from hearth.children_in_need.models import CinPlan
from hearth.children_in_need.tests.test_cin_plans import _assessed
from hearth.core import clock
from hearth.core.events import event_record
from hearth.core.models import Event
from hearth.core.timescales.rules import rule, statutory_visit_rule_ids
from hearth.visits import kinds
from hearth.visits.kinds import VisitKind, visit_kind, visit_kind_register, visit_kinds
from hearth.visits.models import Visit
from hearth.visits.services import visit_record
from hearth.worklists.escalation import VISIT, alert_kind
from hearth.worklists.selectors import team_not_seen


def test_every_kind_meets_a_statutory_visiting_rule_and_the_one_list_holds_them_all() -> None:
    declared = {kind.key: kind for kind in visit_kinds()}
    assert {"cin", "cp"} <= set(declared)
    for kind in declared.values():
        assert rule(kind.rule_id).statutory_visit, kind.key
    # The looked-after visit is on the one list too, though its page comes with the care work.
    assert set(statutory_visit_rule_ids()) == {"cin.visit", "cp.visit", "lac.visit"}
    assert all(alert_kind(rule_id, []) == VISIT for rule_id in statutory_visit_rule_ids())


def test_an_overdue_looked_after_visit_is_a_child_not_seen_as_escalation_already_said(council: Any) -> None:
    """The team's "children not seen" read two of the three rules escalation read (issue 13): now one list."""
    event_record(
        child_id=council.child.pk,
        type="lac_visit.completed",
        occurred_on=clock.today() - timedelta(weeks=10),
        recorded_by=council.worker,
        payload={"seen": True, "seen_alone": False, "seen_text": "yes"},
    )
    rows = list(team_not_seen(council.manager, [council.team], clock.today()))
    assert [row.rule_id for row in rows] == ["lac.visit"]


def _cin_plan(council: Any) -> CinPlan:
    episode = _assessed(council, date(2025, 2, 3))
    return cin_plan_start(episode=episode, start_date=date(2025, 2, 17), by=council.worker)


def test_the_one_page_records_a_child_in_need_visit_and_returns_to_its_plan(council: Any) -> None:
    plan = _cin_plan(council)
    client = Client()
    client.force_login(council.worker)
    url = reverse("visits:new", kwargs={"pk": council.child.pk, "kind": "cin", "plan_pk": plan.pk})
    page = client.get(url).content.decode()
    assert "Record a visit" in page and "Was the child seen?" in page
    refused = client.post(url, {"visit_date": "03/03/2025", "seen": "no"}).content.decode()
    assert "Enter why the child was not seen" in refused and not Visit.objects.exists()
    done = client.post(url, {"visit_date": "03/03/2025", "seen": "yes", "seen_alone": "on"})
    assert done.status_code == 302 and done["Location"].endswith(f"/children-in-need/{plan.episode_id}/")
    visit = Visit.objects.get()
    assert (visit.kind, visit.cin_plan, visit.seen_alone) == ("cin", plan, True)
    assert Event.objects.get(type="cin_visit.completed").record_type == "visits.visit"
    # A kind that does not exist, or a plan of another kind under its number, is not found.
    assert client.get(url.replace("/cin/", "/lac/")).status_code == 404
    assert client.get(url.replace("/cin/", "/cp/")).status_code == 404


def test_the_plan_holds_the_child_read_once_for_the_visit_and_its_save(
    council: Any, django_assert_max_num_queries: Any
) -> None:
    plan = _cin_plan(council)
    found = visit_kind("cin").plan_of(council.child, plan.pk)
    # The plan and its episode in one query; the child is the one the page read.
    with django_assert_max_num_queries(0):
        assert visit_kind("cin").child_of(found) is council.child
    assert visit_kind("cin").plan_of(council.child, plan.pk + 1000) is None
    client = Client()
    client.force_login(council.worker)
    url = reverse("visits:new", kwargs={"pk": council.child.pk, "kind": "cin", "plan_pk": plan.pk})
    client.get(url)
    # The child read and their access asked once, the visit, its change, its event, the visiting duty met and
    # the next opened, the quality mark and its check: one transaction, in few statements.
    with django_assert_max_num_queries(24):
        done = client.post(url, {"visit_date": "03/03/2025", "seen": "yes", "seen_alone": "on"})
    assert done.status_code == 302 and Visit.objects.get().child == council.child


@pytest.fixture
def kind_with_a_question() -> Any:
    """A kind with a question of its own, as the looked-after visit will have (was the placement seen?)."""
    declared = VisitKind(
        key="tst",
        label="Trial visit",
        title="Record a trial visit",
        plan_field="cin_plan",
        plan_model=lambda: CinPlan,
        child_lookup="episode__child",
        plan_page=lambda plan: "/",
        rule_id="cin.visit",
        seen_event="cin_visit.completed",
        failed_event="cin_visit.failed",
        failed_seen_event="cin_visit.failed_seen",
        questions=(
            ("placement_seen", lambda: forms.BooleanField(label="The placement was seen", required=False)),
        ),
    )
    visit_kind_register(declared)
    yield declared
    del kinds._KINDS["tst"]


def test_a_kinds_own_questions_are_asked_on_the_page_and_kept_with_the_visit(
    council: Any, kind_with_a_question: VisitKind
) -> None:
    plan = _cin_plan(council)
    client = Client()
    client.force_login(council.worker)
    url = reverse("visits:new", kwargs={"pk": council.child.pk, "kind": "tst", "plan_pk": plan.pk})
    assert "The placement was seen" in client.get(url).content.decode()
    client.post(url, {"visit_date": "03/03/2025", "seen": "yes", "placement_seen": "on"})
    assert Visit.objects.get().answers == {"placement_seen": True}
    with pytest.raises(ValidationError, match="asks no question colour"):
        visit_record(
            kind="tst",
            plan=plan,
            visit_date=date(2025, 3, 4),
            seen=True,
            seen_alone=False,
            bedroom_seen=False,
            not_seen_reason="",
            note="",
            answers={"colour": "blue"},
            by=council.worker,
        )
    assert Visit.objects.count() == 1
