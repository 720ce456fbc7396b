"""A note about several children of a family, written once (issue 18): on each child's list and chronology, with an
event on each; an addendum shows on every child; a child not living with the family, or whose record the author may
not write to, is refused and nothing is saved."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.casenotes.models import CaseNote
from hearth.casenotes.services import addendum_add, note_draft_save
from hearth.core import clock
from hearth.core.models import Event
from hearth.organisation.services import allocation_change
from hearth.people.services.household import household_add_member
from hearth.people.tests.factories import make_child

pytestmark = pytest.mark.django_db


@pytest.fixture
def amber(council: Any) -> Any:
    sister = make_child(by=council.worker, forename="Amber", surname="Smith")
    allocation_change(
        child_id=sister.pk,
        worker=council.worker,
        team=council.team,
        start_date=clock.today() - timedelta(days=30),
        reason="Sibling",
        by=council.users["front_door"],
    )
    household_add_member(
        child=council.child, member=sister, start_date=clock.today() - timedelta(days=30), by=council.worker
    )
    return sister


def test_one_note_about_two_children_is_on_each_record_with_an_event_on_each(
    council: Any, amber: Any
) -> None:
    client = Client()
    client.force_login(council.worker)
    url = reverse("casenotes:new", kwargs={"pk": council.child.pk})
    page = client.get(url).content.decode()
    assert "Also about" in page and "Amber Smith" in page
    day = (clock.today() - timedelta(days=1)).strftime("%d/%m/%Y")
    done = client.post(
        url,
        {
            "note_type": "telephone_call",
            "occurred_on": day,
            "text": "School: both children in today.",
            "also_about": [str(amber.pk)],
            "finalise": "1",
        },
    )
    assert done.status_code == 302
    note = CaseNote.objects.get()
    assert Event.objects.filter(type="case_note.recorded", child=council.child).count() == 1
    assert Event.objects.filter(type="case_note.recorded", child=amber).count() == 1
    # On Amber's list and her own page for the note, naming Jayden.
    listed = client.get(reverse("casenotes:notes", kwargs={"pk": amber.pk})).content.decode()
    assert "School: both children in today." in listed
    shown = client.get(
        reverse("casenotes:note", kwargs={"pk": amber.pk, "note_pk": note.pk})
    ).content.decode()
    assert "Also on the record of" in shown and "Jayden Smith" in shown
    # An addendum added from Amber's record shows on Jayden's and is an event on both.
    addendum_add(note=note, text="Correction: Amber left at noon.", by=council.worker)
    jayden = client.get(
        reverse("casenotes:note", kwargs={"pk": council.child.pk, "note_pk": note.pk})
    ).content.decode()
    assert "Correction: Amber left at noon." in jayden
    assert Event.objects.filter(type="case_note.addendum_added").count() == 2


def test_a_child_not_living_with_the_family_is_refused_and_nothing_saved(council: Any, amber: Any) -> None:
    stranger = make_child(by=council.worker, forename="Leo", surname="Jones")
    with pytest.raises(ValidationError) as refused:
        note_draft_save(
            child=council.child,
            note=None,
            values={"note_type": "visit", "occurred_on": clock.today(), "text": "Visit"},
            version=None,
            by=council.worker,
            also_about=[amber, stranger],
        )
    assert "Leo Jones does not live with Jayden Smith" in str(refused.value)
    assert not CaseNote.objects.exists()
