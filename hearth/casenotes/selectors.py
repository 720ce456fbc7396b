from __future__ import annotations

from django.db.models import Q, QuerySet

from hearth.casenotes.models import CaseNote, CaseNoteChild, NoteStatus
from hearth.organisation.models import StaffUser
from hearth.people.models import Person


def case_notes_for(user: StaffUser, child: Person) -> QuerySet[CaseNote]:
    """A child's notes as one user may see them: every final note and their own drafts, newest first; a note about
    several children of a family is on each one's list."""
    return (
        CaseNote.objects.filter(
            Q(child=child) | Q(pk__in=CaseNoteChild.objects.filter(child=child).values("note_id"))
        )
        .filter(Q(status=NoteStatus.FINAL) | Q(author=user))
        .select_related("author")
        .order_by("-occurred_on", "-pk")
    )
