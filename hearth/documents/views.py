"""Documents pages: a child's documents, adding them (to the child or one of their records), one document with its
versions, downloading a version, a new version, restricting, removing one uploaded in error, and the council's list
of types. Every page opens the child's record first (need-to-know, logged), then the document."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hearth.core import clock, policy
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard, reads
from hearth.core.posting import apply_errors
from hearth.documents import files
from hearth.documents.forms import DocumentAddForm, DocumentTypeForm, RemoveForm, RestrictForm, VersionForm
from hearth.documents.kinds import attachable
from hearth.documents.models import Document, DocumentType
from hearth.documents.policies import mark_openable
from hearth.documents.services import (
    Upload,
    document_remove,
    document_restrict,
    document_type_save,
    documents_add,
    documents_on,
    version_add,
    version_open,
)
from hearth.organisation.models import Allocation, StaffUser
from hearth.people.access import access_child
from hearth.people.header import child_header
from hearth.people.models import Person


def _child(request: AuthenticatedRequest, pk: int) -> Person:
    """The child's record: documents are casework, so partner agencies are told what they may not see."""
    return access_child(request.user, pk, path=request.path, partners=False)


def _document(request: AuthenticatedRequest, person: Person, document_pk: int) -> Document:
    """The child's document, if this user may open it (a restricted one names them): else "not found", logged."""
    document = (
        Document.objects.select_related("document_type", "added_by", "child")
        .filter(pk=document_pk, child=person)
        .first()
    )
    if document is None:
        raise Http404(policy.NOT_FOUND)
    policy.require(request.user, "document.open", document, path=request.path)
    return document


def _posted(request: AuthenticatedRequest) -> Any:
    """The form's data on a post, even an empty one (naming no one lifts a restriction); None on a get."""
    return request.POST if request.method == "POST" else None


def _files(request: AuthenticatedRequest) -> Any:
    return request.FILES if request.method == "POST" else None


def _uploads(request: AuthenticatedRequest) -> list[Upload]:
    return [Upload(item.name or "", item, item.size or 0) for item in request.FILES.getlist("upload")]


def _people_around(
    person: Person, user: StaffUser, named: QuerySet[Any] | None = None
) -> QuerySet[StaffUser]:
    """Whom a restricted document may name: the child's worker and team, the user's team and their managers, and
    those it names already."""
    held = Allocation.objects.filter(child=person, end_date=None).values_list("team_id", "worker_id")
    teams = {team for team, _ in held} | ({user.team_id} if user.team_id else set())
    workers = {worker for _, worker in held}
    around = Q(team_id__in=teams) | Q(pk__in=workers) | Q(managed_teams__in=teams)
    if named is not None:
        around |= Q(pk__in=named)
    return (
        StaffUser.objects.filter(around, is_active=True).exclude(pk=user.pk).distinct().order_by("full_name")
    )


def _page(request: AuthenticatedRequest, template: str, person: Person, **context: Any) -> HttpResponse:
    return render(request, template, {"person": person, "summary": child_header(person), **context})


@reads
def documents(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _child(request, pk)
    found = documents_on(person)
    user = request.user
    mark_openable(user, found)
    for document in found:
        kind = attachable(document.attached_to) if document.attached_to else None
        document.on = (  # type: ignore[attr-defined]
            (kind.title, kind.url(person.pk, document.record_id)) if kind and document.record_id else None
        )
    return _page(
        request,
        "documents/documents.html",
        person,
        documents=[document for document in found if document.is_available],
        removed=[document for document in found if not document.is_available],
        may_add=policy.allowed(user, "document.add", person, read=True),
    )


@guard("document.add")
def add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _child(request, pk)
    policy.require(request.user, "document.add", person, path=request.path, read=True)
    on = request.GET.get("on", "") or request.POST.get("on", "")
    record_id = request.GET.get("record", "") or request.POST.get("record", "")
    kind = attachable(on) if on else None
    record = kind.record(person.pk, int(record_id)) if kind and record_id.isdigit() else None
    if on and record is None:
        raise Http404(policy.NOT_FOUND)
    form = DocumentAddForm(
        _posted(request),
        _files(request),
        initial={"document_date": clock.today().strftime("%d/%m/%Y")},
    )
    form.name_from(_people_around(person, request.user))
    if request.method == "POST" and form.is_valid():
        try:
            added = documents_add(
                child=person,
                uploads=_uploads(request),
                values=form.cleaned_data,
                by=request.user,
                attached_to=on if record is not None else "",
                record_id=record.pk if record is not None else None,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            count = len(added)
            messages.success(
                request, f"{count} document{'s' if count != 1 else ''} added to {person.full_name}'s record."
            )
            if kind is not None and record is not None:
                return redirect(kind.url(person.pk, record.pk))
            return redirect("documents:documents", pk=person.pk)
    return _page(
        request,
        "documents/add.html",
        person,
        form=form,
        on=on if record is not None else "",
        record=record,
        record_label=kind.label(record) if kind and record is not None else "",
        record_url=kind.url(person.pk, record.pk) if kind and record is not None else "",
        allowed=files.allowed_summary(),
        accept=files.accept_attribute(),
    )


@reads
def document(request: AuthenticatedRequest, pk: int, document_pk: int) -> HttpResponse:
    person = _child(request, pk)
    found = _document(request, person, document_pk)
    kind = attachable(found.attached_to) if found.attached_to else None
    return _page(
        request,
        "documents/document.html",
        person,
        document=found,
        versions=list(found.versions.select_related("uploaded_by").order_by("-number")),
        named=list(StaffUser.objects.filter(pk__in=found.grants.values("user_id")).order_by("full_name")),
        on=(kind.title, kind.url(person.pk, found.record_id)) if kind and found.record_id else None,
        may_change=policy.allowed(request.user, "document.change", found, read=True),
    )


@reads
def download(
    request: AuthenticatedRequest, pk: int, document_pk: int, number: int | None = None
) -> HttpResponseBase:
    person = _child(request, pk)
    found = _document(request, person, document_pk)
    try:
        version, handle = version_open(document=found, number=number, by=request.user, path=request.path)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("documents:document", pk=person.pk, document_pk=found.pk)
    response = FileResponse(
        handle, as_attachment=True, filename=version.original_name, content_type=version.content_type
    )
    # A document is never rendered as a page of Hearth's own.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def _changing(request: AuthenticatedRequest, pk: int, document_pk: int) -> tuple[Person, Document]:
    person = _child(request, pk)
    found = _document(request, person, document_pk)
    policy.require(request.user, "document.change", found, path=request.path, read=True)
    return person, found


@guard("document.change")
def new_version(request: AuthenticatedRequest, pk: int, document_pk: int) -> HttpResponse:
    person, found = _changing(request, pk, document_pk)
    form = VersionForm(_posted(request), _files(request))
    if request.method == "POST" and form.is_valid():
        uploads = _uploads(request)
        try:
            if len(uploads) != 1:
                raise ValidationError({"upload": "Choose one file: the new version of this document."})
            version = version_add(document=found, upload=uploads[0], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Version {version.number} added.")
            return redirect("documents:document", pk=person.pk, document_pk=found.pk)
    return _page(
        request,
        "documents/new_version.html",
        person,
        document=found,
        form=form,
        allowed=files.allowed_summary(),
        accept=files.accept_attribute(),
    )


@guard("document.change")
def remove(request: AuthenticatedRequest, pk: int, document_pk: int) -> HttpResponse:
    person, found = _changing(request, pk, document_pk)
    form = RemoveForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            document_remove(document=found, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "The document was removed as uploaded in error. The reason is kept.")
            return redirect("documents:documents", pk=person.pk)
    return _page(request, "documents/remove.html", person, document=found, form=form)


@guard("document.change")
def restrict(request: AuthenticatedRequest, pk: int, document_pk: int) -> HttpResponse:
    person, found = _changing(request, pk, document_pk)
    form = RestrictForm(
        _posted(request), initial={"named": list(found.grants.values_list("user_id", flat=True))}
    )
    form.name_from(_people_around(person, request.user, found.grants.values("user_id")))
    if request.method == "POST" and form.is_valid():
        try:
            document_restrict(document=found, named=list(form.cleaned_data["named"]), by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                "Only the people named may open this document now."
                if form.cleaned_data["named"]
                else "Everyone who may open the child's record may open this document now.",
            )
            return redirect("documents:document", pk=person.pk, document_pk=found.pk)
    return _page(request, "documents/restrict.html", person, document=found, form=form)


@guard("document.types", every_method=True)
def types(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "documents/types.html", {"types": DocumentType.objects.all()})


@guard("document.types", every_method=True)
def type_edit(request: AuthenticatedRequest, type_pk: int | None = None) -> HttpResponse:
    existing = get_object_or_404(DocumentType, pk=type_pk) if type_pk else None
    initial = (
        {"name": existing.name, "retention": existing.retention, "active": existing.active}
        if existing
        else {"active": True}
    )
    form = DocumentTypeForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document_type_save(
                by=request.user,
                name=data["name"],
                retention=data["retention"],
                active=data["active"],
                existing=existing,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "The list of document types is saved.")
            return redirect("documents:types")
    return render(request, "documents/type_form.html", {"form": form, "existing": existing})


def record_documents_url(person: Person, attached_to: str, record_id: int) -> str:
    return reverse("documents:add", kwargs={"pk": person.pk}) + f"?on={attached_to}&record={record_id}"
