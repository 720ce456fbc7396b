"""Workforce pages: staff details and flags, caseload transfer, the unallocated queue and the allocation meeting."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hearth.core import clock
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard
from hearth.core.posting import apply_errors
from hearth.core.versions import offer_saved_version
from hearth.organisation.forms import StaffWorkforceForm, TrainingRecordForm
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import PARTNER_ROLES
from hearth.organisation.selectors import (
    staff_for_workforce,
)
from hearth.organisation.services import (
    WORKFORCE_FIELDS,
    staff_workforce_update,
    training_record_add,
)
from hearth.organisation.workforce import (
    Caseload,
    WorkforcePolicy,
    appraisal_due,
    capacity,
    is_newly_qualified,
    post_qualifying_years,
    weighted_caseloads,
    workforce_flags,
    workforce_policy,
)


@dataclass
class StaffLine:
    staff: StaffUser
    caseload: Caseload
    capacity: Decimal
    newly_qualified: bool
    pq_years: int | None
    flags: list[str]


def staff_lines(staff: list[StaffUser], policy: WorkforcePolicy) -> list[StaffLine]:
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


@guard("workforce.list", every_method=True)
def staff_list(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(staff_for_workforce(request.user).exclude(role__in=PARTNER_ROLES), 50).get_page(
        request.GET.get("page")
    )
    policy = workforce_policy(clock.today())
    return render(
        request,
        "organisation/staff_list.html",
        {"page_obj": page, "lines": staff_lines(list(page.object_list), policy), "policy": policy},
    )


@guard("workforce.change", every_method=True)
def staff_edit(request: AuthenticatedRequest, staff_pk: int) -> HttpResponse:
    member = get_object_or_404(staff_for_workforce(request.user), pk=staff_pk)
    today = clock.today()
    initial = {name: getattr(member, name) for name in WORKFORCE_FIELDS}
    form = StaffWorkforceForm(request.POST or None, initial={**initial, "version": member.version})
    if request.method == "POST" and form.is_valid():
        values = {key: value for key, value in form.cleaned_data.items() if key != "version"}
        try:
            staff_workforce_update(
                staff=member,
                values=values,
                version=form.cleaned_data["version"],
                today=today,
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{member.full_name}'s workforce details saved.")
            return redirect("organisation:staff_list")
    if "version" in form.errors:
        offer_saved_version(form, member)  # read their change, then save again
    policy = workforce_policy(today)
    return render(
        request,
        "organisation/staff_edit.html",
        {
            "member": member,
            "form": form,
            "line": staff_lines([member], policy)[0],
            "appraisal_due": appraisal_due(member),
            "training": member.training_records.order_by("-completed_on", "pk"),
            "today": today,
            # A save refused because someone else saved first: what they saved, beside this person's own form.
            "stale": "version" in form.errors,
            "saved_now": [(form.fields[name].label, getattr(member, name)) for name in WORKFORCE_FIELDS],
        },
    )


@guard("workforce.change", every_method=True)
def training_add(request: AuthenticatedRequest, staff_pk: int) -> HttpResponse:
    member = get_object_or_404(staff_for_workforce(request.user), pk=staff_pk)
    form = TrainingRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            training_record_add(staff=member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
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
