"""The manager's team page at a glance (issue 18): a summary that fits one screen (the figures, and each worker's
children, overdue work, failed visits and children not seen), each figure opening the list behind it, for the whole
team or one worker. Work is read against the worker who holds the child, even where the duty is the manager's (a
failed visit's alert, a decision waiting)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator

from hearth.core.timescales.display import ObligationView, obligation_views
from hearth.organisation.models import StaffUser, Team
from hearth.worklists.pauses import paused_lines
from hearth.worklists.selectors import (
    FailedVisitLine,
    TeamView,
    holders_of,
    team_decisions,
    team_failed_count,
    team_failed_visits,
    team_not_seen,
    team_overdue,
    team_view,
)

# The lists behind the summary, each opened by its figure (`?show=`).
SECTIONS = ("failed", "not_seen", "decisions", "paused", "supervision", "overdue")
LIST_LIMIT = 100


@dataclass
class TeamPage:
    view: TeamView
    failed: list[FailedVisitLine]
    not_seen: list[ObligationView]
    decisions: list[ObligationView]
    paused: list[dict[str, Any]]
    overdue: list[ObligationView]
    page_obj: Page  # type: ignore[type-arg]
    show: str = ""  # the list opened ("" : the summary alone)
    worker: StaffUser | None = None  # the lists narrowed to one worker's children
    figures: list[tuple[str, str, int]] = field(default_factory=list)  # (section, words, count)


def _held(rows: list[ObligationView], holders: dict[int, tuple[int, str]]) -> list[ObligationView]:
    return [
        replace(row, holder=holders[row.obligation.child_id][1])
        if row.obligation.child_id in holders and row.obligation.owner_id is None
        else row
        for row in rows
    ]


def _holder_id(owner_id: int | None, child_id: int | None, holders: dict[int, tuple[int, str]]) -> int | None:
    """The worker a duty is read against: the worker who holds the child, else the duty's owner."""
    return holders.get(child_id or 0, (owner_id, ""))[0]


def _figure(section: str, count: int, one: str, many: str) -> tuple[str, str, int]:
    return section, one if count == 1 else many, count


def team_page(
    user: StaffUser,
    teams: list[Team],
    today: date,
    soon: date,
    *,
    show: str = "",
    worker_id: int | None = None,
    page_number: str | None = None,
) -> TeamPage:
    view = team_view(teams, today, soon)
    failed = team_failed_visits(user, teams)
    not_seen = obligation_views(list(team_not_seen(user, teams, today)[:LIST_LIMIT]), today, soon)
    decisions = obligation_views(list(team_decisions(user, teams)[:LIST_LIMIT]), today, soon)
    paused: list[dict[str, Any]] = list(paused_lines(user, teams, today))
    worker = StaffUser.objects.filter(pk=worker_id).first() if worker_id is not None else None
    overdue_all = team_overdue(user, teams, today)
    if worker is not None:
        overdue_all = overdue_all.filter(owner_id=worker.pk)  # as the worker's line counts it
    page = Paginator(overdue_all, 50).get_page(page_number)
    overdue_rows = obligation_views(list(page.object_list), today, soon)
    # Who holds each listed child, for every list at once: one query.
    holders = holders_of(
        [line.obligation.child_id for line in failed]
        + [row.obligation.child_id for row in not_seen + decisions + overdue_rows]
        + [item["obligation"].child_id for item in paused]
    )
    for line in failed:
        line.holder_id, line.holder = holders.get(line.obligation.child_id or 0, (None, ""))
    for item in paused:
        item["holder"] = holders.get(item["obligation"].child_id or 0, (None, ""))[1]
    # Each worker's failed visits and children not seen, by the worker who holds the child (the lists a worker's
    # figure opens are chosen the same way, so the figure and its list agree).
    by_worker = {line.worker_id: line for line in view.lines}
    for line in failed:
        if line.holder_id in by_worker:
            by_worker[line.holder_id].failed += 1
    for row in not_seen:
        holder = _holder_id(row.obligation.owner_id, row.obligation.child_id, holders)
        if holder in by_worker:
            by_worker[holder].not_seen += 1
    if worker is None:
        counts = (team_failed_count(user, teams), team_not_seen(user, teams, today).count())
        decisions_count = team_decisions(user, teams).count()
    else:
        wid = worker.pk
        failed = [line for line in failed if line.holder_id == wid]
        not_seen = [
            r for r in not_seen if _holder_id(r.obligation.owner_id, r.obligation.child_id, holders) == wid
        ]
        decisions = [r for r in decisions if _holder_id(None, r.obligation.child_id, holders) == wid]
        paused = [
            item
            for item in paused
            if _holder_id(item["obligation"].owner_id, item["obligation"].child_id, holders) == wid
        ]
        counts, decisions_count = (len(failed), len(not_seen)), len(decisions)
    overdue_count = view.overdue if worker is None else page.paginator.count
    overdue = _held(overdue_rows, holders)
    overdue_words = "overdue" if worker is not None else "overdue across the team"
    return TeamPage(
        view=view,
        failed=failed,
        not_seen=_held(not_seen, holders),
        decisions=_held(decisions, holders),
        paused=paused,
        overdue=overdue,
        page_obj=page,
        show=show if show in SECTIONS else ("overdue" if worker is not None else ""),
        worker=worker,
        figures=[
            _figure("overdue", overdue_count, overdue_words, overdue_words),
            _figure("failed", counts[0], "failed visit waiting for you", "failed visits waiting for you"),
            _figure("not_seen", counts[1], "child not seen in time", "children not seen in time"),
            _figure("decisions", decisions_count, "decision waiting", "decisions waiting"),
            _figure("paused", len(paused), "paused clock", "paused clocks"),
        ],
    )
