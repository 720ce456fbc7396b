"""Early help pages: the episode (the early help plan), starting and ending it, and the step-up / step-down
protocol. Thin views: access helper, form, one service, respond."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from hearth.children_in_need.models import CinEpisode
from hearth.core import clock, policy
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard, reads
from hearth.core.posting import apply_errors
from hearth.earlyhelp import services
from hearth.earlyhelp.forms import (
    AcceptForm,
    AssessForm,
    DeclineForm,
    EndForm,
    FollowUpForm,
    HandoverForm,
    StartForm,
    StepRequestForm,
)
from hearth.earlyhelp.models import Direction, EarlyHelpEpisode, StepChange
from hearth.organisation.models import StaffUser
from hearth.people.access import access_child, may_open, visible_people
from hearth.people.header import child_header
from hearth.people.models import Person
from hearth.plans.services import plan_outcomes, reviews_of

Action = Callable[[StaffUser, dict[str, Any]], Any]


def _child(request: AuthenticatedRequest, pk: int) -> Person:
    """The child's record for early help work: partner agencies see the child's limited page only."""
    return access_child(request.user, pk, path=request.path, partners=False)


def _act(request: AuthenticatedRequest, form: forms.Form, action: Action) -> Any:
    """Validate the form and run the service: its result, or None with its refusals on the form's fields."""
    if not form.is_valid():
        return None
    try:
        return action(request.user, form.cleaned_data)
    except ValidationError as error:
        apply_errors(form, error)
        return None


def _form_page(
    request: AuthenticatedRequest, person: Person, form: forms.Form, **context: Any
) -> HttpResponse:
    return render(
        request,
        "earlyhelp/form.html",
        {"person": person, "summary": child_header(person), "form": form, **context},
    )


@guard("child.record_work", every_method=True)
def start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _child(request, pk)
    form = StartForm(request.POST or None, initial={"start_date": clock.today()})
    if request.method == "POST" and (
        created := _act(
            request, form, lambda user, data: services.early_help_start(child=person, by=user, **data)
        )
    ):
        messages.success(request, "Early help started.")
        return redirect("earlyhelp:episode", pk=person.pk, episode_pk=created.pk)
    return _form_page(
        request,
        person,
        form,
        title="Start early help",
        button="Start early help",
        required={"start_date", "lead_professional", "reason"},
    )


@guard("child.record_work")
def episode(request: AuthenticatedRequest, pk: int, episode_pk: int) -> HttpResponse:
    person = _child(request, pk)
    early_help = get_object_or_404(EarlyHelpEpisode, pk=episode_pk, child=person)
    assess = AssessForm(
        request.POST if "assess" in request.POST else None, initial={"assessed_on": clock.today()}
    )
    end = EndForm(request.POST if "end" in request.POST else None, initial={"end_date": clock.today()})
    if request.method == "POST":
        form, action = (
            (assess, lambda user, data: services.early_help_assess(episode=early_help, by=user, **data))
            if "assess" in request.POST
            else (end, lambda user, data: services.early_help_end(episode=early_help, by=user, **data))
        )
        if _act(request, form, action):
            messages.success(request, "Saved.")
            return redirect("earlyhelp:episode", pk=person.pk, episode_pk=early_help.pk)
    reviews = reviews_of(early_help)
    return render(
        request,
        "earlyhelp/episode.html",
        {
            "person": person,
            "summary": child_header(person),
            "episode": early_help,
            "outcomes": plan_outcomes(early_help),
            "reviews": reviews,
            "steps": early_help.step_changes.select_related("to_service").order_by("requested_on", "pk"),
            "assess": assess,
            "end": end,
        },
    )


def _step_request(
    request: AuthenticatedRequest,
    person: Person,
    request_service: Callable[..., StepChange],
    source: CinEpisode | EarlyHelpEpisode,
    title: str,
) -> HttpResponse:
    form = StepRequestForm(request.POST or None, initial={"requested_on": clock.today()})
    if request.method == "POST" and (
        created := _act(request, form, lambda user, data: request_service(episode=source, by=user, **data))
    ):
        messages.success(request, "Request sent to the receiving service.")
        return redirect("earlyhelp:step_change", pk=person.pk, step_pk=created.pk)
    return _form_page(
        request,
        person,
        form,
        title=title,
        button="Send the request",
        required={"to_service", "reason", "requested_on"},
    )


@guard("child.record_work", every_method=True)
def step_down_request(request: AuthenticatedRequest, pk: int, episode_pk: int) -> HttpResponse:
    person = _child(request, pk)
    cin_episode = get_object_or_404(CinEpisode, pk=episode_pk, child=person)
    return _step_request(
        request, person, services.step_down_request, cin_episode, "Request a step-down to early help"
    )


@guard("child.record_work", every_method=True)
def step_up_request(request: AuthenticatedRequest, pk: int, episode_pk: int) -> HttpResponse:
    person = _child(request, pk)
    early_help = get_object_or_404(EarlyHelpEpisode, pk=episode_pk, child=person)
    return _step_request(
        request, person, services.step_up_request, early_help, "Request a step-up to children's social care"
    )


@guard("child.record_work")
def step_change(request: AuthenticatedRequest, pk: int, step_pk: int) -> HttpResponse:
    person = _child(request, pk)
    step = get_object_or_404(
        StepChange.objects.select_related(
            "to_service", "requested_by", "accepted_by", "cin_episode", "early_help", "re_referral"
        ),
        pk=step_pk,
        child=person,
    )
    posted = next(
        (name for name in ("accept", "decline", "handover", "follow_up") if name in request.POST), ""
    )
    today = clock.today()
    accept = AcceptForm(request.POST if posted == "accept" else None, initial={"accepted_on": today})
    decline = DeclineForm(request.POST if posted == "decline" else None, initial={"declined_on": today})
    handover = HandoverForm(request.POST if posted == "handover" else None, initial={"handover_on": today})
    follow_up = FollowUpForm(
        request.POST if posted == "follow_up" else None, initial={"followed_up_on": today}
    )
    if request.method == "POST":
        form, action = {
            "accept": (accept, lambda u, d: services.step_change_accept(step=step, by=u, **d)),
            "decline": (decline, lambda u, d: services.step_change_decline(step=step, by=u, **d)),
            "handover": (handover, lambda u, d: services.step_change_handover(step=step, by=u, **d)),
            "follow_up": (follow_up, lambda u, d: services.step_down_follow_up(step=step, by=u, **d)),
        }.get(posted, (None, None))
        if form is not None and action is not None and _act(request, form, action):
            if posted == "handover":
                step.refresh_from_db()
                messages.success(request, f"Handed over to {step.to_service.name}.")
            else:
                messages.success(request, "Saved.")
            if not may_open(request.user, person):
                # Need-to-know: a handover can move the child out of this person's reach.
                return redirect("worklists:home")
            return redirect("earlyhelp:step_change", pk=person.pk, step_pk=step.pk)
    undecided = step.accepted_on is None and step.declined_on is None
    return render(
        request,
        "earlyhelp/step_change.html",
        {
            "person": person,
            "summary": child_header(person),
            "step": step,
            "is_down": step.direction == Direction.DOWN,
            "may_decide": undecided and policy.allowed(request.user, "step_change.decide", step, read=True),
            "may_hand_over": step.accepted_on is not None
            and step.handover_on is None
            and services.handover_problem(request.user, step) is None,
            "may_follow_up": step.direction == Direction.DOWN
            and step.handover_on is not None
            and step.followed_up_on is None,
            "accept": accept,
            "decline": decline,
            "handover": handover,
            "follow_up": follow_up,
        },
    )


@reads
def waiting(request: AuthenticatedRequest) -> HttpResponse:
    """Step changes waiting for the user's service to accept or decline them, oldest first."""
    user = request.user
    steps = StepChange.objects.none()
    if user.team is not None and not user.is_partner:
        steps = (
            StepChange.objects.filter(
                to_service_id=user.team.service_id,
                accepted_on=None,
                declined_on=None,
                child__in=visible_people(user),
            )
            .select_related("child", "requested_by")
            .order_by("requested_on", "pk")
        )
    page = Paginator(steps, 50).get_page(request.GET.get("page"))
    return render(
        request, "earlyhelp/waiting.html", {"page_obj": page, "service": user.team and user.team.service}
    )
