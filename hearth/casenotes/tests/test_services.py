"""Case note services: drafts, finalise and lock, addenda, concurrency, and every refusal saving nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hearth.casenotes.models import Addendum, CaseNote, NoteStatus
from hearth.casenotes.services import STALE, addendum_add, note_draft_save, note_finalise
from hearth.core import clock
from hearth.core.models import ChangeLog, Event, Significance

GOOD = {
    "note_type": "visit",
    "occurred_on": date(2025, 3, 3),
    "text": "Home visit. Jayden showed me his room.",
    "significant": False,
}


def _draft(council: Any, **values: Any) -> CaseNote:
    return note_draft_save(
        child=council.child, note=None, values=GOOD | values, version=None, by=council.worker
    )


def _unchanged(note: CaseNote) -> tuple[Any, ...]:
    fresh = CaseNote.objects.get(pk=note.pk)
    return (fresh.text, fresh.note_type, fresh.occurred_on, fresh.status, fresh.version, fresh.significant)


def test_a_draft_is_saved_changed_by_its_author_and_finalised_with_an_event(council: Any) -> None:
    note = _draft(council)
    assert note.status == NoteStatus.DRAFT and note.version == 1 and note.author == council.worker
    assert not Event.objects.filter(type__startswith="case_note").exists()
    changed = note_draft_save(
        child=council.child,
        note=note,
        values=GOOD | {"text": "  Home visit. Jayden and his mother were in.  "},
        version=1,
        by=council.worker,
    )
    assert changed.version == 2 and changed.text == "Home visit. Jayden and his mother were in."
    final = note_finalise(note=changed, version=2, by=council.worker)
    assert final.status == NoteStatus.FINAL and final.finalised_at is not None and final.version == 3
    event = Event.objects.get(type="case_note.recorded", record_id=note.pk)
    assert event.significance == Significance.STANDARD
    assert event.occurred_on == date(2025, 3, 3)
    assert event.summary == "Visit: Home visit. Jayden and his mother were in."
    assert ChangeLog.objects.filter(model="casenotes.casenote", object_id=note.pk).count() == 3


def test_a_significant_note_is_a_key_event(council: Any) -> None:
    note = _draft(council, significant=True, note_type="telephone_call", text="Police called: dad arrested.")
    note_finalise(note=note, version=1, by=council.worker)
    event = Event.objects.get(type="case_note.significant", record_id=note.pk)
    assert event.significance == Significance.KEY
    assert event.summary == "Telephone call: Police called: dad arrested."


def test_a_final_note_is_locked(council: Any) -> None:
    note = note_finalise(note=_draft(council), version=1, by=council.worker)
    before = _unchanged(note)
    with pytest.raises(ValidationError) as refused:
        note_draft_save(
            child=council.child, note=note, values=GOOD | {"text": "Changed"}, version=2, by=council.worker
        )
    assert "addendum" in refused.value.message_dict["text"][0]
    with pytest.raises(ValidationError):
        note_finalise(note=note, version=2, by=council.worker)
    assert _unchanged(note) == before
    assert Event.objects.filter(record_id=note.pk, type__startswith="case_note").count() == 1


def test_an_addendum_is_added_to_a_final_note_only(council: Any) -> None:
    note = _draft(council)
    with pytest.raises(ValidationError) as refused:
        addendum_add(note=note, text="More", by=council.worker)
    assert "text" in refused.value.message_dict
    note = note_finalise(note=note, version=1, by=council.worker)
    with pytest.raises(ValidationError) as empty:
        addendum_add(note=note, text="   ", by=council.manager)
    assert empty.value.message_dict["text"] == ["Enter the addendum."]
    assert not Addendum.objects.exists()
    addendum = addendum_add(note=note, text="The visit was on the 4th, not the 3rd.", by=council.manager)
    assert addendum.author == council.manager and addendum.note == note
    assert CaseNote.objects.get(pk=note.pk).text == GOOD["text"]
    assert Event.objects.filter(type="case_note.addendum_added", record_id=note.pk).exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"text": "   "}, "text", "Enter the note."),
        ({"note_type": ""}, "note_type", "Choose the type of note."),
        ({"note_type": "gossip"}, "note_type", "Choose one of the types of note listed."),
        ({"occurred_on": None}, "occurred_on", "Enter the date this happened."),
        (
            {"occurred_on": clock.today() + timedelta(days=1)},
            "occurred_on",
            "The date this happened must be today or in the past.",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_saves_nothing(
    council: Any, values: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _draft(council, **values)
    assert refused.value.message_dict[field] == [message]
    assert not CaseNote.objects.exists()
    note = _draft(council)
    with pytest.raises(ValidationError):
        note_draft_save(child=council.child, note=note, values=GOOD | values, version=1, by=council.worker)
    assert _unchanged(note)[0] == GOOD["text"] and _unchanged(note)[4] == 1


def test_only_the_author_may_change_or_finalise_a_draft(council: Any) -> None:
    note = _draft(council)
    before = _unchanged(note)
    with pytest.raises(ValidationError) as refused:
        note_draft_save(
            child=council.child, note=note, values=GOOD | {"text": "Mine"}, version=1, by=council.manager
        )
    assert "author" in refused.value.message_dict["text"][0]
    with pytest.raises(ValidationError):
        note_finalise(note=note, version=1, by=council.manager)
    assert _unchanged(note) == before
    assert not Event.objects.filter(type__startswith="case_note").exists()


def test_a_save_from_an_old_version_is_refused_and_nothing_is_lost(council: Any) -> None:
    note = _draft(council)
    note_draft_save(
        child=council.child, note=note, values=GOOD | {"text": "Saved first"}, version=1, by=council.worker
    )
    with pytest.raises(ValidationError) as refused:
        note_draft_save(
            child=council.child,
            note=note,
            values=GOOD | {"text": "Saved second"},
            version=1,
            by=council.worker,
        )
    assert refused.value.message_dict["text"] == [STALE]
    with pytest.raises(ValidationError):
        note_finalise(note=note, version=1, by=council.worker)
    fresh = CaseNote.objects.get(pk=note.pk)
    assert fresh.text == "Saved first" and fresh.version == 2 and fresh.status == NoteStatus.DRAFT
