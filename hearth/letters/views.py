"""Sending a letter from a record's page, and the council's letter templates."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from hearth.core.forms import date_field
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard
from hearth.core.posting import apply_errors
from hearth.documents.kinds import attachable
from hearth.letters.kinds import COMMON_FIELDS, LetterKind, letter_kind, letter_kinds
from hearth.letters.making import current_template
from hearth.letters.models import LetterTemplate
from hearth.letters.services import letter_request, letter_sendable, template_upload
from hearth.people.access import access_child
from hearth.people.header import record_form_page

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@guard("child.record_work", every_method=True)
def send(request: AuthenticatedRequest, pk: int, code: str, record_id: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path, partners=False)
    kind = letter_kind(code)
    attach = attachable(kind.attached_to) if kind is not None else None
    if kind is None or attach is None or attach.record(person.pk, record_id) is None:
        raise Http404("No such record")
    back = attach.url(person.pk, record_id)
    done = f"{kind.title}: being prepared. It will be kept under Documents on this record in a moment."
    if kind.asks:  # the sender types the fields the letter asks for (an invitation's date, time and place)
        try:  # before they type anything: the letter can be sent from this record now
            letter_sendable(child=person, code=code, record_id=record_id, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        form = asked_form(kind)(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                letter_request(
                    child=person, code=code, record_id=record_id, by=request.user, answers=form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, done)
                return redirect(back)
        return record_form_page(
            request,
            person,
            form,
            title=f"Send: {kind.title.lower()}",
            intro="The letter is made from the council's template with what you type here.",
            button="Send the letter",
            required=kind.asks,
            cancel_url=back,
        )
    if request.method != "POST":
        return redirect(back)
    try:
        letter_request(child=person, code=code, record_id=record_id, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(back)


def asked_form(kind: LetterKind) -> type[forms.Form]:
    """A form with the fields the letter asks its sender for: a date for a field ending in "_date", else text."""
    fields: dict[str, forms.Field] = {}
    for name in kind.asks:
        if name.endswith("_date"):
            fields[name] = date_field(kind.fields[name])
        else:
            fields[name] = forms.CharField(label=kind.fields[name], required=False, max_length=200)
    return type("AskedForm", (forms.Form,), fields)


class TemplateForm(forms.Form):
    template = forms.FileField(label="New template (.docx)", required=False)


@guard("letters.templates", every_method=True)
def templates(request: AuthenticatedRequest) -> HttpResponse:
    latest = {
        template.kind: template
        for template in LetterTemplate.objects.select_related("uploaded_by").order_by("kind", "version")
    }
    kinds = [
        {
            "kind": kind,
            "latest": latest.get(kind.code),
            "fields": {**COMMON_FIELDS, **kind.fields},
            "form": TemplateForm(prefix=kind.code),
        }
        for kind in letter_kinds()
    ]
    return render(request, "letters/templates.html", {"kinds": kinds})


@guard("letters.templates", every_method=True)
def template_download(request: AuthenticatedRequest, code: str) -> HttpResponse:
    kind = letter_kind(code)
    if kind is None:
        raise Http404("No such letter")
    content, version = current_template(kind)
    response = HttpResponse(content, content_type=DOCX)
    name = f"{kind.code}-v{version}.docx" if version else f"{kind.code}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@guard("letters.templates", every_method=True)
def template_new(request: AuthenticatedRequest, code: str) -> HttpResponse:
    kind = letter_kind(code)
    if kind is None:
        raise Http404("No such letter")
    form = TemplateForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        prefix=code,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("template")
        try:
            saved = template_upload(code=code, content=upload.read() if upload else b"", by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{kind.title}: version {saved.version} of the template is in use.")
            return redirect("letters:templates")
    return render(request, "letters/template_new.html", {"kind": kind, "form": form})
