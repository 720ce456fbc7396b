"""Pages for strategy discussions, section 47 enquiries, conferences and the chairs' workload."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse

from hearth.care.workload import reviewing_officers
from hearth.core import clock, policy
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard, reads
from hearth.core.posting import bound_form, form_posted
from hearth.people.access import access_child, visible_among
from hearth.people.families import siblings_to_write
from hearth.people.header import child_header, record_form_page
from hearth.people.models import Person
from hearth.plans.models import ReviewKind
from hearth.plans.services import contributions_waiting, plan_outcomes, reviews_of, sibling_plans_of_kind
from hearth.protection import conferences as conf
from hearth.protection import enquiries
from hearth.protection.chairs import chairs_workload
from hearth.protection.conference_forms import ConferenceForm, Section47ConcludeForm, StrategyDiscussionForm
from hearth.protection.models import (
    Agency,
    Conference,
    ConferenceKind,
    Section47Enquiry,
    Section47Outcome,
    StrategyDiscussion,
)


def _worker(request: AuthenticatedRequest, pk: int) -> Person:
    """A child's record for changing (the page's guard has asked the policy)."""
    return access_child(request.user, pk, path=request.path)


@reads
def overview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The child's strategy discussions, section 47 enquiries and conferences, with what can be recorded next."""
    person = access_child(request.user, pk, path=request.path, partners=False)
    discussions = list(
        StrategyDiscussion.objects.filter(child=person).select_related("led_by").order_by("-held_on", "-pk")
    )
    enquiry_list = list(Section47Enquiry.objects.filter(child=person).order_by("-start_date", "-pk"))
    conference_list = list(
        Conference.objects.filter(child=person).select_related("chair").order_by("-held_on", "-pk")
    )
    plan = conf.open_plan(person)
    return render(
        request,
        "protection/conferences.html",
        {
            "person": person,
            "summary": child_header(person),
            "discussions": discussions,
            "enquiries": enquiry_list,
            "conferences": conference_list,
            "plan": plan,
            "awaiting": conf.enquiry_for_conference(person),
            "unborn": conf.is_unborn(person),
            "can_change": policy.allowed(request.user, "child.record_work", person, read=True),
        },
    )


@guard("child.record_work", every_method=True)
def strategy_discussion_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _worker(request, pk)
    form = StrategyDiscussionForm(
        request.POST or None,
        initial={"held_on": clock.today()},
        siblings=siblings_to_write(request.user, person.pk),
    )
    saved: list[StrategyDiscussion] = []

    def save(data: dict[str, Any]) -> None:
        if siblings := form.sibling_decisions():
            saved.extend(
                enquiries.strategy_discussion_record_for_family(
                    child=person, siblings=siblings, by=request.user, **form.values()
                )
            )
        else:
            saved.append(enquiries.strategy_discussion_record(child=person, by=request.user, **form.values()))

    if request.method == "POST" and form_posted(request, form, save, "Strategy discussion recorded."):
        return redirect("protection:strategy_discussion", pk=person.pk, discussion_pk=saved[0].pk)
    return record_form_page(
        request,
        person,
        form,
        title="Record a strategy discussion",
        button="Record the strategy discussion",
        required=[
            "held_on",
            "led_by",
            "agencies",
            "information_shared",
            "section_47",
            "decision_reason",
        ],
        cancel_url=reverse("protection:conferences", kwargs={"pk": person.pk}),
    )


@reads
def strategy_discussion(request: AuthenticatedRequest, pk: int, discussion_pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path, partners=False)
    discussion = get_object_or_404(
        StrategyDiscussion.objects.select_related("led_by", "recorded_by"), pk=discussion_pk, child=person
    )
    enquiry = Section47Enquiry.objects.filter(strategy_discussion=discussion).first()
    first = discussion.together_with_id or discussion.pk
    others = list(
        StrategyDiscussion.objects.filter(Q(pk=first) | Q(together_with_id=first))
        .exclude(pk=discussion.pk)
        .select_related("child")
    )
    openable = visible_among(request.user, [other.child for other in others])
    return render(
        request,
        "protection/strategy_discussion.html",
        {
            "person": person,
            "summary": child_header(person),
            "discussion": discussion,
            "agencies": [Agency(code).label for code in discussion.agencies],
            "flags": enquiries.discussion_flags(discussion),
            "enquiry": enquiry,
            "others": [(other if other.child_id in openable else None) for other in others],
        },
    )


@guard("child.record_work")
def section_47(request: AuthenticatedRequest, pk: int, enquiry_pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path, partners=False)
    enquiry = get_object_or_404(
        Section47Enquiry.objects.select_related("strategy_discussion__led_by"), pk=enquiry_pk, child=person
    )
    conclude = bound_form(request, "conclude", Section47ConcludeForm, ended_on=clock.today())
    if (
        request.method == "POST"
        and "conclude" in request.POST
        and form_posted(
            request,
            conclude,
            lambda data: enquiries.section_47_conclude(enquiry=enquiry, by=request.user, **data),
            "Enquiry concluded.",
        )
    ):
        return redirect("protection:section_47", pk=person.pk, enquiry_pk=enquiry.pk)
    later = StrategyDiscussion.objects.filter(child=person, held_on__gte=enquiry.start_date).select_related(
        "led_by"
    )
    if enquiry.end_date is not None:
        later = later.filter(held_on__lte=enquiry.end_date)
    conference = Conference.objects.filter(section_47=enquiry, kind=ConferenceKind.INITIAL).first()
    return render(
        request,
        "protection/section_47.html",
        {
            "person": person,
            "summary": child_header(person),
            "enquiry": enquiry,
            "discussions": list(later.order_by("held_on", "pk")),
            "flags": enquiries.discussion_flags(enquiry.strategy_discussion),
            "clock": enquiries.icpc_due(enquiry),
            "conference": conference,
            "conclude": conclude,
            "needs_conference": enquiry.outcome == Section47Outcome.CONFERENCE and conference is None,
            "can_change": policy.allowed(request.user, "child.record_work", person, read=True),
        },
    )


@guard("child.record_work", every_method=True)
def conference_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _worker(request, pk)
    kind = request.GET.get("kind", ConferenceKind.INITIAL)
    if kind not in ConferenceKind.values:
        kind = ConferenceKind.INITIAL
    plan = conf.open_plan(person) if kind == ConferenceKind.REVIEW else None
    outcomes = [o for o in plan_outcomes(plan) if o.achieved_on is None] if plan is not None else []
    # Brothers and sisters whose section 47 enquiry also needs an initial conference may be at the same one.
    # Brothers and sisters who may be at the same conference: at an initial conference, those whose own section 47
    # enquiry needs one; at a review, those whose own plan is reviewed (with its outcomes still to be achieved).
    siblings: list[tuple[Any, list[Any]]] = []
    if kind == ConferenceKind.INITIAL:
        siblings = [
            (child, [])
            for child in siblings_to_write(request.user, person.pk)
            if conf.enquiry_for_conference(child) is not None
        ]
    elif kind == ConferenceKind.REVIEW and plan is not None:
        siblings = [
            (child, child_outcomes) for child, _, child_outcomes in sibling_plans_of_kind(request.user, plan)
        ]
    form = ConferenceForm(
        request.POST or None,
        kind=kind,
        outcomes=outcomes,
        siblings=siblings,
        initial={"held_on": clock.today()},
    )
    saved: list[Conference] = []

    def save(data: dict[str, Any]) -> None:
        if together := form.siblings_at_conference():
            saved.extend(
                conf.conference_record_for_family(
                    child=person, siblings=together, by=request.user, **form.values()
                )
            )
        else:
            saved.append(conf.conference_record(child=person, by=request.user, **form.values()))

    if request.method == "POST" and form_posted(request, form, save, "Conference recorded."):
        return redirect("protection:conference", pk=person.pk, conference_pk=saved[0].pk)
    enquiry = conf.enquiry_for_conference(person) if kind == ConferenceKind.INITIAL else None
    return render(
        request,
        "protection/conference_form.html",
        {
            "person": person,
            "summary": child_header(person),
            "form": form,
            "kind": ConferenceKind(kind),
            "enquiry": enquiry,
            "pre_birth": kind == ConferenceKind.INITIAL and conf.is_unborn(person),
            "plan": plan,
            "contributions": list(contributions_waiting(plan, ReviewKind.REVIEW_CONFERENCE))
            if plan is not None
            else [],
            "cancel_url": reverse("protection:conferences", kwargs={"pk": person.pk}),
        },
    )


@reads
def conference(request: AuthenticatedRequest, pk: int, conference_pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path)
    item = get_object_or_404(
        Conference.objects.select_related("chair", "plan", "section_47__strategy_discussion__led_by"),
        pk=conference_pk,
        child=person,
    )
    deadline = conf.report_deadline(item.held_on)
    first = item.together_with_id or item.pk
    together = list(
        Conference.objects.filter(Q(pk=first) | Q(together_with_id=first))
        .exclude(pk=item.pk)
        .select_related("child")
    )
    openable = visible_among(request.user, [other.child for other in together])
    attendance = list(item.attendance.order_by("pk"))
    report_rows = list(item.reports.order_by("pk"))
    reports = [(report, conf.report_problem(report, deadline)) for report in report_rows]
    review = None
    if item.kind == ConferenceKind.REVIEW and item.plan is not None:
        review = next(
            iter(reviews_of(item.plan, kind=ReviewKind.REVIEW_CONFERENCE, review_date=item.held_on)), None
        )
    return render(
        request,
        "protection/conference.html",
        {
            "person": person,
            "summary": child_header(person),
            "conference": item,
            "attendance": attendance,
            "reports": reports,
            "deadline": deadline,
            "flags": conf.conference_flags(item, attendance, report_rows),
            "review": review,
            "together": [(other if other.child_id in openable else None) for other in together],
        },
    )


@guard("conference.chairs", every_method=True)
def chairs(request: AuthenticatedRequest) -> HttpResponse:
    """One page for chairs and reviewing officers (who share the role in many councils): conferences per chair per
    month for the last twelve months and reports shared late; each reviewing officer's looked-after children against
    the caseload the council sets, reviews overdue and due, reviews without meeting the child first, records late."""
    today = clock.today()
    return render(
        request,
        "protection/chairs.html",
        {"workload": chairs_workload(today), "reviewers": reviewing_officers(today)},
    )


urlpatterns: list[URLPattern] = [
    path("people/<int:pk>/conferences/", overview, name="conferences"),
    path(
        "people/<int:pk>/strategy-discussions/new/", strategy_discussion_add, name="strategy_discussion_add"
    ),
    path(
        "people/<int:pk>/strategy-discussions/<int:discussion_pk>/",
        strategy_discussion,
        name="strategy_discussion",
    ),
    path("people/<int:pk>/section-47/<int:enquiry_pk>/", section_47, name="section_47"),
    path("people/<int:pk>/conferences/new/", conference_add, name="conference_add"),
    path("people/<int:pk>/conferences/<int:conference_pk>/", conference, name="conference"),
    path("child-protection/chairs/", chairs, name="chairs"),
]
