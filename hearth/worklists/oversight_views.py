"""The manager's view across teams (/oversight/) and the children behind each of its figures."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard
from hearth.core.timescales.display import obligation_views
from hearth.core.timescales.rules import all_rules
from hearth.organisation.roles import Role
from hearth.worklists.escalation import escalated_for
from hearth.worklists.oversight import KINDS, children_behind, oversight_teams, team_figures
from hearth.worklists.views import _dates

KIND_CAPTIONS = {
    "overdue": "Overdue work",
    "failed_visits": "Failed visits waiting for a manager",
    "not_seen": "Children not seen within their visiting interval",
    "decisions": "Decisions waiting",
}


@guard("oversight.view", every_method=True)
def oversight_view(request: AuthenticatedRequest) -> HttpResponse:
    today, soon = _dates()
    teams = list(oversight_teams(request.user).distinct().order_by("name"))
    return render(
        request,
        "worklists/oversight.html",
        {
            "figures": team_figures(request.user, teams, today, soon),
            "by_team": request.user.role == Role.HEAD_OF_SERVICE,
            "escalated": escalated_for(request.user, today),
        },
    )


@guard("oversight.view", every_method=True)
def oversight_list_view(request: AuthenticatedRequest) -> HttpResponse:
    today, soon = _dates()
    teams = list(oversight_teams(request.user).distinct().order_by("name"))
    team_id = request.GET.get("team", "")
    if team_id:
        teams = [team for team in teams if str(team.pk) == team_id]
        if not teams:
            raise Http404("No such team among those you oversee")
    rule_id = request.GET.get("rule", "")
    titles = {item.id: item.title for item in all_rules()}
    kind = request.GET.get("kind", "overdue")
    if (rule_id and rule_id not in titles) or kind not in KINDS:
        raise Http404("No such figure")
    work = children_behind(request.user, teams, today, kind=kind, rule_id=rule_id)
    page = Paginator(work, 50).get_page(request.GET.get("page"))
    caption = f"Overdue: {titles[rule_id]}" if rule_id else KIND_CAPTIONS[kind]
    return render(
        request,
        "worklists/oversight_list.html",
        {
            "caption": caption,
            "teams": teams,
            "page_obj": page,
            "rows": obligation_views(list(page.object_list), today, soon),
        },
    )
