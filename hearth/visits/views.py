"""The one page that records a statutory visit, for every kind (ADR 18)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hearth.core import clock
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard, reads
from hearth.core.posting import form_posted
from hearth.people.access import access_child
from hearth.people.families import may_write_to_all
from hearth.people.header import child_header, record_form_page
from hearth.visits.forms import FailedVisitSeenForm, VisitForm, VisitNoteForm
from hearth.visits.kinds import visit_kind
from hearth.visits.models import Visit
from hearth.visits.selectors import siblings_to_visit, visit_base, visit_intro, visited_together
from hearth.visits.services import (
    failed_visit_seen,
    visit_group_note_correct,
    visit_group_record,
    visit_record,
)


@guard("child.record_work", every_method=True)
def visit_new(request: AuthenticatedRequest, pk: int, kind: str, plan_pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path)
    try:
        declared = visit_kind(kind)
    except LookupError:
        raise Http404("No such kind of visit") from None
    plan = declared.plan_of(person, plan_pk)
    if plan is None:
        raise Http404("No such plan")
    form = VisitForm(
        request.POST or None,
        kind=declared,
        child=person,
        plan=plan,
        siblings=siblings_to_visit(request.user, person.pk),
        initial={"visit_date": clock.today()},
    )
    done = declared.not_seen_message if request.POST.get("seen") == "no" else "Visit recorded."

    def save(_: object) -> None:
        children = form.children_visited()
        if len(children) == 1:
            part = children[0]
            visit_record(
                kind=declared.key,
                plan=plan,
                visit_date=form.cleaned_data["visit_date"],
                seen=part.seen,
                seen_alone=part.seen_alone,
                bedroom_seen=part.bedroom_seen,
                not_seen_reason=part.not_seen_reason,
                note=form.cleaned_data["note"],
                answers=part.answers,
                views=part.views,
                by=request.user,
            )
        else:
            visit_group_record(
                children=children,
                visit_date=form.cleaned_data["visit_date"],
                note=form.cleaned_data["note"],
                by=request.user,
            )

    if request.method == "POST" and form_posted(request, form, save, done):
        return redirect(declared.plan_page(plan))
    return record_form_page(
        request,
        person,
        form,
        title=declared.title,
        intro=visit_intro(person.pk, declared),
        button="Record the visit",
        required=["visit_date", "seen"],
        cancel_url=declared.plan_page(plan),
        template="visits/record.html",
    )


@guard("child.sign_off", every_method=True)
def failed_seen(request: AuthenticatedRequest, pk: int, visit_pk: int) -> HttpResponse:
    """The manager's sight of a failed visit of any kind, straight from the team page: what they have decided."""
    person = access_child(request.user, pk, path=request.path)
    visit = get_object_or_404(
        Visit.objects.select_related("recorded_by"), pk=visit_pk, child=person, seen=False
    )
    declared = visit_kind(visit.kind)
    form = FailedVisitSeenForm(request.POST or None)

    def save(data: dict[str, str]) -> None:
        failed_visit_seen(visit=visit, note=data["note"], by=request.user)

    if request.method == "POST" and form_posted(
        request, form, save, "Failed visit marked as seen by the manager."
    ):
        return redirect("worklists:my_team")
    when = visit.visit_date.strftime("%-d %B %Y")
    return record_form_page(
        request,
        person,
        form,
        title=f"Failed {declared.label.lower()} on {when}",
        intro=f"Not seen: {visit.not_seen_reason}. Recorded by {visit.recorded_by or 'the system'}."
        + (f" Seen by {visit.manager_seen_by} already." if visit.manager_seen_by_id else ""),
        button="Mark as seen by the manager",
        required=["note"],
        cancel_url=declared.plan_page(getattr(visit, declared.plan_field)),
    )


@reads
def visit_page(request: AuthenticatedRequest, pk: int, visit_pk: int) -> HttpResponse:
    """One visit: what the child was seen and said, the notes, and the brothers and sisters visited with them."""
    person = access_child(request.user, pk, path=request.path, partners=False)
    visit = get_object_or_404(visit_base().filter(child=person), pk=visit_pk)
    return render(
        request,
        "visits/visit.html",
        {
            "person": person,
            "summary": child_header(person),
            "visit": visit,
            "label": visit_kind(visit.kind).label,
            "together": visited_together(request.user, visit),
            "may_correct": visit.group_id is not None
            and may_write_to_all(
                request.user,
                [
                    other.child
                    for other in Visit.objects.filter(group_id=visit.group_id).select_related("child")
                ],
            ),
        },
    )


@guard("child.record_work", every_method=True)
def visit_notes_correct(request: AuthenticatedRequest, pk: int, visit_pk: int) -> HttpResponse:
    """Correct the shared notes of a visit to several children: every child's visit shows the correction."""
    person = access_child(request.user, pk, path=request.path, partners=False)
    visit = get_object_or_404(visit_base().filter(child=person).exclude(group=None), pk=visit_pk)
    assert visit.group is not None
    group = visit.group
    form = VisitNoteForm(request.POST or None, initial={"note": group.note})

    def save(data: dict[str, str]) -> None:
        visit_group_note_correct(group=group, note=data["note"], by=request.user)

    page = reverse("visits:visit", kwargs={"pk": person.pk, "visit_pk": visit.pk})
    if request.method == "POST" and form_posted(
        request, form, save, "Notes corrected on the visit of every child visited."
    ):
        return redirect(page)
    return record_form_page(
        request,
        person,
        form,
        title="Correct the notes of the visit",
        intro="These notes are shared by every child on the visit: the correction shows on each child's visit.",
        button="Save the correction",
        required=["note"],
        cancel_url=page,
    )
