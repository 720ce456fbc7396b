from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from hearth.casenotes.forms import AddendumForm, NoteForm
from hearth.casenotes.models import CaseNote
from hearth.casenotes.selectors import case_notes_for
from hearth.casenotes.services import (
    addendum_add,
    note_draft_save,
    note_finalise,
    note_record,
    shared_children,
)
from hearth.core import clock
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard, reads
from hearth.core.posting import apply_errors, form_posted
from hearth.people.access import access_child, visible_among
from hearth.people.families import siblings_to_write
from hearth.people.header import child_header
from hearth.people.models import Person

FINALISED = "Note finalised. It can no longer be changed: add an addendum to correct it."


def _child(request: AuthenticatedRequest, pk: int) -> Person:
    """The child's record for case notes: partner agencies read none of them."""
    return access_child(request.user, pk, path=request.path, partners=False)


def _others_shown(request: AuthenticatedRequest, person: Person, item: CaseNote) -> list[Person]:
    """The other children the note is about, those the reader may open (others are not named)."""
    others = [child for child in [item.child, *shared_children(item)] if child.pk != person.pk]
    openable = visible_among(request.user, others)
    return [child for child in others if child.pk in openable]


@reads
def notes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _child(request, pk)
    return render(
        request,
        "casenotes/notes.html",
        {
            "person": person,
            "summary": child_header(person),
            "notes": list(case_notes_for(request.user, person)),
        },
    )


def _posted(
    request: AuthenticatedRequest, person: Person, note: CaseNote | None, form: NoteForm
) -> HttpResponse | None:
    """Save the draft, and finalise it when that button was pressed; None when the form is shown again."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    if note is None and "finalise" in request.POST:  # a new note finalised at once: written final in one step
        try:
            saved = note_record(
                child=person, values=data, by=request.user, also_about=form.also_about_children()
            )
        except ValidationError as error:
            apply_errors(form, error)
            return None
        messages.success(request, FINALISED)
        return redirect("casenotes:note", pk=person.pk, note_pk=saved.pk)
    try:
        saved = note_draft_save(
            child=person,
            note=note,
            values=data,
            version=data.get("version"),
            by=request.user,
            also_about=form.also_about_children(),
        )
    except ValidationError as error:
        apply_errors(form, error)
        return None
    if "finalise" not in request.POST:
        messages.success(request, "Draft saved. Only you can see it until it is finalised.")
        return redirect("casenotes:edit", pk=person.pk, note_pk=saved.pk)
    try:
        note_finalise(note=saved, version=saved.version, by=request.user)
    except ValidationError as error:
        messages.error(request, "The draft was saved but not finalised: " + " ".join(error.messages))
        return redirect("casenotes:edit", pk=person.pk, note_pk=saved.pk)
    messages.success(request, FINALISED)
    return redirect("casenotes:note", pk=person.pk, note_pk=saved.pk)


def _offered(request: AuthenticatedRequest, item: CaseNote) -> list[Person]:
    offered = siblings_to_write(request.user, item.child_id)
    return offered + [child for child in shared_children(item) if child not in offered]


def _form_page(
    request: AuthenticatedRequest, person: Person, note: CaseNote | None, form: NoteForm
) -> HttpResponse:
    # A save refused because the note changed since the page was opened: show the note as it is saved now too.
    stale = note is not None and form.is_bound and request.POST.get("version") != str(note.version)
    return render(
        request,
        "casenotes/note_form.html",
        {
            "person": person,
            "summary": child_header(person),
            "note": note,
            "form": form,
            "autosave_key": f"case-note:{person.pk}:{note.pk if note else 'new'}",
            "saved_now": note if stale and note is not None and not note.is_final else None,
        },
    )


@guard("child.record_work", every_method=True)
def note_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _child(request, pk)
    form = NoteForm(
        request.POST or None,
        initial={"occurred_on": clock.today()},
        siblings=siblings_to_write(request.user, person.pk),
    )
    if request.method == "POST" and (done := _posted(request, person, None, form)):
        return done
    return _form_page(request, person, None, form)


@guard("child.record_work", every_method=True)
def note_edit(request: AuthenticatedRequest, pk: int, note_pk: int) -> HttpResponse:
    person = _child(request, pk)
    item = get_object_or_404(case_notes_for(request.user, person), pk=note_pk)
    if request.method != "POST" and item.is_final:
        return redirect("casenotes:note", pk=person.pk, note_pk=item.pk)
    initial = {key: getattr(item, key) for key in ("note_type", "occurred_on", "text", "significant")}
    initial["also_about"] = [str(child.pk) for child in shared_children(item)]
    form = NoteForm(
        request.POST or None,
        initial=initial | {"version": item.version},
        # The children the note is already about are offered too, so one who has moved out can be taken off it.
        siblings=_offered(request, item) if item.child_id == person.pk else [],
    )
    if request.method == "POST" and (done := _posted(request, person, item, form)):
        return done
    return _form_page(request, person, item, form)


@guard("child.record_work")
def note(request: AuthenticatedRequest, pk: int, note_pk: int) -> HttpResponse:
    person = _child(request, pk)
    item = get_object_or_404(case_notes_for(request.user, person), pk=note_pk)
    if not item.is_final:
        return redirect("casenotes:edit", pk=person.pk, note_pk=item.pk)
    form = AddendumForm(request.POST or None)
    if request.method == "POST" and form_posted(
        request,
        form,
        lambda data: addendum_add(note=item, text=data["text"], by=request.user),
        "Addendum added.",
    ):
        return redirect("casenotes:note", pk=person.pk, note_pk=item.pk)
    return render(
        request,
        "casenotes/note.html",
        {
            "person": person,
            "summary": child_header(person),
            "note": item,
            "addenda": list(item.addenda.select_related("author").order_by("added_at", "pk")),
            "also_about": _others_shown(request, person, item),
            "form": form,
        },
    )
