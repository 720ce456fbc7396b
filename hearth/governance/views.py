"""The retention review, a record's retention (holds and disposal) and subject access: thin views over the services
(ADR 41)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from hearth.core import clock, policy
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard, reads
from hearth.core.posting import apply_errors
from hearth.documents.models import Document
from hearth.governance.disposal import (
    disposal_preview,
    disposals,
    document_dispose,
    legal_hold_lift,
    legal_hold_place,
    record_dispose,
)
from hearth.governance.forms import (
    DisposeForm,
    HoldForm,
    LiftForm,
    RedactionsForm,
    ReleaseForm,
    SubjectAccessForm,
)
from hearth.governance.models import LegalHold, SubjectAccessRequest, SubjectAccessStatus
from hearth.governance.retention import (
    RULES,
    WORKING_COPY,
    document_retention,
    documents_review,
    record_retention,
    retention_review,
    rule_confirmation,
)
from hearth.governance.subject_access import (
    record_sections,
    redacted_parts,
    request_pattern,
    subject_access_bundle,
    subject_access_redactions_set,
    subject_access_release,
    subject_access_request_create,
)
from hearth.people.access import access_child, visible_among
from hearth.people.header import child_header
from hearth.people.models import Person


def _posted(request: AuthenticatedRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _person(request: AuthenticatedRequest, pk: int) -> Person:
    return access_child(request.user, pk, path=request.path, partners=False)


def _page(request: AuthenticatedRequest, template: str, person: Person, **context: Any) -> HttpResponse:
    return render(request, template, {"person": person, "summary": child_header(person), **context})


@guard("governance.retention", every_method=True)
def retention(request: AuthenticatedRequest) -> HttpResponse:
    on = clock.today()
    rules = [(rule, rule_confirmation(rule, on)) for rule in (*RULES, WORKING_COPY)]
    # Need-to-know: the records listed are those this user may open (a performance officer: every record).
    due = retention_review(on=on)
    documents = documents_review(on=on)
    openable = visible_among(
        request.user, [item.person for item in due] + [item.document.child for item in documents]
    )
    return render(
        request,
        "governance/retention.html",
        {
            "rules": rules,
            "due": [item for item in due if item.person.pk in openable],
            "documents": [item for item in documents if item.document.child_id in openable],
            "disposed": disposals()[:50],
            "may_hold": policy.allowed(request.user, "governance.hold", read=True),
        },
    )


@guard("governance.hold", every_method=True)
def record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = HoldForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            legal_hold_place(
                person=person,
                reason=form.cleaned_data["reason"],
                until=form.cleaned_data["until"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, "Legal hold placed: the record cannot be disposed of while it is in force."
            )
            return redirect("governance:record", pk=person.pk)
    return _page(
        request,
        "governance/record.html",
        person,
        retention=record_retention(person),
        holds=LegalHold.objects.filter(person=person)
        .select_related("placed_by", "lifted_by")
        .order_by("-placed_at"),
        form=form,
        may_dispose=policy.allowed(request.user, "governance.dispose", person, read=True),
    )


@guard("governance.hold", every_method=True)
def hold_lift(request: AuthenticatedRequest, pk: int, hold_pk: int) -> HttpResponse:
    person = _person(request, pk)
    hold = (
        LegalHold.objects.filter(pk=hold_pk, person=person, lifted_at=None).select_related("person").first()
    )
    if hold is None:
        raise Http404(policy.NOT_FOUND)
    form = LiftForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            legal_hold_lift(hold=hold, reason=form.cleaned_data["lifted_reason"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Legal hold lifted.")
            return redirect("governance:record", pk=person.pk)
    return _page(request, "governance/lift.html", person, hold=hold, form=form)


@guard("governance.dispose", every_method=True)
def dispose(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = DisposeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        number = person.person_number
        try:
            record_dispose(person=person, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Record {number} disposed of. Its tombstone is listed below.")
            return redirect("governance:retention")
    retention = record_retention(person)
    return _page(
        request,
        "governance/dispose.html",
        person,
        retention=retention,
        problem=retention.problem(),
        preview=disposal_preview(person),
        form=form,
    )


@guard("governance.dispose", every_method=True)
def document_dispose_page(request: AuthenticatedRequest, pk: int, document_pk: int) -> HttpResponse:
    person = _person(request, pk)
    document = (
        Document.objects.filter(pk=document_pk, child=person).select_related("child", "document_type").first()
    )
    if document is None:
        raise Http404(policy.NOT_FOUND)
    form = DisposeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            document_dispose(document=document, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"The working copy on record {person.person_number} was disposed of.")
            return redirect("governance:retention")
    retention = document_retention(document)
    return _page(
        request,
        "governance/document_dispose.html",
        person,
        document=document,
        retention=retention,
        problem=retention.problem()
        if retention
        else "This document is kept with the child's record, not as a working copy: it goes with the record.",
        form=form,
    )


@guard("governance.subject_access", every_method=True)
def subject_access(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = SubjectAccessForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            made = subject_access_request_create(
                subject=person, received_on=form.cleaned_data["received_on"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Export drafted: check the redactions, then release it.")
            return redirect("governance:review", pk=person.pk, request_pk=made.pk)
    return _page(
        request,
        "governance/subject_access.html",
        person,
        form=form,
        requests=SubjectAccessRequest.objects.filter(subject=person)
        .select_related("requested_by", "reviewed_by")
        .order_by("-requested_at"),
    )


def _request(person: Person, request_pk: int) -> SubjectAccessRequest:
    found = (
        SubjectAccessRequest.objects.filter(pk=request_pk, subject=person).select_related("subject").first()
    )
    if found is None:
        raise Http404(policy.NOT_FOUND)
    return found


@guard("governance.subject_access", every_method=True)
def review(request: AuthenticatedRequest, pk: int, request_pk: int) -> HttpResponse:
    person = _person(request, pk)
    found = _request(person, request_pk)
    step = request.POST.get("step") if request.method == "POST" else None
    redactions_form = RedactionsForm(request.POST if step == "redactions" else None)
    release_form = ReleaseForm(request.POST if step == "release" else None)
    if step == "redactions" and redactions_form.is_valid():
        kept = {int(value) for value in request.POST.getlist("redact") if value.isdigit()}
        try:
            subject_access_redactions_set(
                request=found,
                kept=kept,
                added=redactions_form.cleaned_data["added"],
                whose=redactions_form.cleaned_data["whose"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(redactions_form, error)
        else:
            messages.success(request, "Redactions saved: the preview shows them.")
            return redirect("governance:review", pk=person.pk, request_pk=found.pk)
    if step == "release" and release_form.is_valid():
        try:
            subject_access_release(
                request=found,
                confirmed=release_form.cleaned_data["confirm"],
                note=release_form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(release_form, error)
        else:
            messages.success(request, "The bundle is released: download it to send to the person.")
            return redirect("governance:review", pk=person.pk, request_pk=found.pk)
    pattern = request_pattern(found)
    sections = [
        (
            section.heading,
            [(redacted_parts(label, pattern), redacted_parts(text, pattern)) for label, text in section.rows],
        )
        for section in record_sections(person)
    ]
    return _page(
        request,
        "governance/review.html",
        person,
        found=found,
        released=found.status == SubjectAccessStatus.RELEASED,
        redactions=found.redactions.all(),
        sections=sections,
        redactions_form=redactions_form,
        release_form=release_form,
    )


@reads
def bundle(request: AuthenticatedRequest, pk: int, request_pk: int) -> HttpResponse:
    person = _person(request, pk)
    policy.require(request.user, "governance.subject_access", person, path=request.path, read=True)
    found = _request(person, request_pk)
    if found.status != SubjectAccessStatus.RELEASED:
        raise Http404("The bundle is made once a reviewer releases it.")
    try:
        content = subject_access_bundle(request=found, by=request.user, path=request.path)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("governance:review", pk=person.pk, request_pk=found.pk)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="subject-access-{person.person_number}-{found.pk}.pdf"'
    )
    return response
