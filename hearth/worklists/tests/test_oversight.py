"""Escalation to the next manager up after a local number of working days, and the manager's view across teams
(/oversight/) with the children behind each figure."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hearth.core import clock
from hearth.core.models import Obligation
from hearth.organisation.models import StaffUser, Team
from hearth.organisation.roles import Role
from hearth.organisation.services import allocation_change
from hearth.organisation.tests.factories import StaffUserFactory
from hearth.people.models import Person
from hearth.people.tests.factories import make_child
from hearth.supervision.services import supervision_record
from hearth.worklists.escalation import DECISION, FAILED_VISIT, OVERDUE, SUPERVISION, VISIT, escalated_for

pytestmark = pytest.mark.dates  # reads Hearth's today: run again on each date by `make test-dates`

# Wednesday 30 December 2026. Christmas falls on a Friday and Boxing Day on a Saturday, so Monday 28 December is
# the substitute bank holiday: the working days before it are 29, 24, 23, 22 December.
TODAY = date(2026, 12, 30)
THREE_WORKING_DAYS_OVERDUE = date(2026, 12, 23)  # 24, 29, 30
FOUR_WORKING_DAYS_OVERDUE = date(2026, 12, 22)  # 23, 24, 29, 30


def _obligation(child: Person, rule_id: str, due: date, *, owner: StaffUser | None, team: Team) -> Obligation:
    return Obligation.objects.create(
        child=child,
        rule_id=rule_id,
        start_date=due - timedelta(days=10),
        due_date=due,
        owner=owner,
        team=team,
    )


def _child(council: Any, worker: StaffUser, team: Team, forename: str) -> Person:
    child = make_child(by=council.worker, forename=forename, surname="Oversight")
    allocation_change(
        child_id=child.pk,
        worker=worker,
        team=team,
        start_date=date(2025, 1, 6),
        reason="New referral",
        by=council.users[Role.FRONT_DOOR],
    )
    Obligation.objects.filter(child=child).delete()
    return child


def test_an_item_overdue_by_exactly_the_setting_is_not_escalated_and_one_more_working_day_is(
    council: Any,
) -> None:
    head = council.users[Role.HEAD_OF_SERVICE]
    Obligation.objects.all().delete()
    not_yet = _obligation(
        council.child, "cin_plan.review", THREE_WORKING_DAYS_OVERDUE, owner=council.worker, team=council.team
    )
    escalated = _obligation(
        council.child, "cp.visit", FOUR_WORKING_DAYS_OVERDUE, owner=council.worker, team=council.team
    )
    lines = escalated_for(head, TODAY)
    assert [(line.kind, line.due_date) for line in lines] == [(VISIT, escalated.due_date)]
    assert lines[0].working_days_overdue == 4  # the bank holiday and the weekend do not count
    assert lines[0].escalated_from == council.manager.full_name
    assert lines[0].child_id == council.child.pk
    assert not_yet.due_date not in [line.due_date for line in lines]
    # The team manager's own alerts are theirs already: nothing of them is escalated to the team manager.
    assert escalated_for(council.manager, TODAY) == []
    assert escalated_for(council.worker, TODAY) == []


def test_each_kind_of_alert_of_a_team_managers_team_is_escalated_to_the_head_of_its_service(
    council: Any, django_assert_max_num_queries: Any
) -> None:
    head = council.users[Role.HEAD_OF_SERVICE]
    Obligation.objects.all().delete()
    due = FOUR_WORKING_DAYS_OVERDUE
    _obligation(council.child, "cp.failed_visit_seen_by_manager", due, owner=None, team=council.team)
    _obligation(council.child, "assessment.authorisation", due, owner=None, team=council.team)
    _obligation(council.child, "cin_plan.review", due, owner=council.worker, team=council.team)
    _obligation(council.child, "lac.visit", due, owner=council.worker, team=council.team)
    supervision_record(
        manager=council.manager,
        worker=council.worker,
        held_on=date(2026, 10, 1),
        reflective_discussion="Reflection",
        wellbeing="Well",
        children=[],
    )
    with django_assert_max_num_queries(6):
        lines = escalated_for(head, TODAY)
    assert sorted(line.kind for line in lines) == sorted(
        [FAILED_VISIT, DECISION, OVERDUE, VISIT, SUPERVISION]
    )
    supervision = next(line for line in lines if line.kind == SUPERVISION)
    assert (
        supervision.worker_id == council.worker.pk and supervision.escalated_from == council.manager.full_name
    )
    # A head of service of another service sees none of it.
    other_head = StaffUserFactory(role=Role.HEAD_OF_SERVICE, team=council.far_team)
    council.other_service.head = other_head
    council.other_service.save()
    assert escalated_for(other_head, TODAY) == []


def test_an_assistant_team_managers_workers_alerts_are_escalated_to_the_team_manager(council: Any) -> None:
    assistant = council.users[Role.ASSISTANT_TEAM_MANAGER]
    head = council.users[Role.HEAD_OF_SERVICE]
    supervised = StaffUserFactory(full_name="Ade Assisted", team=council.team, line_manager=assistant)
    child = _child(council, supervised, council.team, "Mia")
    Obligation.objects.all().delete()
    _obligation(child, "cin.visit", FOUR_WORKING_DAYS_OVERDUE, owner=supervised, team=council.team)
    _obligation(child, "cin_plan.review", THREE_WORKING_DAYS_OVERDUE, owner=supervised, team=council.team)
    lines = escalated_for(council.manager, TODAY)
    assert [(line.child_id, line.kind, line.escalated_from) for line in lines] == [
        (child.pk, VISIT, assistant.full_name)
    ]
    assert escalated_for(head, TODAY) == []
    assert escalated_for(assistant, TODAY) == []


def test_an_assistant_team_managers_alert_goes_on_to_the_head_of_service_after_a_second_period(
    council: Any,
) -> None:
    """Escalation climbs each step after the same number of working days: assistant team manager, then the team
    manager after 3 working days overdue, then the head of service after 6."""
    assistant = council.users[Role.ASSISTANT_TEAM_MANAGER]
    head = council.users[Role.HEAD_OF_SERVICE]
    supervised = StaffUserFactory(full_name="Ade Assisted", team=council.team, line_manager=assistant)
    child = _child(council, supervised, council.team, "Mia")
    Obligation.objects.all().delete()
    six_overdue = date(2026, 12, 18)  # 21, 22, 23, 24, 29, 30
    seven_overdue = date(2026, 12, 17)
    _obligation(child, "cin_plan.review", six_overdue, owner=supervised, team=council.team)
    _obligation(child, "cin.visit", seven_overdue, owner=supervised, team=council.team)
    assert [line.due_date for line in escalated_for(council.manager, TODAY)] == [seven_overdue, six_overdue]
    lines = escalated_for(head, TODAY)
    assert [(line.due_date, line.kind) for line in lines] == [(seven_overdue, VISIT)]
    assert lines[0].escalated_from == f"{assistant.full_name}, then {council.manager.full_name}"
    # Supervision the assistant team manager let lapse climbs the same way.
    supervision_record(
        manager=assistant,
        worker=supervised,
        held_on=date(2026, 10, 1),
        reflective_discussion="Reflection",
        wellbeing="Well",
        children=[],
    )
    kinds = {line.kind: line for line in escalated_for(head, TODAY)}
    assert SUPERVISION in kinds and kinds[SUPERVISION].worker_id == supervised.pk


def test_the_escalation_setting_is_read_on_the_day(council: Any) -> None:
    from hearth.core.council_settings import council_setting_set

    head = council.users[Role.HEAD_OF_SERVICE]
    Obligation.objects.all().delete()
    _obligation(
        council.child, "cp.visit", THREE_WORKING_DAYS_OVERDUE, owner=council.worker, team=council.team
    )
    assert escalated_for(head, TODAY) == []
    council_setting_set(key="escalation_working_days", value=2, effective_from=date(2026, 1, 1))
    assert [line.kind for line in escalated_for(head, TODAY)] == [VISIT]


def _two_teams(council: Any) -> dict[str, Any]:
    """Overdue work, a failed visit, a child not seen and a decision in the manager's team; other work in the
    service's other team (the colleague's)."""
    today = clock.today()
    Obligation.objects.all().delete()
    east_overdue = _child(council, council.worker, council.team, "Ava")
    east_visit = _child(council, council.worker, council.team, "Ben")
    east_failed = _child(council, council.worker, council.team, "Cara")
    east_decision = _child(council, council.worker, council.team, "Dan")
    west_child = _child(council, council.colleague, council.other_team, "Eve")
    _obligation(
        east_overdue, "cin_plan.review", today - timedelta(days=3), owner=council.worker, team=council.team
    )
    _obligation(east_overdue, "cin.visit", today + timedelta(days=5), owner=council.worker, team=council.team)
    _obligation(east_visit, "cp.visit", today - timedelta(days=2), owner=council.worker, team=council.team)
    _obligation(east_failed, "cp.failed_visit_seen_by_manager", today, owner=None, team=council.team)
    _obligation(
        east_decision, "assessment.authorisation", today + timedelta(days=1), owner=None, team=council.team
    )
    _obligation(
        west_child,
        "cin_plan.review",
        today - timedelta(days=9),
        owner=council.colleague,
        team=council.other_team,
    )
    _obligation(
        west_child, "cin.visit", today - timedelta(days=9), owner=council.colleague, team=council.other_team
    )
    return {
        "east_overdue": east_overdue,
        "east_visit": east_visit,
        "east_failed": east_failed,
        "east_decision": east_decision,
        "west_child": west_child,
    }


def _row(page: str, team: Team) -> str:
    return page[page.index(f'id="team-{team.pk}"') :].split("</tr>")[0]


def _figure(row: str, figure: str) -> tuple[str, int]:
    found = re.search(rf'href="([^"]+)" data-figure="{figure}">(\d+)</a>', row)
    assert found, figure
    return found.group(1).replace("&amp;", "&"), int(found.group(2))


def _children_listed(client: Client, url: str) -> set[str]:
    page = client.get(url).content.decode()
    table = page[page.index('id="oversight-children"') :].split("</table>")[0]
    return set(re.findall(r">(\w+) Oversight</a>", table))


def test_a_team_manager_sees_their_teams_figures_each_linking_to_the_children_behind_it(
    council: Any, django_assert_max_num_queries: Any
) -> None:
    _two_teams(council)
    client = Client()
    client.force_login(council.manager)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("worklists:oversight"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="team-{council.other_team.pk}"' not in page  # not a team this manager manages
    row = _row(page, council.team)
    expected = {
        "overdue": ({"Ava", "Ben"}, 2),
        "failed_visits": ({"Cara"}, 1),
        "not_seen": ({"Ben"}, 1),
        "decisions": ({"Dan"}, 1),
    }
    for figure, (children, count) in expected.items():
        url, shown = _figure(row, figure)
        assert shown == count, figure
        assert _children_listed(client, url) == children, figure
    by_rule = page[page.index(f'id="overdue-by-rule-{council.team.pk}"') :].split("</table>")[0]
    assert "Child in need plan reviewed" in by_rule and "Child on a protection plan visited" in by_rule
    rule_url = reverse("worklists:oversight_list") + f"?team={council.team.pk}&rule=cp.visit"
    assert rule_url.replace("&", "&amp;") in by_rule
    assert _children_listed(client, rule_url) == {"Ben"}
    caseloads = page[page.index(f'id="caseloads-{council.team.pk}"') :].split("</table>")[0]
    assert council.worker.full_name in caseloads
    assert (
        'govuk-table__cell--numeric">5.0</td>' in caseloads
    )  # Jayden and four more, no open episode: 1.0 each
    # Never supervised: the social worker, the assistant team manager and the front door worker are overdue.
    assert '<a class="govuk-link" href="/supervision/">3</a>' in row
    assert "Oversight" in page[page.index('id="navigation"') :].split("</ul>")[0]


def test_a_head_of_service_sees_one_row_per_team_of_their_service(council: Any) -> None:
    _two_teams(council)
    client = Client()
    client.force_login(council.users[Role.HEAD_OF_SERVICE])
    page = client.get(reverse("worklists:oversight")).content.decode()
    east, west = _row(page, council.team), _row(page, council.other_team)
    assert f'id="team-{council.far_team.pk}"' not in page
    assert _figure(east, "overdue")[1] == 2 and _figure(west, "overdue")[1] == 2
    assert _figure(west, "not_seen")[1] == 1 and _figure(west, "decisions")[1] == 0
    url, _ = _figure(west, "overdue")
    assert _children_listed(client, url) == {"Eve"}
    assert _children_listed(client, reverse("worklists:oversight_list")) == {"Ava", "Ben", "Eve"}
    assert "Weighted caseload" in page and 'id="caseloads-' not in page  # per team, not per worker
    escalated = page[page.index('id="escalated"') :].split("</table>")[0]
    assert "Eve Oversight" in escalated and "Ava Oversight" not in escalated  # 9 days overdue, 3 days


def test_a_worker_is_refused_and_a_head_of_service_cannot_list_another_services_team(council: Any) -> None:
    client = Client()
    client.force_login(council.worker)
    assert client.get(reverse("worklists:oversight")).status_code == 403
    assert client.get(reverse("worklists:oversight_list")).status_code == 403
    assert "Oversight" not in client.get(reverse("worklists:my_work")).content.decode()
    client.force_login(council.users[Role.HEAD_OF_SERVICE])
    far = reverse("worklists:oversight_list") + f"?team={council.far_team.pk}&kind=overdue"
    assert client.get(far).status_code == 404
    client.force_login(council.manager)
    other = reverse("worklists:oversight_list") + f"?team={council.other_team.pk}&kind=decisions"
    assert client.get(other).status_code == 404
    assert client.get(reverse("worklists:oversight_list") + "?kind=nonsense").status_code == 404


def test_a_head_of_service_opens_every_child_her_oversight_lists_show(council: Any) -> None:
    """Issue 13: her lists and the access rule read "her teams" from one definition. A head of service whose own
    team sits in another service (quality assurance, say) heads this one: she sees its children's overdue work and
    may open each of them."""
    from hearth.organisation.models import Service

    quality = Service.objects.create(name="Safeguarding and quality assurance")
    qa_team = Team.objects.create(name="Quality Assurance", service=quality)
    head = StaffUserFactory(role=Role.HEAD_OF_SERVICE, team=qa_team, full_name="Hana Head")
    council.service.head = head
    council.service.save()
    Obligation.objects.all().delete()
    _obligation(council.child, "cp.visit", FOUR_WORKING_DAYS_OVERDUE, owner=council.worker, team=council.team)
    client = Client()
    client.force_login(head)
    page = client.get(reverse("worklists:oversight")).content.decode()
    assert council.team.name in page
    listed = reverse("childrecord:child_page", kwargs={"pk": council.child.pk})
    assert client.get(listed).status_code == 200
    # A child of a service she neither heads nor works in stays closed to her, and off her lists.
    far = _child(council, council.colleague, council.far_team, "Farah")
    _obligation(far, "cp.visit", FOUR_WORKING_DAYS_OVERDUE, owner=council.colleague, team=council.far_team)
    page = client.get(reverse("worklists:oversight")).content.decode()
    assert council.far_team.name not in page
    assert client.get(reverse("childrecord:child_page", kwargs={"pk": far.pk})).status_code == 404
    # A head of service with no team of her own: the same, from the service she heads.
    teamless = StaffUserFactory(role=Role.HEAD_OF_SERVICE, team=None, full_name="Tia Teamless")
    council.service.head = teamless
    council.service.save()
    client.force_login(teamless)
    assert council.team.name in client.get(reverse("worklists:oversight")).content.decode()
    assert client.get(listed).status_code == 200
    assert client.get(reverse("childrecord:child_page", kwargs={"pk": far.pk})).status_code == 404
