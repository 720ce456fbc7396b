"""Case notes: save a draft (the author's alone), finalise it (locked from then on), add an addendum.

Every refusal is a ValidationError naming the field, and nothing is saved. A save made from a page opened before
someone else's save (another tab, another device) is refused rather than lost: the page shows the text back.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.casenotes.models import Addendum, CaseNote, CaseNoteChild, NoteStatus, NoteType
from hearth.core import clock, policy
from hearth.core.audit import audit_change, locked_fresh, snapshot
from hearth.core.dates import long_date
from hearth.core.events import event_record
from hearth.core.validation import past_date_problem
from hearth.core.versions import save_new_version, version_check
from hearth.organisation.models import StaffUser
from hearth.people.families import also_about_problems
from hearth.people.models import Person

NOTE_FIELDS = ("note_type", "occurred_on", "text", "significant")
STALE = (
    "Someone else changed this note since you opened it: your text is kept below, beside what is saved now. "
    "Save again once you have read their change."
)
LOCKED = "This note is final and cannot be changed: add an addendum to correct or add to it."
NOT_YOURS = "Only the author of a draft note may change or finalise it."
EXCERPT_LENGTH = 200


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1].rstrip() + "…"


def _note_problems(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    note_type = values.get("note_type") or ""
    if not note_type:
        errors["note_type"] = "Choose the type of note."
    elif note_type not in NoteType.values:
        errors["note_type"] = "Choose one of the types of note listed."
    occurred_on: date | None = values.get("occurred_on")
    if problem := past_date_problem(occurred_on, "the date this happened"):
        errors["occurred_on"] = problem
    if not (values.get("text") or "").strip():
        errors["text"] = "Enter the note."
    return errors


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "note_type": values["note_type"],
        "occurred_on": values["occurred_on"],
        "text": values["text"].strip(),
        "significant": bool(values.get("significant")),
    }


def _locked_draft(note: CaseNote, version: int | None, by: StaffUser) -> CaseNote:
    """The note's row, locked for the rest of the transaction, if `by` may still change it from `version`."""
    locked = locked_fresh(CaseNote.objects.get(pk=note.pk))
    if locked.status == NoteStatus.FINAL:
        raise ValidationError({"text": LOCKED})
    if locked.author_id != by.pk:
        raise ValidationError({"text": NOT_YOURS})
    version_check(locked, version, what="note", field="text", message=STALE)
    return locked


def shared_children(note: CaseNote) -> list[Person]:
    """The other children a note is also about."""
    return [link.child for link in note.shared_with.select_related("child").order_by("child_id")]


def note_draft_save(
    *,
    child: Person,
    note: CaseNote | None,
    values: dict[str, Any],
    version: int | None,
    by: StaffUser,
    also_about: list[Person] | None = None,
) -> CaseNote:
    """Save a draft note: a new one (note is None) or the author's own draft, opened at `version`. `also_about`: the
    other children of the family the note is about too (None leaves them as they are)."""
    policy.require(by, "child.record_work", child)
    already = shared_children(note) if note is not None else []
    if note is not None and note.child_id != child.pk and child not in already:
        raise ValidationError({"text": "This note is about another child."})
    main = note.child if note is not None else child
    if main.pk != child.pk:
        policy.require(by, "child.record_work", main)  # the note is the main child's record
    errors = _note_problems(values)
    others = [other for other in (also_about or []) if other.pk != main.pk]
    # Only a child newly added must live with the child now (a note already about a child who has since moved out
    # stays about them); the policy is asked again for every child when the note is finalised.
    added = [other for other in others if other not in already]
    if also_about is not None and (problems := also_about_problems(main, added, by)):
        errors["also_about"] = " ".join(problems)
    if errors:
        raise ValidationError(errors)
    clean = _clean(values)
    with transaction.atomic():
        if note is None:
            locked = CaseNote(child=child, author=by, status=NoteStatus.DRAFT, **clean)
            locked.full_clean()
            locked.save()
            audit_change(user=by, instance=locked, action="create", before=None, child_id=child.pk)
        else:
            locked = _locked_draft(note, version, by)
            before = snapshot(locked)
            changed = [key for key in NOTE_FIELDS if getattr(locked, key) != clean[key]]
            if changed:
                for key in changed:
                    setattr(locked, key, clean[key])
                save_new_version(locked, changed)
                audit_change(user=by, instance=locked, action="update", before=before, child_id=main.pk)
        if also_about is not None:
            CaseNoteChild.objects.filter(note=locked).exclude(child__in=others).delete()
            for other in others:
                link, made = CaseNoteChild.objects.get_or_create(note=locked, child=other)
                if made:
                    audit_change(user=by, instance=link, action="create", before=None, child_id=other.pk)
    return locked


def note_record(
    *, child: Person, values: dict[str, Any], by: StaffUser, also_about: list[Person] | None = None
) -> CaseNote:
    """Write a new note and finalise it at once (the form's "Save and finalise" on a new note): the checks of saving
    it as a draft and finalising it, then the note written once, final, in one transaction, rather than a draft
    written, read back, locked and finalised in a second. Its history is what saving the draft and finalising it
    writes: the note created (as its draft), the other children linked, then on each child the note finalised and
    its event."""
    policy.require(by, "child.record_work", child)
    errors = _note_problems(values)
    others = [other for other in (also_about or []) if other.pk != child.pk]
    # Each other child must live with the child now, and the policy is asked for each (as finalising asks it).
    if others and (problems := also_about_problems(child, others, by)):
        errors["also_about"] = " ".join(problems)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        note = CaseNote(child=child, author=by, status=NoteStatus.DRAFT, **_clean(values))
        # The child and author are the rows in hand, and the values meet the table's checks by construction (a
        # draft's, then a final note's with its time and next version; the database holds them too): neither is
        # asked of the database again.
        note.full_clean(exclude=["child", "author"], validate_constraints=False)
        drafted = snapshot(note)
        note.status, note.finalised_at, note.version = NoteStatus.FINAL, clock.now(), note.version + 1
        note.save()
        as_drafted = copy.copy(note)
        for key in ("status", "finalised_at", "version"):
            setattr(as_drafted, key, drafted[key])
        audit_change(user=by, instance=as_drafted, action="create", before=None, child_id=child.pk)
        for other in others:
            link = CaseNoteChild.objects.create(note=note, child=other)
            audit_change(user=by, instance=link, action="create", before=None, child_id=other.pk)
        _finalised_on(note, [child, *others], snapshot(as_drafted), by)
    return note


def _finalised_on(note: CaseNote, children: list[Person], before: dict[str, Any], by: StaffUser) -> None:
    """A note's finalising, written on each child it is about: the change from its draft, and its event on their
    chronology."""
    for about in children:
        audit_change(user=by, instance=note, action="update", before=before, child_id=about.pk)
        event_record(
            child_id=about.pk,
            type="case_note.significant" if note.significant else "case_note.recorded",
            occurred_on=note.occurred_on,
            recorded_by=by,
            record=note,
            payload={"type": NoteType(note.note_type).label, "excerpt": _excerpt(note.text)},
        )


def note_finalise(*, note: CaseNote, version: int | None, by: StaffUser) -> CaseNote:
    """The author finalises their draft: from now on it is locked, and it is on the chronology of the child and of
    each other child it is also about (the policy asked for each)."""
    children = [note.child, *shared_children(note)]
    for child in children:
        policy.require(by, "child.record_work", child)
    with transaction.atomic():
        locked = _locked_draft(note, version, by)
        if errors := _note_problems({key: getattr(locked, key) for key in NOTE_FIELDS}):
            raise ValidationError(errors)
        before = snapshot(locked)
        locked.status = NoteStatus.FINAL
        locked.finalised_at = clock.now()
        save_new_version(locked, ["status", "finalised_at"])
        _finalised_on(locked, children, before, by)
    return locked


def addendum_add(*, note: CaseNote, text: str, by: StaffUser) -> Addendum:
    """Add to a final note (the note itself never changes): shown on every child the note is about."""
    children = [note.child, *shared_children(note)]
    for child in children:
        policy.require(by, "child.record_work", child)
    if not note.is_final:
        raise ValidationError(
            {"text": "This note is still a draft: change the draft instead of adding to it."}
        )
    if not (text or "").strip():
        raise ValidationError({"text": "Enter the addendum."})
    with transaction.atomic():
        addendum = Addendum.objects.create(note=note, author=by, text=text.strip(), added_at=clock.now())
        for child in children:
            audit_change(user=by, instance=addendum, action="create", before=None, child_id=child.pk)
            event_record(
                child_id=child.pk,
                type="case_note.addendum_added",
                occurred_on=clock.today(),
                recorded_by=by,
                record=note,
                payload={
                    "type": NoteType(note.note_type).label,
                    "note_date": long_date(note.occurred_on),
                    "excerpt": _excerpt(addendum.text),
                },
            )
    return addendum
