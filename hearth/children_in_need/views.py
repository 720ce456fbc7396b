from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from hearth.children_in_need import assessments as assess
from hearth.children_in_need.cin_plans import cin_plan_start
from hearth.children_in_need.closure import closure_propose, closure_return, closure_sign_off
from hearth.children_in_need.forms import (
    AssessmentForm,
    AssessmentReturnForm,
    AuthoriseForm,
    ClosureForm,
    ClosureSignOffForm,
    CompleteForm,
    ReturnForm,
    ShareForm,
    StartForm,
)
from hearth.children_in_need.models import Assessment, CinEpisode
from hearth.children_in_need.services import ReferralDecision, referral_decide, referrals_in_year_before
from hearth.core import clock, policy
from hearth.core.http import AuthenticatedRequest
from hearth.core.models import Event
from hearth.core.policy import guard
from hearth.core.posting import bound_form, form_posted
from hearth.core.versions import offer_saved_version
from hearth.people.access import access_child
from hearth.people.families import household_members
from hearth.people.header import child_header
from hearth.people.models import Person
from hearth.plans.services import plan_outcomes, reviews_of
from hearth.visits.selectors import visit_base


class ReferralDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", choices=ReferralDecision.choices, widget=forms.RadioSelect, required=False
    )
    decided_on = forms.DateField(
        label="Date of the decision", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )


def _worker(request: AuthenticatedRequest, pk: int) -> Person:
    """A child's record for changing (the page's guard has asked the policy)."""
    return access_child(request.user, pk, path=request.path)


@guard("child.screen")
def referral(request: AuthenticatedRequest, pk: int, episode_pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path, partners=False)
    episode = get_object_or_404(CinEpisode, pk=episode_pk, child=person)
    form = ReferralDecisionForm(request.POST or None, initial={"decided_on": clock.today()})
    if request.method == "POST" and form_posted(
        request,
        form,
        lambda data: referral_decide(episode=episode, by=request.user, **data),
        "Decision recorded.",
    ):
        return redirect("children_in_need:referral", pk=person.pk, episode_pk=episode.pk)
    decided = (
        Event.objects.filter(
            type="referral.decided", record_type="children_in_need.cinepisode", record_id=episode.pk
        )
        .order_by("-occurred_on")
        .first()
    )
    return render(
        request,
        "children_in_need/referral.html",
        {
            "person": person,
            "summary": child_header(person),
            "episode": episode,
            "form": form,
            "decided": decided,
            "earlier": referrals_in_year_before(episode),
            "can_decide": policy.allowed(request.user, "child.screen", person, read=True),
        },
    )


@guard("child.record_work")
def episode(request: AuthenticatedRequest, pk: int, episode_pk: int) -> HttpResponse:
    """The child in need episode: referral, assessments, the plan, its reviews and visits, closure."""
    person = access_child(request.user, pk, path=request.path, partners=False)
    episode = get_object_or_404(CinEpisode, pk=episode_pk, child=person)
    today = clock.today()
    start_assessment = bound_form(request, "start_assessment", StartForm, start_date=today)
    start_plan = bound_form(request, "start_plan", StartForm, start_date=today)
    closure = bound_form(request, "propose_closure", ClosureForm, closed_on=today)
    closure_back = bound_form(request, "return_closure", ReturnForm)
    closure_approve = bound_form(request, "sign_off_closure", ClosureSignOffForm)
    if request.method == "POST":
        by = request.user
        if "start_assessment" in request.POST:
            saved = form_posted(
                request,
                start_assessment,
                lambda data: assess.assessment_start(episode=episode, by=by, **data),
                "Assessment started.",
            )
        elif "start_plan" in request.POST:
            saved = form_posted(
                request,
                start_plan,
                lambda data: cin_plan_start(episode=episode, by=by, **data),
                "Plan started.",
            )
        elif "propose_closure" in request.POST:
            saved = form_posted(
                request,
                closure,
                lambda data: closure_propose(episode=episode, by=by, **data),
                "Closure proposed: the manager will be asked to sign it off.",
            )
        elif "return_closure" in request.POST:
            saved = form_posted(
                request,
                closure_back,
                lambda data: closure_return(episode=episode, by=by, reason=data["reason"]),
                "Closure returned to the worker.",
            )
        elif "sign_off_closure" in request.POST:
            saved = form_posted(
                request,
                closure_approve,
                lambda data: closure_sign_off(episode=episode, by=by, **data),
                "Closure signed off: the episode is closed.",
            )
        else:
            saved = False
        if saved:
            return redirect("children_in_need:episode", pk=person.pk, episode_pk=episode.pk)
    plan = episode.plans.order_by("-start_date", "-pk").first()
    reviews = reviews_of(plan) if plan else []
    return render(
        request,
        "children_in_need/episode.html",
        {
            "person": person,
            "summary": child_header(person),
            "episode": episode,
            "earlier": referrals_in_year_before(episode),
            "assessments": list(episode.assessments.order_by("start_date", "pk")),
            "plan": plan,
            "outcomes": plan_outcomes(plan) if plan else [],
            "reviews": reviews,
            "visits": list(visit_base().filter(cin_plan=plan)[:20]) if plan else [],
            "start_assessment": start_assessment,
            "start_plan": start_plan,
            "closure": closure,
            "closure_back": closure_back,
            "closure_approve": closure_approve,
            "can_sign_off": policy.allowed(request.user, "child.sign_off", person, read=True),
            "can_change": policy.allowed(request.user, "child.record_work", person, read=True),
        },
    )


@guard("child.record_work")
def assessment(request: AuthenticatedRequest, pk: int, assessment_pk: int) -> HttpResponse:
    """Record, complete, authorise or return, and share an assessment."""
    person = access_child(request.user, pk, path=request.path, partners=False)
    item = get_object_or_404(
        Assessment.objects.select_related("episode"), pk=assessment_pk, episode__child=person
    )
    household = [(member.pk, member.full_name) for member in household_members(person.pk)]
    findings = {entry["person_id"]: entry["finding"] for entry in item.household_considered}
    initial = (
        {key: getattr(item, key) for key in assess.RECORDED_FIELDS}
        | {"primary_need": item.episode.primary_need}
        | {f"finding_{pk}": findings.get(pk, "") for pk, _ in household}
        | {"version": item.version}
    )
    today = clock.today()
    data = request.POST if request.method == "POST" and "save" in request.POST else None
    record = AssessmentForm(data, initial=initial, household=household)
    complete = bound_form(request, "complete", CompleteForm, completed_on=today)
    authorise = bound_form(request, "authorise", AuthoriseForm, authorised_on=today, version=item.version)
    give_back = bound_form(request, "return", AssessmentReturnForm, version=item.version)
    share = bound_form(request, "share", ShareForm, shared_on=today)
    if request.method == "POST":
        by = request.user
        actions: dict[str, tuple[forms.Form, Callable[[dict[str, Any]], object], str]] = {
            "save": (
                record,
                lambda data: assess.assessment_record(
                    assessment=item,
                    values=data,
                    findings=record.findings(),
                    version=data.get("version"),
                    by=by,
                ),
                "Assessment saved.",
            ),
            "complete": (
                complete,
                lambda data: assess.assessment_complete(assessment=item, by=by, **data),
                "Assessment completed and sent to the manager for authorisation.",
            ),
            "authorise": (
                authorise,
                lambda data: assess.assessment_authorise(assessment=item, by=by, **data),
                "Assessment authorised.",
            ),
            "return": (
                give_back,
                lambda data: assess.assessment_return(assessment=item, by=by, **data),
                "Assessment returned to the worker.",
            ),
            "share": (
                share,
                lambda data: assess.assessment_share(assessment=item, by=by, **data),
                "Date shared with the parents recorded.",
            ),
        }
        for name, (form, action, done) in actions.items():
            if name in request.POST:
                if form_posted(request, form, action, done):
                    return redirect("children_in_need:assessment", pk=person.pk, assessment_pk=item.pk)
                break
    stale = "version" in record.errors
    if stale:
        offer_saved_version(record, item)
    return render(
        request,
        "children_in_need/assessment.html",
        {
            "person": person,
            "summary": child_header(person),
            "item": item,
            "episode": item.episode,
            "due": assess.due_date(item),
            "household": household,
            "record": record,
            "complete": complete,
            "authorise": authorise,
            "give_back": give_back,
            "share": share,
            "can_sign_off": policy.allowed(request.user, "child.sign_off", person, read=True),
            "can_change": policy.allowed(request.user, "child.record_work", person, read=True),
            "stale": stale,  # what someone else saved is shown above the person's own text
        },
    )
