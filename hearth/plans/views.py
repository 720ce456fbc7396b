"""Adding an outcome to a plan and recording a review: the same pages for every kind of plan."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect

from hearth.core import clock
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard
from hearth.core.posting import apply_errors
from hearth.people.access import access_child
from hearth.people.header import record_form_page
from hearth.people.models import Person
from hearth.plans.forms import OutcomeForm, ProtectionOutcomeForm, ReviewForm
from hearth.plans.kinds import Plan, plan_kind, plan_kind_named
from hearth.plans.models import ReviewKind
from hearth.plans.services import outcome_add, plan_outcomes, review_record


def _plan(request: AuthenticatedRequest, pk: int, kind: str, plan_pk: int) -> tuple[Person, Plan, str]:
    """The child, their plan and the plan's own page."""
    person = access_child(request.user, pk, path=request.path)
    declared = plan_kind_named(kind)
    plan = get_object_or_404(declared.plan_model(), pk=plan_pk, **{declared.child_lookup: person})
    return person, plan, declared.page(plan)


@guard("child.record_work", every_method=True)
def outcome_new(request: AuthenticatedRequest, pk: int, kind: str, plan_pk: int) -> HttpResponse:
    person, plan, back = _plan(request, pk, kind, plan_pk)
    form_class = ProtectionOutcomeForm if plan_kind(plan).parents_and_professionals else OutcomeForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome_add(plan=plan, by=request.user, on=clock.today(), **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Outcome added to the plan.")
            return redirect(back)
    return record_form_page(
        request,
        person,
        form,
        title=f"Add an outcome to the {plan_kind(plan).title.lower()}",
        intro="Each outcome says what must change, the action, who does it, by when and how we will know.",
        button="Add the outcome",
        required=list(form.fields),
        cancel_url=back,
    )


@guard("child.record_work", every_method=True)
def review_new(request: AuthenticatedRequest, pk: int, kind: str, plan_pk: int) -> HttpResponse:
    person, plan, back = _plan(request, pk, kind, plan_pk)
    outcomes = [outcome for outcome in plan_outcomes(plan) if outcome.achieved_on is None]
    form = ReviewForm(request.POST or None, initial={"review_date": clock.today()}, outcomes=outcomes)
    review_kind = plan_kind(plan).review_kind
    if request.method == "POST" and form.is_valid():
        try:
            review_record(
                plan=plan,
                review_date=form.cleaned_data["review_date"],
                summary=form.cleaned_data["summary"],
                attendees=form.cleaned_data["attendees"],
                progress=form.progress(),
                kind=review_kind,
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{ReviewKind(review_kind).label} recorded.")
            return redirect(back)
    return record_form_page(
        request,
        person,
        form,
        title=f"Record a {ReviewKind(review_kind).label.lower()}",
        intro="Record progress on each outcome still to be achieved.",
        button="Record the review",
        required=["review_date", "summary", *[f"progress_{o.pk}" for o in outcomes]],
        cancel_url=back,
    )
