"""Child protection letters (letters.kinds): the conference's outcome, written to the family."""

from __future__ import annotations

from typing import Any

from hearth.letters.kinds import LetterKind, family_recipient, letter_kind_register, written_date
from hearth.protection.models import Conference


def _conference_fields(conference: Any) -> dict[str, Any]:
    assert isinstance(conference, Conference)
    return {
        "conference": conference.get_kind_display(),
        "conference_date": written_date(conference.held_on),
        "conference_decision": conference.get_decision_display(),
        "chair": conference.chair.full_name,
    }


letter_kind_register(
    LetterKind(
        code="conference_outcome",
        title="Conference outcome letter to the family",
        attached_to="protection.conference",
        fields={
            "conference": "The kind of conference",
            "conference_date": "The date it was held",
            "conference_decision": "What the conference decided",
            "chair": "Who chaired it",
        },
        context=_conference_fields,
        recipient=family_recipient,
        body=(
            "Dear parent or carer,",
            "This letter is to confirm what was decided at the {{ conference }} about {{ child_first_name }} on "
            "{{ conference_date }}, chaired by {{ chair }}.",
            "The conference decided: {{ conference_decision }}.",
            "{{ worker }} will talk this through with you. You can ask for a copy of the conference record, and if "
            "you disagree with the decision you can ask how to complain.",
        ),
    )
)
