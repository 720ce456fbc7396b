"""A clock paused with a reason (issue 14 item 5): through the child's page, the pause page and the team page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.test import Client
from django.urls import reverse

from hearth.children_in_need.assessments import assessment_authorise
from hearth.children_in_need.cin_plans import cin_plan_start
from hearth.children_in_need.tests.fixtures import completed_assessment
from hearth.core.models import ChangeLog, Event, Obligation, ObligationStatus
from hearth.core.timescales.rules import rule
from hearth.core.timescales.store import obligations_rebuild

VISIT = "cin.visit"


def _visit_clock(council: Any) -> Obligation:
    assessment = completed_assessment(council, date(2026, 10, 5))
    assessment_authorise(
        assessment=assessment, authorised_on=date(2026, 10, 13), rationale="CIN", by=council.manager
    )
    cin_plan_start(episode=assessment.episode, start_date=date(2026, 10, 19), by=council.worker)
    return Obligation.objects.get(child=council.child, rule_id=VISIT, status=ObligationStatus.OPEN)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pause_url(council: Any, clock_row: Obligation) -> str:
    return reverse("worklists:pause", kwargs={"pk": council.child.pk, "obligation_pk": clock_row.pk})


def test_a_paused_clock_says_why_is_not_overdue_and_is_listed_for_the_manager(
    council: Any, settings: Any
) -> None:
    settings.HEARTH_TODAY = date(2026, 12, 5)
    clock_row = _visit_clock(council)
    due = clock_row.due_date
    worker = _client(council.worker)
    child_page = worker.get(reverse("childrecord:child_page", args=[council.child.pk])).content.decode()
    assert _pause_url(council, clock_row) in child_page
    # A decision waiting for a manager or the front door is not a worker's to pause; nor is a duty about staff.
    assert rule("cin.visit").pausable and not rule("cin.failed_visit_seen_by_manager").pausable
    assert not rule("supervision.due").pausable
    response = worker.post(
        _pause_url(council, clock_row),
        {"reason": "missing", "details": "Reported missing by police on Friday", "review_on": "12/12/2026"},
    )
    assert response.status_code == 302
    clock_row.refresh_from_db()
    assert clock_row.paused_on == date(2026, 12, 5)
    page = worker.get(reverse("childrecord:child_page", args=[council.child.pk])).content.decode()
    assert "Paused: The child is missing: Reported missing by police on Friday; review by 12 Dec 2026" in page
    assert "Resume" in page
    # A week later it is not overdue: the manager sees the pause, its reason and its review date.
    settings.HEARTH_TODAY = date(2026, 12, 11)
    team = _client(council.manager).get(reverse("worklists:my_team")).content.decode()
    paused_table = team.split('id="paused"')[1].split("</table>")[0]
    assert "Jayden Smith" in paused_table and "Reported missing by police" in paused_table
    assert "12 Dec 2026" in paused_table and "Review due" not in paused_table
    overdue_table = team.split('id="team-overdue"')[1].split("</table>")[0]
    assert "Decision on a referral" in overdue_table and "Child in need visited" not in overdue_table
    # Past its review date and not resumed, the pause no longer hides the duty (a bank holiday, 28 December).
    settings.HEARTH_TODAY = date(2026, 12, 28)
    team = _client(council.manager).get(reverse("worklists:my_team")).content.decode()
    assert "Review due" in team.split('id="paused"')[1].split("</table>")[0]
    assert "Child in need visited" in team.split('id="team-overdue"')[1].split("</table>")[0]
    # Resumed on the 28th: the 23 days it was paused are added to the due date.
    response = worker.post(
        reverse("worklists:resume", kwargs={"pk": council.child.pk, "obligation_pk": clock_row.pk})
    )
    assert response.status_code == 302
    clock_row.refresh_from_db()
    assert clock_row.paused_on is None and clock_row.due_date == due + timedelta(days=23)
    assert list(
        Event.objects.filter(child=council.child, type__startswith="timescale.").values_list(
            "type", flat=True
        )
    ) == ["timescale.paused", "timescale.resumed"]
    # A replay from the record gives the same clock.
    obligations_rebuild(council.child.pk)
    again = Obligation.objects.get(pk=clock_row.pk)
    assert (again.due_date, again.paused_on, again.status) == (
        clock_row.due_date,
        None,
        ObligationStatus.OPEN,
    )


def test_a_pause_without_a_reason_or_a_sensible_review_date_is_refused_and_changes_nothing(
    council: Any, settings: Any
) -> None:
    settings.HEARTH_TODAY = date(2026, 12, 5)
    clock_row = _visit_clock(council)
    worker = _client(council.worker)
    before = (Event.objects.count(), ChangeLog.objects.count())
    for data, field, message in (
        ({"review_on": "12/12/2026"}, "reason", "Choose why the clock is paused."),
        ({"reason": "other", "review_on": "12/12/2026"}, "details", "Say what the other reason is."),
        ({"reason": "hospital"}, "review_on", "Enter the date the pause will be reviewed."),
        (
            {"reason": "hospital", "review_on": "4/12/2026"},
            "review_on",
            "The review date must be today or later.",
        ),
        ({"reason": "hospital", "review_on": "6/3/2027"}, "review_on", "within 3 months of today"),
    ):
        response = worker.post(_pause_url(council, clock_row), data)
        assert response.status_code == 200
        assert message in response.content.decode(), (field, message)
        assert field in response.context["form"].errors
    assert (Event.objects.count(), ChangeLog.objects.count()) == before
    clock_row.refresh_from_db()
    assert clock_row.paused_on is None


def test_a_paused_duty_cannot_be_paused_twice_and_a_running_one_not_restarted(
    council: Any, settings: Any
) -> None:
    settings.HEARTH_TODAY = date(2026, 12, 5)
    clock_row = _visit_clock(council)
    worker = _client(council.worker)
    worker.post(_pause_url(council, clock_row), {"reason": "abroad", "review_on": "19/12/2026"})
    response = worker.post(_pause_url(council, clock_row), {"reason": "abroad", "review_on": "19/12/2026"})
    assert "already paused" in response.content.decode()
    worker.post(reverse("worklists:resume", kwargs={"pk": council.child.pk, "obligation_pk": clock_row.pk}))
    response = worker.post(
        reverse("worklists:resume", kwargs={"pk": council.child.pk, "obligation_pk": clock_row.pk}),
        follow=True,
    )
    assert "This duty is not paused." in response.content.decode()
    assert Event.objects.filter(type="timescale.resumed").count() == 1


def test_a_pause_stops_only_the_duty_it_names_and_resuming_restarts_only_that_one() -> None:
    """Two open actions from supervision under one rule: pausing one leaves the other running."""
    from hearth.core.calendar import WorkingDayCalendar
    from hearth.core.council_settings import SettingsSnapshot
    from hearth.core.timescales.engine import EngineContext, EventFact, replay

    context = EngineContext.build(WorkingDayCalendar(), SettingsSnapshot([]))
    first = EventFact(1, "supervision.action", date(2026, 11, 2), {"owner_id": 7, "due_date": "2026-11-30"})
    second = EventFact(2, "supervision.action", date(2026, 11, 2), {"owner_id": 8, "due_date": "2026-12-07"})
    pause = EventFact(
        3,
        "timescale.paused",
        date(2026, 11, 9),
        {
            "rule": "supervision.action",
            "start_date": "2026-11-02",
            "started_by": 2,
            "review_on": "2026-11-23",
        },
    )
    resume = EventFact(
        4, "timescale.resumed", date(2026, 11, 16), {"rule": "supervision.action", "pause_event": 3}
    )
    paused = {s.started_by: s for s in replay([first, second, pause], context)}
    assert paused[1].paused_on is None and paused[2].paused_on == date(2026, 11, 9)
    assert paused[2].pause_review_on == date(2026, 11, 23)
    resumed = {s.started_by: s for s in replay([first, second, pause, resume], context)}
    assert resumed[1].due_date == date(2026, 11, 30)  # untouched
    assert (resumed[2].paused_on, resumed[2].due_date) == (None, date(2026, 12, 14))  # 7 days paused


def test_only_the_worker_whose_duty_it_is_or_a_manager_may_pause_it(council: Any, settings: Any) -> None:
    from hearth.organisation.roles import Role

    settings.HEARTH_TODAY = date(2026, 12, 5)
    clock_row = _visit_clock(council)
    colleague = council.users[Role.FRONT_DOOR]  # may record on the child, but it is not their duty
    response = _client(colleague).post(
        _pause_url(council, clock_row), {"reason": "abroad", "review_on": "19/12/2026"}
    )
    assert (
        "Only the worker whose duty it is, or a manager, may pause or resume it." in response.content.decode()
    )
    assert not Event.objects.filter(type="timescale.paused").exists()
    _client(council.manager).post(
        _pause_url(council, clock_row), {"reason": "abroad", "review_on": "19/12/2026"}
    )
    assert Event.objects.filter(type="timescale.paused").count() == 1
