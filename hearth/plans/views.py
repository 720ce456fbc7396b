"""Adding an outcome to a plan, recording a review, updating an action and contributing to a meeting: the same pages
for every kind of plan."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hearth.core import clock
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard
from hearth.core.posting import apply_errors
from hearth.people.access import access_child
from hearth.people.header import child_header, record_form_page
from hearth.people.models import Person, ProfessionalInvolvement
from hearth.people.record_forms import child_form_page
from hearth.plans.forms import (
    ActionUpdateForm,
    OutcomeForm,
    ProtectionOutcomeForm,
    ReviewForm,
    contribution_form,
)
from hearth.plans.kinds import Plan, live_plans, plan_child_id, plan_kind, plan_kind_named
from hearth.plans.models import PlanOutcome, ReviewKind
from hearth.plans.services import (
    action_update_record,
    contribution_record,
    contributions_waiting,
    outcome_add,
    plan_outcomes,
    review_record,
    review_record_for_family,
    sibling_plans_of_kind,
)


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
    partners = [
        (involvement.pk, f"{involvement.name}, {involvement.get_role_display()}")
        for involvement in ProfessionalInvolvement.objects.filter(
            child=person, end_date=None, staff_user__isnull=False
        ).order_by("name")
    ]
    form = form_class(request.POST or None, partners=partners)
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
        required=[name for name in form.fields if name != "owner_involvement"],
        cancel_url=back,
    )


@guard("child.record_work", every_method=True)
def review_new(request: AuthenticatedRequest, pk: int, kind: str, plan_pk: int) -> HttpResponse:
    person, plan, back = _plan(request, pk, kind, plan_pk)
    outcomes = [outcome for outcome in plan_outcomes(plan) if outcome.achieved_on is None]
    form = ReviewForm(
        request.POST or None,
        initial={"review_date": clock.today()},
        outcomes=outcomes,
        siblings=sibling_plans_of_kind(request.user, plan),
    )
    review_kind = plan_kind(plan).review_kind
    if request.method == "POST" and form.is_valid():
        shared = {
            "review_date": form.cleaned_data["review_date"],
            "summary": form.cleaned_data["summary"],
            "attendees": form.cleaned_data["attendees"],
            "kind": review_kind,
        }
        try:
            if reviewed := form.sibling_progress():
                review_record_for_family(
                    plan=plan, sibling_plans=reviewed, by=request.user, progress=form.own_progress(), **shared
                )
            else:
                review_record(plan=plan, progress=form.own_progress(), by=request.user, **shared)
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
        before_form="plans/_contributions.html",
        context={"contributions": list(contributions_waiting(plan, review_kind))},
    )


@guard("plan.action_update", every_method=True)
def action_update(
    request: AuthenticatedRequest, pk: int, kind: str, plan_pk: int, outcome_pk: int
) -> HttpResponse:
    """Progress on one action between reviews: its owner, a partner, from their home page; or the child's worker."""
    person = access_child(request.user, pk, path=request.path)
    declared = plan_kind_named(kind)
    outcome = get_object_or_404(
        PlanOutcome.objects.select_related("owner_involvement"),
        pk=outcome_pk,
        **{f"{declared.key}_id": plan_pk},
    )
    if plan_child_id(getattr(outcome, declared.key)) != person.pk:
        raise Http404("No such action")
    owner = outcome.owner_involvement
    if request.user.is_partner and (
        owner is None or owner.staff_user_id != request.user.pk or owner.end_date is not None
    ):
        raise Http404("No such action")  # a partner reaches only their own actions, and learns of no others
    return child_form_page(
        request,
        person,
        ActionUpdateForm,
        lambda person, data: action_update_record(outcome=outcome, values=data, by=request.user),
        section="overview",
        back="childrecord:child_page",
        title="Update progress on an action",
        done="Progress recorded: the child's social worker will see it.",
        initial={"updated_on": clock.today()},
        about=f"{outcome.action} ({outcome.owner}, by {outcome.due_date:%-d %b %Y})",
        then=lambda saved: reverse("worklists:home"),
    )


@guard("plan.contribute", every_method=True)
def contribute(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A professional's contribution to the next meeting of one of the child's live plans: a partner from their home
    page, or the child's worker typing in what an agency sent."""
    person = access_child(request.user, pk, path=request.path)
    plans = {f"{kind.key}:{plan.pk}": (kind, plan) for kind, plan in live_plans(person.pk)}
    if not plans:
        return render(
            request,
            "plans/no_meeting.html",
            {
                "person": person,
                "summary": child_header(person),
                "back": reverse("worklists:home")
                if request.user.is_partner
                else reverse("childrecord:child_page", args=[person.pk]),
            },
        )
    choices = [
        (key, f"{kind.title}, since {plan.start_date:%-d %b %Y}") for key, (kind, plan) in plans.items()
    ]
    initial: dict[str, object] = {}
    if len(plans) == 1:
        kind, _ = next(iter(plans.values()))
        initial = {"plan": choices[0][0], "meeting": kind.contribution_meetings()[0]}

    def save(child: Person, data: dict[str, object]) -> object:
        chosen = plans.get(str(data.get("plan") or ""))
        if chosen is None:
            raise ValidationError({"plan": "Choose the plan whose meeting this is for."})
        return contribution_record(plan=chosen[1], values=data, by=request.user)

    return child_form_page(
        request,
        person,
        contribution_form(choices, by_partner=request.user.is_partner),
        save,
        section="overview",
        back="childrecord:child_page",
        title="Contribute to the next meeting",
        done="Contribution saved: it will be read at the meeting, and the child's social worker will see it.",
        initial=initial,
        about="What you write is shown on the form that records the meeting and kept with its record.",
        then=lambda saved: (
            reverse("worklists:home") if request.user.is_partner else plan_kind(saved.plan).page(saved.plan)
        ),
    )
