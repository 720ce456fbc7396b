"""Case note pages: list, new, edit a draft, a final note with addenda; two tabs; partners; key events."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hearth.casenotes.models import Addendum, CaseNote, NoteStatus
from hearth.casenotes.services import STALE, note_draft_save, note_finalise
from hearth.core.models import AccessLog, ChangeLog, Event
from hearth.organisation.roles import Role
from hearth.people.models import ProfessionalInvolvement

POST = {"note_type": "visit", "occurred_on": "3/3/2025", "text": "Home visit. Jayden showed me his room."}


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, council: Any, note: CaseNote | None = None) -> str:
    kwargs: dict[str, int] = {"pk": council.child.pk}
    if note is not None:
        kwargs["note_pk"] = note.pk
    return reverse(f"casenotes:{name}", kwargs=kwargs)


def _note(council: Any, by: Any = None, final: bool = False, **values: Any) -> CaseNote:
    note = note_draft_save(
        child=council.child,
        note=None,
        values={"note_type": "visit", "occurred_on": date(2025, 3, 3), "text": "A visit"} | values,
        version=None,
        by=by or council.worker,
    )
    return note_finalise(note=note, version=1, by=by or council.worker) if final else note


def test_the_child_page_links_to_case_notes(council: Any) -> None:
    page = _client(council.worker).get(reverse("childrecord:child_page", kwargs={"pk": council.child.pk}))
    assert _url("notes", council) in page.content.decode()


def test_the_list_shows_final_notes_and_only_my_own_drafts_newest_first(council: Any) -> None:
    _note(council, final=True, text="Older final", occurred_on=date(2025, 1, 6))
    _note(council, text="My draft", occurred_on=date(2025, 2, 3))
    _note(council, by=council.manager, text="Manager's draft", note_type="managers_note")
    page = _client(council.worker).get(_url("notes", council)).content.decode()
    assert page.index("My draft") < page.index("Older final")
    assert "Your draft" in page and "Manager&#x27;s draft" not in page and "Manager's draft" not in page
    assert _client(council.worker).get(_url("new", council)).status_code == 200


def test_a_new_note_is_saved_as_a_draft_then_finalised_from_the_page(council: Any) -> None:
    client = _client(council.worker)
    response = client.post(_url("new", council), POST | {"save_draft": "1"})
    note = CaseNote.objects.get()
    assert response.status_code == 302 and response.url == _url("edit", council, note)
    page = client.get(_url("edit", council, note)).content.decode()
    assert "data-warn-unsaved" in page and f'data-autosave="case-note:{council.child.pk}:{note.pk}"' in page
    assert 'name="version" value="1"' in page
    response = client.post(
        _url("edit", council, note), POST | {"text": "Finished", "version": "1", "finalise": "1"}
    )
    assert response.status_code == 302 and response.url == _url("note", council, note)
    note.refresh_from_db()
    assert note.status == NoteStatus.FINAL and note.text == "Finished"
    assert client.get(_url("edit", council, note)).url == _url("note", council, note)


def test_the_new_note_page_autosaves_under_new_and_shows_bad_input(council: Any) -> None:
    client = _client(council.worker)
    page = client.get(_url("new", council)).content.decode()
    assert f'data-autosave="case-note:{council.child.pk}:new"' in page and "data-warn-unsaved" in page
    response = client.post(_url("new", council), {"text": "Unfinished thought", "save_draft": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and "Choose the type of note." in page and "Unfinished thought" in page
    assert not CaseNote.objects.exists()


def test_editing_a_final_note_is_refused_and_an_addendum_is_added_instead(council: Any) -> None:
    note = _note(council, final=True)
    client = _client(council.worker)
    response = client.post(
        _url("edit", council, note), POST | {"text": "Rewritten", "version": "2", "save_draft": "1"}
    )
    assert response.status_code == 200 and "add an addendum" in response.content.decode()
    assert CaseNote.objects.get(pk=note.pk).text == "A visit"
    response = _client(council.manager).post(
        _url("note", council, note), {"text": "Checked with the school."}
    )
    assert response.status_code == 302
    page = client.get(_url("note", council, note)).content.decode()
    assert "Checked with the school." in page and council.manager.full_name in page
    assert Addendum.objects.count() == 1


def test_two_tabs_the_second_save_from_an_old_version_is_refused_and_its_text_shown_back(
    council: Any,
) -> None:
    note = _note(council)
    first, second = _client(council.worker), _client(council.worker)
    assert first.get(_url("edit", council, note)).status_code == 200
    assert second.get(_url("edit", council, note)).status_code == 200
    saved = first.post(
        _url("edit", council, note), POST | {"text": "From the office", "version": "1", "save_draft": "1"}
    )
    assert saved.status_code == 302
    refused = second.post(
        _url("edit", council, note), POST | {"text": "From the laptop", "version": "1", "save_draft": "1"}
    )
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Someone else changed this note since you opened it" in page and "From the laptop" in page
    assert "The note as it is saved now" in page and "From the office" in page
    assert STALE.startswith("Someone else")
    fresh = CaseNote.objects.get(pk=note.pk)
    assert fresh.text == "From the office" and fresh.version == 2


def test_a_new_note_finalised_at_once_is_written_final_in_one_step(
    council: Any, django_assert_max_num_queries: Any
) -> None:
    client = _client(council.worker)
    client.get(_url("new", council))
    # The child read and their access asked once; the note, its history, its event, the quality mark and the check
    # enqueued in one transaction; the form's kept post settled in one statement.
    with django_assert_max_num_queries(19):
        response = client.post(_url("new", council), POST | {"finalise": "1"})
    note = CaseNote.objects.get()
    assert response.status_code == 302 and response.url == _url("note", council, note)
    assert note.status == NoteStatus.FINAL and note.finalised_at is not None and note.version == 2
    # Its history is that of a draft saved and then finalised: created, then finalised, on the child's record.
    changes = list(ChangeLog.objects.filter(model="casenotes.casenote", object_id=note.pk).order_by("pk"))
    assert [(change.action, change.child_id) for change in changes] == [
        ("create", council.child.pk),
        ("update", council.child.pk),
    ]
    created, finalised = changes
    assert created.after is not None and created.after["id"] == note.pk
    assert (created.after["status"], created.after["finalised_at"], created.after["version"]) == (
        "draft",
        None,
        1,
    )
    assert created.after["text"] == "Home visit. Jayden showed me his room."
    assert finalised.before == {"status": "draft", "finalised_at": None, "version": 1}
    assert finalised.after == {"status": "final", "finalised_at": str(note.finalised_at), "version": 2}
    event = Event.objects.get(record_id=note.pk, type__startswith="case_note")
    assert event.type == "case_note.recorded" and event.child_id == council.child.pk
    assert AccessLog.objects.filter(child=council.child, path=_url("new", council)).count() == 2


def test_a_new_note_refused_at_finalising_saves_nothing(council: Any) -> None:
    page = _client(council.worker).post(_url("new", council), POST | {"text": " ", "finalise": "1"})
    assert page.status_code == 200 and "Enter the note." in page.content.decode()
    assert not CaseNote.objects.exists() and not ChangeLog.objects.filter(model="casenotes.casenote").exists()


def test_the_list_reads_in_a_fixed_number_of_queries(
    council: Any, django_assert_max_num_queries: Any
) -> None:
    client = _client(council.worker)
    _note(council, final=True)
    client.get(_url("notes", council))
    with django_assert_max_num_queries(20) as few:
        client.get(_url("notes", council))
    for _ in range(5):
        _note(council, final=True)
        _note(council, by=council.manager, final=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(_url("notes", council)).status_code == 200


def test_someone_elses_draft_cannot_be_opened(council: Any) -> None:
    note = _note(council)
    client = _client(council.manager)
    assert client.get(_url("edit", council, note)).status_code == 404
    assert client.get(_url("note", council, note)).status_code == 404


@pytest.mark.parametrize("name", ["notes", "new", "note", "edit"])
def test_partners_read_nothing_of_case_notes(council: Any, name: str) -> None:
    partner = council.users[Role.PARTNER_HEALTH]
    ProfessionalInvolvement.objects.create(
        child=council.child, role="GP", name="Dr Health", staff_user=partner, start_date=date(2024, 1, 1)
    )
    note = _note(council, final=True, significant=True, text="Police called")
    client = _client(partner)
    assert client.get(reverse("childrecord:child_page", kwargs={"pk": council.child.pk})).status_code == 200
    url = _url(name, council, note if name in {"note", "edit"} else None)
    assert client.get(url).status_code == 403
    # The list only shows: a post to it is not allowed; the others refuse the partner.
    assert client.post(url, POST | {"version": "2", "save_draft": "1"}).status_code == (
        405 if name == "notes" else 403
    )
    assert CaseNote.objects.count() == 1 and not Addendum.objects.exists()
    chronology = client.get(reverse("chronology:chronology", kwargs={"pk": council.child.pk}))
    assert "Police called" not in chronology.content.decode()


def test_a_significant_note_is_in_the_chronology_key_events_and_the_child_page(council: Any) -> None:
    _note(council, final=True, significant=True, text="Police called: dad arrested")
    _note(council, final=True, text="Routine phone call to school")
    client = _client(council.worker)
    chronology = client.get(
        reverse("chronology:chronology", kwargs={"pk": council.child.pk})
    ).content.decode()
    child_page = client.get(
        reverse("childrecord:child_page", kwargs={"pk": council.child.pk})
    ).content.decode()
    for page in (chronology, child_page):
        assert "Police called: dad arrested" in page
        assert "Routine phone call to school" not in page
