"""A family visited together is recorded once (issue 18): each child gets their own visit, event and obligations; what
was common is held once and a correction shows on every child; the policy is asked for each child."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.core import clock
from hearth.core.models import AccessLog, ChangeLog, Event, Obligation, ObligationStatus, Refusal
from hearth.organisation.services import allocation_change
from hearth.people.models import Person
from hearth.people.services.household import household_add_member
from hearth.people.tests.factories import make_child
from hearth.protection.models import ChildProtectionPlan
from hearth.protection.plans import cp_plan_start
from hearth.visits.models import Visit, VisitGroup
from hearth.visits.services import ChildOnVisit, visit_group_record

pytestmark = pytest.mark.django_db


def _plan(council: Any, child: Any, start: Any) -> ChildProtectionPlan:
    return cp_plan_start(
        child=child, cin_episode=None, start_date=start, category="NEG", risks="Left alone", by=council.worker
    )


@pytest.fixture
def family(council: Any) -> dict[str, Any]:
    """Jayden and two sisters living together, each on a protection plan, all held by the worker."""
    start = clock.today() - timedelta(days=20)
    sisters = [
        make_child(by=council.worker, forename=name, surname="Smith", date_of_birth=born)
        for name, born in (
            ("Amber", clock.today() - timedelta(days=365 * 9)),
            ("Ruby", clock.today() - timedelta(days=365 * 5)),
        )
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
        household_add_member(child=council.child, member=sister, start_date=start, by=council.worker)
    plans = {child.pk: _plan(council, child, start) for child in [council.child, *sisters]}
    return {"children": [council.child, *sisters], "plans": plans}


def _open_visit_duties(child: Any) -> list[Obligation]:
    return list(Obligation.objects.filter(child=child, rule_id="cp.visit", status=ObligationStatus.OPEN))


def test_one_visit_to_three_siblings_writes_each_childs_visit_event_and_obligation(
    council: Any, family: Any
) -> None:
    jayden, amber, ruby = family["children"]
    client = Client()
    client.force_login(council.worker)
    url = reverse(
        "visits:new", kwargs={"pk": jayden.pk, "kind": "cp", "plan_pk": family["plans"][jayden.pk].pk}
    )
    page = client.get(url).content.decode()
    assert "Brothers and sisters on the same visit" in page
    assert "Was Amber seen on this visit?" in page and "Was Ruby seen on this visit?" in page
    day = clock.today() - timedelta(days=1)
    due_before = {child.pk: _open_visit_duties(child)[0].due_date for child in family["children"]}
    done = client.post(
        url,
        {
            "visit_date": day.strftime("%d/%m/%Y"),
            "seen": "yes",
            "seen_alone": "on",
            "views": "Jayden wants to stay at home",
            f"c{amber.pk}_seen": "yes",
            f"c{amber.pk}_views": "Amber misses her dad",
            f"c{ruby.pk}_seen": "no",
            f"c{ruby.pk}_not_seen_reason": "At nursery",
            "note": "Home clean, food in the cupboards, mother engaged.",
        },
    )
    assert done.status_code == 302
    group = VisitGroup.objects.get()
    visits = {visit.child_id: visit for visit in Visit.objects.filter(group=group)}
    assert set(visits) == {jayden.pk, amber.pk, ruby.pk}
    assert (visits[jayden.pk].seen_alone, visits[jayden.pk].views) == (True, "Jayden wants to stay at home")
    assert (visits[amber.pk].seen, visits[amber.pk].views) == (True, "Amber misses her dad")
    assert (visits[ruby.pk].seen, visits[ruby.pk].not_seen_reason) == (False, "At nursery")
    assert all(
        visit.notes == "Home clean, food in the cupboards, mother engaged." for visit in visits.values()
    )
    # Each child's own event, and their own visiting duty: met and started again for the two seen, still due for Ruby.
    assert Event.objects.filter(child=jayden, type="cp_visit.completed").count() == 1
    assert Event.objects.filter(child=amber, type="cp_visit.completed").count() == 1
    assert Event.objects.filter(child=ruby, type="cp_visit.failed").count() == 1
    assert _open_visit_duties(jayden)[0].due_date > due_before[jayden.pk]
    assert _open_visit_duties(amber)[0].due_date > due_before[amber.pk]
    assert _open_visit_duties(ruby)[0].due_date == due_before[ruby.pk]
    # Each child's visit page shows the shared notes, their own views and the others on the visit.
    amber_page = client.get(
        reverse("visits:visit", kwargs={"pk": amber.pk, "visit_pk": visits[amber.pk].pk})
    ).content.decode()
    assert "Amber misses her dad" in amber_page and "Home clean" in amber_page
    assert "Jayden Smith" in amber_page and "Ruby Smith" in amber_page and "Jayden wants" not in amber_page


def test_a_correction_of_the_shared_notes_shows_on_every_child_and_is_logged_on_each(
    council: Any, family: Any
) -> None:
    jayden, amber, ruby = family["children"]
    day = clock.today() - timedelta(days=1)
    group = visit_group_record(
        children=[
            ChildOnVisit(child=child, kind="cp", plan=family["plans"][child.pk], seen=True)
            for child in family["children"]
        ],
        visit_date=day,
        note="Mother engaged",
        by=council.worker,
    )
    client = Client()
    client.force_login(council.worker)
    ruby_visit = Visit.objects.get(group=group, child=ruby)
    url = reverse("visits:notes_correct", kwargs={"pk": ruby.pk, "visit_pk": ruby_visit.pk})
    refused = client.post(url, {"note": "  "}).content.decode()
    assert "Enter the notes of the visit" in refused
    client.post(url, {"note": "Mother engaged; father present for the first time"})
    for visit in Visit.objects.filter(group=group):
        assert visit.notes == "Mother engaged; father present for the first time"
    assert set(ChangeLog.objects.filter(model="visits.visitgroup").values_list("child_id", flat=True)) >= {
        jayden.pk,
        amber.pk,
        ruby.pk,
    }


def test_a_child_not_living_with_the_family_or_out_of_the_workers_scope_is_refused_and_nothing_written(
    council: Any, family: Any
) -> None:
    jayden, amber, _ = family["children"]
    day = clock.today() - timedelta(days=1)
    stranger = make_child(by=council.worker, forename="Leo", surname="Jones")
    allocation_change(
        child_id=stranger.pk,
        worker=council.worker,
        team=council.team,
        start_date=day - timedelta(days=30),
        reason="New",
        by=council.users["front_door"],
    )
    stranger_plan = _plan(council, stranger, day - timedelta(days=20))
    with pytest.raises(ValidationError) as refused:
        visit_group_record(
            children=[
                ChildOnVisit(child=jayden, kind="cp", plan=family["plans"][jayden.pk], seen=True),
                ChildOnVisit(child=stranger, kind="cp", plan=stranger_plan, seen=True),
            ],
            visit_date=day,
            note="",
            by=council.worker,
        )
    assert "Leo Jones does not live with Jayden Smith" in str(refused.value)
    # A worker of another team may not write to the family's records: refused for each child, nothing written.
    with pytest.raises(ValidationError) as refused:
        visit_group_record(
            children=[
                ChildOnVisit(child=child, kind="cp", plan=family["plans"][child.pk], seen=True)
                for child in (jayden, amber)
            ],
            visit_date=day,
            note="",
            by=council.colleague,
        )
    assert "Jayden Smith:" in str(refused.value) and "Amber Smith:" in str(refused.value)
    assert not Visit.objects.exists() and not VisitGroup.objects.exists()


def test_one_childs_refusal_refuses_the_whole_visit_named_by_that_childs_field(
    council: Any, family: Any
) -> None:
    jayden, amber, ruby = family["children"]
    client = Client()
    client.force_login(council.worker)
    url = reverse(
        "visits:new", kwargs={"pk": jayden.pk, "kind": "cp", "plan_pk": family["plans"][jayden.pk].pk}
    )
    refused = client.post(
        url,
        {
            "visit_date": (clock.today() - timedelta(days=1)).strftime("%d/%m/%Y"),
            "seen": "yes",
            f"c{amber.pk}_seen": "no",
            f"c{ruby.pk}_seen": "not_visited",
            "note": "Notes typed once",
        },
    ).content.decode()
    assert (
        "Enter why the child was not seen" in refused and f'href="#id_c{amber.pk}_not_seen_reason"' in refused
    )
    assert "Notes typed once" in refused
    assert not Visit.objects.exists() and not VisitGroup.objects.exists()
    # Ruby, left "not on this visit", is not named in any refusal.
    assert f'href="#id_c{ruby.pk}_' not in refused


def test_a_sibling_the_worker_may_not_open_is_not_offered(council: Any, family: Any) -> None:
    jayden, amber, ruby = family["children"]
    # Ruby's record is restricted to the people named on it: Jayden's worker is not one of them.
    Person.objects.filter(pk=ruby.pk).update(is_restricted=True)
    client = Client()
    client.force_login(council.worker)
    url = reverse(
        "visits:new", kwargs={"pk": jayden.pk, "kind": "cp", "plan_pk": family["plans"][jayden.pk].pk}
    )
    refusals = Refusal.objects.count()
    page = client.get(url).content.decode()
    assert "Was Amber seen on this visit?" in page and "Ruby" not in page
    assert Refusal.objects.count() == refusals  # offered or not, nothing was tried: no refusal is logged
    assert AccessLog.objects.filter(child_id=jayden.pk).exists()
