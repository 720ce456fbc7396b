"""The one page that records a statutory visit, for every kind (ADR 18)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from hearth.core import clock
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard
from hearth.core.posting import form_posted
from hearth.people.access import access_child
from hearth.people.header import record_form_page
from hearth.visits.forms import FailedVisitSeenForm, VisitForm
from hearth.visits.kinds import visit_kind
from hearth.visits.models import Visit
from hearth.visits.services import failed_visit_seen, visit_record


@guard("child.record_work", every_method=True)
def visit_new(request: AuthenticatedRequest, pk: int, kind: str, plan_pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path)
    try:
        declared = visit_kind(kind)
    except LookupError:
        raise Http404("No such kind of visit") from None
    plan = get_object_or_404(declared.plan_model(), pk=plan_pk, **{declared.child_lookup: person})
    form = VisitForm(request.POST or None, kind=declared, initial={"visit_date": clock.today()})
    done = declared.not_seen_message if request.POST.get("seen") == "no" else "Visit recorded."

    def save(_: object) -> None:
        visit_record(kind=declared.key, plan=plan, by=request.user, **form.values())

    if request.method == "POST" and form_posted(request, form, save, done):
        return redirect(declared.plan_page(plan))
    return record_form_page(
        request,
        person,
        form,
        title=declared.title,
        button="Record the visit",
        required=["visit_date", "seen"],
        cancel_url=declared.plan_page(plan),
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
