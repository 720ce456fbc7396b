"""The child protection plan page (risks, flags, outcomes, finalising, core groups, reviews, visits and the
manager's sight of failed visits), recording a core group and a visit, and the family's PDF of the plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse

from hearth.core import clock, policy
from hearth.core.http import AuthenticatedRequest
from hearth.core.models import AccessAction
from hearth.core.policy import guard
from hearth.core.posting import apply_errors
from hearth.core.versions import is_stale
from hearth.people.access import access_child
from hearth.people.header import child_header, record_form_page
from hearth.people.models import Person
from hearth.plans.models import ReviewKind
from hearth.plans.services import contributions_waiting, plan_outcomes, sibling_plans_of_kind
from hearth.protection.core_groups import (
    core_group_minutes_record,
    core_group_record,
    core_group_record_for_family,
)
from hearth.protection.models import ChildProtectionPlan, CoreGroup
from hearth.protection.pdf import family_plan_pdf
from hearth.protection.plan_forms import CoreGroupForm, MinutesForm
from hearth.protection.plan_selectors import (
    last_attendance,
    plan_core_groups,
    plan_next_dates,
    plan_reviews,
    plan_visits,
)
from hearth.protection.plans import (
    cp_plan_finalise,
    cp_plan_risks_update,
    cp_plan_sign_off_required,
    plan_flags,
)
from hearth.visits.forms import FailedVisitSeenForm
from hearth.visits.models import Visit
from hearth.visits.services import failed_visit_seen


def _plan(
    request: AuthenticatedRequest, pk: int, plan_pk: int, *, action: str = AccessAction.VIEW
) -> tuple[Person, ChildProtectionPlan]:
    person = access_child(request.user, pk, action=action, path=request.path)
    return person, get_object_or_404(ChildProtectionPlan, pk=plan_pk, child=person)


def _plan_url(plan: ChildProtectionPlan) -> str:
    return reverse("protection:plan", kwargs={"pk": plan.child_id, "plan_pk": plan.pk})


def _post_action(request: AuthenticatedRequest, plan: ChildProtectionPlan) -> dict[str, Any] | None:
    """Handle the page's buttons: finalise, a manager seeing a failed visit, minutes written up later.
    None when done (redirect); else the bound forms and refusals to show."""
    by, today = request.user, clock.today()
    if "finalise" in request.POST:
        try:
            cp_plan_finalise(
                plan=plan, finalised_on=today, by=by, rationale=request.POST.get("rationale", "")
            )
        except ValidationError as error:
            return {"finalise_errors": error.messages}
        messages.success(request, "Plan finalised.")
        return None
    if "update_risks" in request.POST:
        try:
            version = request.POST.get("version", "")
            cp_plan_risks_update(
                plan=plan,
                risks=request.POST.get("risks", ""),
                version=int(version) if version.isdigit() else None,
                by=by,
            )
        except ValidationError as error:
            # The person's own text again, and (when someone else saved first) what is saved now beside it.
            plan.refresh_from_db()
            return {
                "risks_errors": error.messages,
                "risks_text": request.POST.get("risks", ""),
                "risks_saved_now": plan.risks if is_stale(error) else None,
            }
        messages.success(request, "Risks saved.")
        return None
    if "failed_seen" in request.POST:
        visit = get_object_or_404(Visit, pk=request.POST.get("failed_seen"), cp_plan=plan, kind="cp")
        form = FailedVisitSeenForm(request.POST)
        if form.is_valid():
            try:
                failed_visit_seen(visit=visit, note=form.cleaned_data["note"], by=by)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "Failed visit marked as seen by the manager.")
                return None
        return {"seen_forms": {visit.pk: form}}
    if "record_minutes" in request.POST:
        core_group = get_object_or_404(CoreGroup, pk=request.POST.get("core_group"), plan=plan)
        minutes = MinutesForm(request.POST)
        if minutes.is_valid():
            try:
                core_group_minutes_record(
                    core_group=core_group,
                    minutes=minutes.cleaned_data["minutes"],
                    recorded_on=minutes.cleaned_data["minutes_recorded_on"],
                    by=by,
                )
            except ValidationError as error:
                apply_errors(minutes, error)
            else:
                messages.success(request, "Minutes recorded.")
                return None
        return {"minutes_forms": {core_group.pk: minutes}}
    return {}


@guard("child.record_work")
def plan(request: AuthenticatedRequest, pk: int, plan_pk: int) -> HttpResponse:
    person, item = _plan(request, pk, plan_pk)
    today = clock.today()
    shown: dict[str, Any] = {}
    if request.method == "POST":
        result = _post_action(request, item)
        if result is None:
            return redirect(_plan_url(item))
        shown = result
    visits = plan_visits(item)
    can_sign_off = policy.allowed(request.user, "child.sign_off", person, read=True)
    sign_off_required = cp_plan_sign_off_required(today)
    seen_forms = shown.get("seen_forms", {})
    failed = [
        (visit, seen_forms.get(visit.pk) or FailedVisitSeenForm())
        for visit in visits
        if not visit.seen and visit.manager_seen_by_id is None
    ]
    minutes_forms = shown.get("minutes_forms", {})
    core_groups = plan_core_groups(item, today)
    return render(
        request,
        "protection/plan.html",
        {
            "person": person,
            "summary": child_header(person),
            "plan": item,
            "flags": plan_flags(item, today).labels,
            "outcomes": plan_outcomes(item),
            "reviews": plan_reviews(item),
            "core_groups": [
                (
                    line,
                    minutes_forms.get(line.core_group.pk)
                    or MinutesForm(initial={"minutes_recorded_on": today}),
                )
                for line in core_groups
            ],
            "visits": visits,
            "failed": failed,
            "next_dates": plan_next_dates(item),
            "finalise_errors": shown.get("finalise_errors", []),
            "risks_errors": shown.get("risks_errors", []),
            "risks_text": shown.get("risks_text"),
            "risks_saved_now": shown.get("risks_saved_now"),
            "can_change": policy.allowed(request.user, "child.record_work", person, read=True)
            and item.end_date is None,
            "can_sign_off": can_sign_off,
            "sign_off_required": sign_off_required,
            "can_finalise": can_sign_off or not sign_off_required,
        },
    )


@guard("child.record_work", every_method=True)
def core_group_new(request: AuthenticatedRequest, pk: int, plan_pk: int) -> HttpResponse:
    person, item = _plan(request, pk, plan_pk)
    outcomes = [outcome for outcome in plan_outcomes(item) if outcome.achieved_on is None]
    came = last_attendance(item)  # who came last time: the form starts from them
    form = CoreGroupForm(
        request.POST or None,
        initial={"held_on": clock.today(), **{f"name_{agency}": name for agency, name in came.items()}},
        outcomes=outcomes,
        siblings=sibling_plans_of_kind(request.user, item),
    )
    if request.method == "POST" and form.is_valid():
        shared = {
            "held_on": form.cleaned_data["held_on"],
            "attendance": form.attendance(),
            "summary": form.cleaned_data["summary"],
            "minutes": form.cleaned_data["minutes"],
            "minutes_recorded_on": form.cleaned_data["minutes_recorded_on"],
        }
        try:
            if reviewed := form.sibling_progress():
                core_group_record_for_family(
                    plan=item, sibling_plans=reviewed, by=request.user, progress=form.own_progress(), **shared
                )
            else:
                core_group_record(plan=item, progress=form.own_progress(), by=request.user, **shared)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Core group recorded.")
            return redirect(_plan_url(item))
    return record_form_page(
        request,
        person,
        form,
        title="Record a core group",
        intro="Record who attended by agency (education included), progress on each outcome still to be "
        "achieved, and the minutes.",
        button="Record the core group",
        required=["held_on", "summary", *[f"progress_{outcome.pk}" for outcome in outcomes]],
        before_form="plans/_contributions.html",
        context={"contributions": list(contributions_waiting(item, ReviewKind.CORE_GROUP))},
        cancel_url=_plan_url(item),
    )


@guard("child.print", every_method=True)
def family_pdf(request: AuthenticatedRequest, pk: int, plan_pk: int) -> HttpResponse:
    person, item = _plan(request, pk, plan_pk, action=AccessAction.PRINT)  # a copy leaves Hearth
    content = family_plan_pdf(
        plan=item,
        child_name=person.forename or person.full_name,
        outcomes=plan_outcomes(item),
        next_dates=plan_next_dates(item),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="protection-plan-{person.person_number}.pdf"'
    return response


urlpatterns: list[URLPattern] = [
    path("people/<int:pk>/protection-plans/<int:plan_pk>/", plan, name="plan"),
    path(
        "people/<int:pk>/protection-plans/<int:plan_pk>/core-groups/new/",
        core_group_new,
        name="core_group_add",
    ),
    path("people/<int:pk>/protection-plans/<int:plan_pk>/family.pdf", family_pdf, name="family_pdf"),
]
