"""Who holds each child: allocating one child, transferring a worker's children, the unallocated queue and the
allocation meeting (managers; ADR 13)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hearth.caseloads.forms import CaseloadTransferForm
from hearth.caseloads.selectors import unallocated_children, worker_children
from hearth.core import clock
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard
from hearth.core.posting import apply_errors
from hearth.organisation.forms import AllocationForm
from hearth.organisation.models import StaffUser, Team
from hearth.organisation.roles import PARTNER_ROLES, Role
from hearth.organisation.selectors import teams_managed_by
from hearth.organisation.services import allocation_change, caseload_transfer
from hearth.organisation.workforce import open_work_by_child, workforce_policy
from hearth.organisation.workforce_views import StaffLine, staff_lines
from hearth.people.access import access_child
from hearth.people.header import record_form_page

QUEUE_PAGE_SIZE = 50


@guard("child.allocate", every_method=True)
def allocate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path)
    form = AllocationForm(
        request.POST or None, initial={"start_date": clock.today(), "team": request.user.team_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            allocation_change(child_id=person.pk, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"{person.full_name} allocated to {form.cleaned_data['worker']}.")
            return redirect("people:details", pk=person.pk)
    return record_form_page(
        request,
        person,
        form,
        title="Allocate or transfer",
        cancel_url=reverse("people:details", kwargs={"pk": person.pk}),
        section="details",
    )


@guard("caseload.transfer", every_method=True)
def caseload_transfer_view(request: AuthenticatedRequest, staff_pk: int) -> HttpResponse:
    overseen = StaffUser.objects.select_related("team").filter(team__in=teams_managed_by(request.user))
    worker = get_object_or_404(overseen, pk=staff_pk)
    form = CaseloadTransferForm(
        request.POST or None,
        children=worker_children(worker, request.user),
        initial={"start_date": clock.today(), "team": worker.team_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moved = caseload_transfer(
                child_ids=[child.pk for child in data["children"]],
                worker=data["worker"],
                team=data["team"],
                start_date=data["start_date"],
                reason=data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            count = len(moved)
            messages.success(
                request, f"{count} child{'' if count == 1 else 'ren'} transferred to {data['worker']}."
            )
            return redirect("caseloads:allocation_meeting")
    return render(
        request,
        "organisation/workforce_form.html",
        {
            "form": form,
            "title": f"Transfer children from {worker.full_name}",
            "intro": "Choose the children, the worker and team taking them on, and the reason.",
            "cancel_url": reverse("caseloads:allocation_meeting"),
            "required": {"children", "worker", "team", "start_date", "reason"},
            "button": "Transfer",
        },
    )


def _queue_rows(children: list[Any]) -> list[dict[str, Any]]:
    """Each child with their open work, oldest first, and the date they have waited since (its start)."""
    work = open_work_by_child(child.pk for child in children)
    return [
        {"child": child, "work": work[child.pk], "since": work[child.pk][0][1] if work[child.pk] else None}
        for child in children
    ]


@guard("caseload.manage", every_method=True)
def unallocated_queue(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(unallocated_children(request.user), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "caseloads/unallocated.html",
        {"page_obj": page, "rows": _queue_rows(list(page.object_list)), "today": clock.today()},
    )


@dataclass
class TeamMeeting:
    team: Team
    lines: list[StaffLine]


@guard("caseload.manage", every_method=True)
def allocation_meeting(request: AuthenticatedRequest) -> HttpResponse:
    today = clock.today()
    policy = workforce_policy(today)
    teams = list(teams_managed_by(request.user).distinct().order_by("name"))
    workers = list(
        StaffUser.objects.filter(team__in=teams, is_active=True)
        .exclude(role__in=[*PARTNER_ROLES, Role.ADMINISTRATOR])
        .order_by("full_name", "pk")
    )
    lines = staff_lines(workers, policy)
    meetings = [
        TeamMeeting(team=team, lines=[line for line in lines if line.staff.team_id == team.pk])
        for team in teams
    ]
    queue = unallocated_children(request.user)
    waiting = list(queue[:QUEUE_PAGE_SIZE])
    return render(
        request,
        "caseloads/allocation_meeting.html",
        {
            "meetings": meetings,
            "policy": policy,
            "rows": _queue_rows(waiting),
            "waiting_total": queue.count() if len(waiting) == QUEUE_PAGE_SIZE else len(waiting),
            "today": today,
        },
    )
