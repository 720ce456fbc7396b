"""Workforce pages: staff details and flags, caseload transfer, the unallocated queue and the allocation meeting."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hearth.core import clock
from hearth.core.http import AuthenticatedRequest
from hearth.organisation.forms import CaseloadTransferForm, StaffWorkforceForm, TrainingRecordForm
from hearth.organisation.models import StaffUser, Team
from hearth.organisation.roles import MANAGER_ROLES, PARTNER_ROLES, Role
from hearth.organisation.selectors import (
    staff_for_workforce,
    teams_managed_by,
    unallocated_children,
    worker_children,
)
from hearth.organisation.services import (
    WORKFORCE_FIELDS,
    caseload_transfer,
    staff_workforce_update,
    training_record_add,
    workforce_fingerprint,
)
from hearth.organisation.workforce import (
    Caseload,
    WorkforcePolicy,
    appraisal_due,
    capacity,
    is_newly_qualified,
    open_work_by_child,
    post_qualifying_years,
    weighted_caseloads,
    workforce_flags,
    workforce_policy,
)

WORKFORCE_ROLES = frozenset({Role.ADMINISTRATOR, Role.HEAD_OF_SERVICE})
QUEUE_PAGE_SIZE = 50


@dataclass
class StaffLine:
    staff: StaffUser
    caseload: Caseload
    capacity: Decimal
    newly_qualified: bool
    pq_years: int | None
    flags: list[str]


def _staff_lines(staff: list[StaffUser], policy: WorkforcePolicy) -> list[StaffLine]:
    today = clock.today()
    caseloads = weighted_caseloads([member.pk for member in staff], today)
    return [
        StaffLine(
            staff=member,
            caseload=caseloads[member.pk],
            capacity=capacity(member, policy),
            newly_qualified=is_newly_qualified(member, today),
            pq_years=post_qualifying_years(member, today),
            flags=workforce_flags(
                member, today, weighted_caseload=caseloads[member.pk].weighted, policy=policy
            ),
        )
        for member in staff
    ]


def _add_errors(form: Form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _require_manager(user: StaffUser) -> None:
    if user.role not in MANAGER_ROLES:
        raise PermissionDenied


def staff_list(request: AuthenticatedRequest) -> HttpResponse:
    if request.user.role not in WORKFORCE_ROLES:
        raise PermissionDenied
    page = Paginator(staff_for_workforce(request.user).exclude(role__in=PARTNER_ROLES), 50).get_page(
        request.GET.get("page")
    )
    policy = workforce_policy(clock.today())
    return render(
        request,
        "organisation/staff_list.html",
        {"page_obj": page, "lines": _staff_lines(list(page.object_list), policy), "policy": policy},
    )


def staff_edit(request: AuthenticatedRequest, staff_pk: int) -> HttpResponse:
    if request.user.role not in WORKFORCE_ROLES:
        raise PermissionDenied
    member = get_object_or_404(staff_for_workforce(request.user), pk=staff_pk)
    today = clock.today()
    initial = {name: getattr(member, name) for name in WORKFORCE_FIELDS}
    form = StaffWorkforceForm(
        request.POST or None, initial={**initial, "fingerprint": workforce_fingerprint(member)}
    )
    if request.method == "POST" and form.is_valid():
        values = {key: value for key, value in form.cleaned_data.items() if key != "fingerprint"}
        try:
            staff_workforce_update(
                staff=member,
                values=values,
                fingerprint=form.cleaned_data["fingerprint"],
                today=today,
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{member.full_name}'s workforce details saved.")
            return redirect("organisation:staff_list")
    policy = workforce_policy(today)
    return render(
        request,
        "organisation/staff_edit.html",
        {
            "member": member,
            "form": form,
            "line": _staff_lines([member], policy)[0],
            "appraisal_due": appraisal_due(member),
            "training": member.training_records.order_by("-completed_on", "pk"),
            "today": today,
        },
    )


def training_add(request: AuthenticatedRequest, staff_pk: int) -> HttpResponse:
    if request.user.role not in WORKFORCE_ROLES:
        raise PermissionDenied
    member = get_object_or_404(staff_for_workforce(request.user), pk=staff_pk)
    form = TrainingRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            training_record_add(staff=member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Training recorded for {member.full_name}.")
            return redirect("organisation:staff_edit", staff_pk=member.pk)
    return render(
        request,
        "organisation/workforce_form.html",
        {
            "form": form,
            "title": f"Add training: {member.full_name}",
            "cancel_url": reverse("organisation:staff_edit", kwargs={"staff_pk": member.pk}),
            "required": {"course", "completed_on"},
        },
    )


def caseload_transfer_view(request: AuthenticatedRequest, staff_pk: int) -> HttpResponse:
    _require_manager(request.user)
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
            _add_errors(form, error)
        else:
            count = len(moved)
            messages.success(
                request, f"{count} child{'' if count == 1 else 'ren'} transferred to {data['worker']}."
            )
            return redirect("organisation:allocation_meeting")
    return render(
        request,
        "organisation/workforce_form.html",
        {
            "form": form,
            "title": f"Transfer children from {worker.full_name}",
            "intro": "Choose the children, the worker and team taking them on, and the reason.",
            "cancel_url": reverse("organisation:allocation_meeting"),
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


def unallocated_queue(request: AuthenticatedRequest) -> HttpResponse:
    _require_manager(request.user)
    page = Paginator(unallocated_children(request.user), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisation/unallocated.html",
        {"page_obj": page, "rows": _queue_rows(list(page.object_list)), "today": clock.today()},
    )


@dataclass
class TeamMeeting:
    team: Team
    lines: list[StaffLine]


def allocation_meeting(request: AuthenticatedRequest) -> HttpResponse:
    _require_manager(request.user)
    today = clock.today()
    policy = workforce_policy(today)
    teams = list(teams_managed_by(request.user).distinct().order_by("name"))
    workers = list(
        StaffUser.objects.filter(team__in=teams, is_active=True)
        .exclude(role__in=[*PARTNER_ROLES, Role.ADMINISTRATOR])
        .order_by("full_name", "pk")
    )
    lines = _staff_lines(workers, policy)
    meetings = [
        TeamMeeting(team=team, lines=[line for line in lines if line.staff.team_id == team.pk])
        for team in teams
    ]
    queue = unallocated_children(request.user)
    waiting = list(queue[:QUEUE_PAGE_SIZE])
    return render(
        request,
        "organisation/allocation_meeting.html",
        {
            "meetings": meetings,
            "policy": policy,
            "rows": _queue_rows(waiting),
            "waiting_total": queue.count() if len(waiting) == QUEUE_PAGE_SIZE else len(waiting),
            "today": today,
        },
    )
