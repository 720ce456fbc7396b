"""Decisions: what waits for this manager, one request's decision page, and a worker's request from a record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from hearth.core import clock
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard, reads
from hearth.core.posting import apply_errors
from hearth.people.access import access_child
from hearth.people.header import child_header
from hearth.signoff.forms import DecisionForm, RequestForm
from hearth.signoff.kinds import kind_of
from hearth.signoff.models import SignOff
from hearth.signoff.selectors import decided_by, waiting_for
from hearth.signoff.services import decision_problems, sign_off_decide, sign_off_request


@reads
def waiting(request: AuthenticatedRequest) -> HttpResponse:
    today = clock.today()
    return render(
        request,
        "signoff/waiting.html",
        {
            "lines": waiting_for(request.user, today),
            "decided": decided_by(request.user),
            "is_manager": request.user.is_manager,
        },
    )


@guard("child.sign_off")
def decide(request: AuthenticatedRequest, pk: int, sign_off_id: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path, partners=False)
    row = get_object_or_404(
        SignOff.objects.select_related("requested_by", "decided_by"), pk=sign_off_id, child=person
    )
    kind = kind_of(row.kind)
    subject = kind.model._default_manager.filter(pk=row.subject_id).first()
    if subject is None:
        raise Http404("No such record")
    form = DecisionForm(request.POST or None, initial={"decided_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            sign_off_decide(
                sign_off=row,
                by=request.user,
                approve=approve,
                decided_on=form.cleaned_data["decided_on"],
                rationale=form.cleaned_data["rationale"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            what = kind.describe(subject)
            messages.success(request, f"{what}: {'approved' if approve else 'returned to the worker'}.")
            return redirect("signoff:waiting")
    return render(
        request,
        "signoff/decide.html",
        {
            "person": person,
            "summary": child_header(person),
            "row": row,
            "kind": kind,
            "what": kind.describe(subject),
            "record_url": kind.url(subject),
            "problem": next(iter(decision_problems(row, request.user).values()), None),
            "form": form,
        },
    )


@guard("child.record_work")
def ask(request: AuthenticatedRequest, pk: int, kind_key: str, subject_id: int) -> HttpResponse:
    """A worker sends a record for sign-off from the record's page; refusals come back on that page."""
    person = access_child(request.user, pk, path=request.path)
    try:
        kind = kind_of(kind_key)
    except LookupError:
        raise Http404("No such record") from None
    subject = kind.model._default_manager.filter(pk=subject_id).first()
    if subject is None or kind.child_id(subject) != person.pk:
        raise Http404("No such record")
    if request.method != "POST":  # the request is a button on the record's page
        return redirect(kind.url(subject))
    form = RequestForm(request.POST)
    form.is_valid()
    now = "sign_off_now" in request.POST  # a manager signing off there and then: asked and decided at once
    try:
        with transaction.atomic():
            row = sign_off_request(
                kind=kind.key, subject=subject, by=request.user, note=form.cleaned_data.get("note", "")
            )
            if now:
                sign_off_decide(
                    sign_off=row,
                    by=request.user,
                    approve=True,
                    decided_on=clock.today(),
                    rationale=request.POST.get("rationale", ""),
                )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        done = "signed off" if now else "sent to the manager for sign-off"
        messages.success(request, f"{kind.describe(subject)} {done}.")
    return redirect(kind.url(subject))
