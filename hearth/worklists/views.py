from __future__ import annotations

from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hearth.care.workload import reviews_chaired_by
from hearth.core import clock
from hearth.core.council_settings import setting_value
from hearth.core.http import AuthenticatedRequest
from hearth.core.models import Obligation, ObligationStatus
from hearth.core.policy import guard, reads, within
from hearth.core.timescales.actions import rule_action_url
from hearth.core.timescales.display import due_soon_until, obligation_views
from hearth.core.timescales.store import council_calendar
from hearth.organisation.roles import Role
from hearth.organisation.selectors import teams_managed_by
from hearth.people.access import access_child
from hearth.people.models import PartnerContribution
from hearth.people.partners import partner_contribution_seen
from hearth.worklists.selectors import (
    _openable_by,
    my_work_page,
    partner_actions,
    partner_children,
    partner_news,
)
from hearth.worklists.team_page import team_page


def _dates() -> tuple:  # type: ignore[type-arg]
    today = clock.today()
    return today, due_soon_until(
        today, council_calendar(), int(setting_value("due_soon_working_days", today))
    )


@reads
def home(request: AuthenticatedRequest) -> HttpResponse:
    if request.user.is_manager:
        return redirect("worklists:my_team")
    if request.user.is_partner:
        return redirect("worklists:partner_home")
    return redirect("worklists:my_work")


@reads
def my_work_view(request: AuthenticatedRequest) -> HttpResponse:
    today, soon = _dates()
    page, counts = my_work_page(request.user, request.GET.get("page"), today, soon)
    return render(
        request,
        "worklists/my_work.html",
        {
            "page_obj": page,
            "rows": obligation_views(list(page.object_list), today, soon),
            "counts": counts,
            "today": today,
            "partner_news": partner_news(request.user),
            # A reviewing officer also sees the reviews due of the children they review.
            "chairing": obligation_views(
                list(reviews_chaired_by(request.user).filter(_openable_by(request.user))[:100]), today, soon
            )
            if request.user.role == Role.INDEPENDENT_REVIEWING_OFFICER
            else [],
        },
    )


@guard("oversight.view", every_method=True)
def my_team_view(request: AuthenticatedRequest) -> HttpResponse:
    """The team at a glance (issue 18): the summary first, each figure opening the list behind it (`show`), for the
    whole team or one worker (`worker`)."""
    today, soon = _dates()
    teams = list(teams_managed_by(request.user).distinct().order_by("name"))
    worker = request.GET.get("worker", "")
    found = team_page(
        request.user,
        teams,
        today,
        soon,
        show=request.GET.get("show", ""),
        worker_id=int(worker) if worker.isascii() and worker.isdigit() and len(worker) < 12 else None,
        page_number=request.GET.get("page"),
    )
    return render(
        request,
        "worklists/my_team.html",
        {
            "team": found,
            "view": found.view,
            "page_obj": found.page_obj,
            "rows": found.overdue,
            "decisions": found.decisions,
            "failed_visits": found.failed,
            "not_seen": found.not_seen,
            "paused": found.paused,
        },
    )


@within("child.record_work")
def partner_news_read(request: AuthenticatedRequest, contribution_pk: int) -> HttpResponse:
    """The worker has read a partner's contribution: it leaves their list (the service asks the policy)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    contribution = get_object_or_404(PartnerContribution.objects.select_related("child"), pk=contribution_pk)
    partner_contribution_seen(contribution=contribution, by=request.user)
    return redirect("worklists:my_work")


@reads
def partner_home(request: AuthenticatedRequest) -> HttpResponse:
    """A partner agency's home: the children they work with and what is due that their records meet."""
    if not request.user.is_partner:
        return redirect("worklists:my_work")
    today, soon = _dates()
    children = partner_children(request.user)
    return render(
        request,
        "worklists/partner_home.html",
        {
            "children": [(child, obligation_views(child.due, today, soon)) for child in children],
            "actions": partner_actions(request.user),
        },
    )


@reads
def act(request: AuthenticatedRequest, pk: int, obligation_pk: int) -> HttpResponse:
    """The shortest path (issue 18): a duty on a worklist opens the form that meets it, found by the duty's rule
    (`core.timescales.actions`); the child's page when no form is registered or the record it needs has gone."""
    person = access_child(request.user, pk, path=request.path)
    duty = get_object_or_404(Obligation, pk=obligation_pk, child=person, status=ObligationStatus.OPEN)
    return redirect(rule_action_url(duty) or reverse("childrecord:child_page", kwargs={"pk": person.pk}))
