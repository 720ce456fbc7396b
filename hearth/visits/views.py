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
from hearth.visits.forms import VisitForm
from hearth.visits.kinds import visit_kind
from hearth.visits.services import visit_record


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
