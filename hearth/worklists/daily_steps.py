"""The escalation notices of `hearth daily` (issue 15): each alert that crossed an escalation threshold on a day the
run covers is news for the manager it now reaches (worklists.escalation says who: the team manager for an alert of
a worker an assistant team manager line manages, the head of service otherwise, and the head of service again for
the first kind after twice the working days)."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse

from hearth.core.council_settings import current_snapshot
from hearth.core.dates import long_date
from hearth.core.models import Obligation, ObligationStatus
from hearth.core.timescales.daily import daily_step_register
from hearth.core.timescales.display import running_on
from hearth.core.timescales.rules import all_rules
from hearth.core.timescales.store import council_calendar
from hearth.notifications.models import Notification
from hearth.notifications.services import notify
from hearth.organisation.models import StaffUser, Team
from hearth.organisation.roles import Role
from hearth.worklists.escalation import escalation_cutoff


def heads_of(team: Team) -> list[StaffUser]:
    """The head of the team's service, or the heads of service working in it when it names none."""
    service = team.service
    if service.head is not None:
        return [service.head]
    return list(StaffUser.objects.filter(role=Role.HEAD_OF_SERVICE, team__service=service, is_active=True))


def escalations_notify(first: date, today: date) -> int:
    working_days = int(current_snapshot().value("escalation_working_days", today))
    calendar = council_calendar()
    before = first - timedelta(days=1)
    titles = {rule.id: rule.title for rule in all_rules()}
    url = reverse("worklists:oversight")
    sent = 0
    for step in (1, 2):
        low = escalation_cutoff(before, step * working_days, calendar)
        high = escalation_cutoff(today, step * working_days, calendar)
        crossed = (
            Obligation.objects.filter(
                running_on(today),
                status=ObligationStatus.OPEN,
                child__isnull=False,
                team__isnull=False,
                due_date__gt=low,
                due_date__lte=high,
            )
            .select_related("owner__line_manager", "team__manager", "team__service__head")
            .order_by("due_date", "pk")
        )
        rows = list(crossed)
        # A run that covers a day again (running twice does no harm) does not tell anyone twice.
        told = set(
            Notification.objects.filter(
                kind="escalation", child_id__in={item.child_id for item in rows}
            ).values_list("recipient_id", "child_id", "text")
        )
        for item in rows:
            assert item.team is not None and item.due_date is not None
            line = item.owner.line_manager if item.owner is not None else None
            under_assistant = line is not None and line.role == Role.ASSISTANT_TEAM_MANAGER
            if step == 1:
                recipients = (
                    [item.team.manager] if under_assistant and item.team.manager else heads_of(item.team)
                )
            else:
                recipients = heads_of(item.team) if under_assistant else []
            text = f"{titles.get(item.rule_id, item.rule_id)}: due {long_date(item.due_date)}, still open"
            recipients = [user for user in recipients if (user.pk, item.child_id, text) not in told]
            if recipients:
                sent += len(
                    notify(
                        kind="escalation", recipients=recipients, text=text, url=url, child_id=item.child_id
                    )
                )
    return sent


daily_step_register("escalations_notified", escalations_notify)
