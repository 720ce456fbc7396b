"""The front door's letters (letters.kinds): feedback to the referrer, and the no-further-action letter to the
family. Both are sent once the contact is decided."""

from __future__ import annotations

from typing import Any

from hearth.frontdoor.models import Contact, ContactOutcome
from hearth.letters.kinds import (
    LetterKind,
    LetterRefused,
    Recipient,
    family_recipient,
    letter_kind_register,
    written_date,
)
from hearth.people.models import Person

OUTCOME_WORDS = {
    ContactOutcome.NO_FURTHER_ACTION: "we will not be taking any further action at this time",
    ContactOutcome.ADVICE: "we have given advice and information",
    ContactOutcome.EARLY_HELP: "we have offered the family early help",
    ContactOutcome.REFERRAL: "we have accepted it as a referral to children's social care",
    ContactOutcome.STRATEGY_DISCUSSION: "we are holding a strategy discussion with our partners",
}


def _contact_fields(contact: Any) -> dict[str, Any]:
    assert isinstance(contact, Contact)
    if not contact.outcome or contact.decided_on is None:
        raise LetterRefused("Decide the contact before sending a letter about it.")
    return {
        "contact_received": written_date(contact.received_on),
        "contact_decided": written_date(contact.decided_on),
        "decision": OUTCOME_WORDS.get(ContactOutcome(contact.outcome), contact.get_outcome_display().lower()),
        "decision_reason": contact.decision_reason,
    }


def _referrer(contact: Any, child: Person) -> Recipient:
    assert isinstance(contact, Contact)
    if not contact.referrer_name:
        raise LetterRefused(
            "The contact records no referrer's name: add who made it before sending feedback."
        )
    return Recipient(
        contact.referrer_name, [contact.referrer_organisation] if contact.referrer_organisation else []
    )


CONTACT_FIELDS = {
    "contact_received": "The date the contact was received",
    "contact_decided": "The date it was decided",
    "decision": "What was decided, in plain words",
    "decision_reason": "The reason recorded for the decision",
}

letter_kind_register(
    LetterKind(
        code="referrer_feedback",
        title="Feedback to the referrer",
        attached_to="frontdoor.contact",
        fields=CONTACT_FIELDS,
        context=_contact_fields,
        recipient=_referrer,
        available=lambda contact: bool(getattr(contact, "outcome", "")),
        body=(
            "Dear {{ recipient_name }},",
            "Thank you for contacting us on {{ contact_received }} about {{ child_name }} "
            "(born {{ child_date_of_birth }}). We have looked carefully at what you told us and, on "
            "{{ contact_decided }}, decided that {{ decision }}.",
            "If you have new worries about {{ child_first_name }}, please contact us again straight away. If you "
            "think a child is in immediate danger, call the police on 999.",
        ),
    )
)
letter_kind_register(
    LetterKind(
        code="nfa_letter",
        title="No further action letter to the family",
        attached_to="frontdoor.contact",
        fields=CONTACT_FIELDS,
        context=_contact_fields,
        recipient=family_recipient,
        available=lambda contact: getattr(contact, "outcome", "") == ContactOutcome.NO_FURTHER_ACTION,
        body=(
            "Dear parent or carer,",
            "On {{ contact_received }} someone contacted us because they were worried about {{ child_first_name }}. "
            "We have looked into it and we will not be taking any further action.",
            "This means we do not need to be involved with your family. If you would like help or advice, or want to "
            "know more about what we were told and why we decided this, please contact {{ team }}.",
        ),
    )
)
