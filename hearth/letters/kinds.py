"""The kinds of letter and form Hearth makes, each declared by the app that holds its record (`letter_kinds.py`,
ADR 15's registration): the record it is made from (an attachable kind of documents), the merge fields it offers,
how it reads them from the record, and the words of the template a council starts with.

Every letter's fields: `council`, `today` (the date, written out), `child_name`, `child_first_name`,
`child_date_of_birth`, `child_id`, `worker`, `team`, `recipient_name`, `recipient_address` (lines), and the kind's
own, some of which the sender may type when sending (`asks`: an invitation's date, time and place). A record that
cannot make the letter (no address for a letter to the family, a contact not yet decided) is refused with a sentence
that says what to record first (`LetterRefused`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Model

from hearth.core import clock
from hearth.organisation.selectors import allocation_current
from hearth.people.models import Address, Person
from hearth.plans.models import PlanOutcome


class LetterRefused(Exception):
    """The record cannot make this letter yet: the message says what to record first."""


@dataclass(frozen=True)
class Recipient:
    name: str
    address: list[str]

    def addressed(self) -> str:
        return ", ".join([self.name, *self.address])


@dataclass(frozen=True)
class LetterKind:
    code: str  # "referrer_feedback"
    title: str  # "Feedback to the referrer"
    attached_to: str  # documents' attachable key: "frontdoor.contact"
    fields: dict[str, str]  # the kind's own merge fields and what each holds
    context: Callable[[Model], dict[str, Any]]  # those fields, read from the record
    recipient: Callable[[Model, Person], Recipient]
    body: tuple[str, ...]  # the paragraphs of the template a council starts with, with {{ fields }}
    available: Callable[[Model], bool] = field(default=lambda record: True)  # offered on this record now
    # Of its fields, those the sender types when sending (a conference's date, time and place): a field whose name
    # ends in "_date" is a date, today or later, written out in the letter.
    asks: tuple[str, ...] = ()


_KINDS: dict[str, LetterKind] = {}


def letter_kind_register(kind: LetterKind) -> None:
    if kind.code in _KINDS and _KINDS[kind.code] != kind:
        raise ValueError(f"The letter {kind.code!r} is declared twice")
    _KINDS[kind.code] = kind


def letter_kind(code: str) -> LetterKind | None:
    return _KINDS.get(code)


def letter_kinds(attached_to: str | None = None) -> list[LetterKind]:
    return sorted(
        (kind for kind in _KINDS.values() if attached_to is None or kind.attached_to == attached_to),
        key=lambda kind: kind.title,
    )


COMMON_FIELDS = {
    "council": "The council's name",
    "today": "Today's date, written out",
    "child_name": "The child's full name",
    "child_first_name": "The child's first name (or the name they are known by)",
    "child_date_of_birth": "The child's date of birth, written out",
    "child_id": "The council's ID for the child",
    "worker": "The allocated worker (or the person sending the letter)",
    "team": "The allocated team",
    "recipient_name": "Who the letter is to",
    "recipient_address": "Their address, a line each",
}


def written_date(day: date) -> str:
    """A date as a letter writes it: 5 December 2026."""
    return f"{day.day} {day:%B %Y}"


def home_address(person: Person) -> list[str]:
    """The person's current address as lines; the letter is refused without one."""
    address = Address.objects.filter(person=person, end_date=None).order_by("-start_date").first()
    if address is None:
        raise LetterRefused(
            f"{person.full_name} has no current address: add it on their Details page before sending this letter."
        )
    return [part for part in (address.line_1, address.line_2, address.town, address.postcode) if part]


def family_recipient(record: Model, child: Person) -> Recipient:
    """A letter to the child's parents or carers, at the child's home."""
    return Recipient(f"The parents or carers of {child.full_name}", home_address(child))


def common_context(child: Person, recipient: Recipient, sender_name: str) -> dict[str, Any]:
    held = allocation_current(child.pk)
    return {
        "council": settings.HEARTH_COUNCIL_NAME,
        "today": written_date(clock.today()),
        "child_name": child.full_name,
        "child_first_name": child.preferred_name or child.forename,
        "child_date_of_birth": written_date(child.date_of_birth) if child.date_of_birth else "not known",
        "child_id": child.person_number,
        "worker": held.worker.full_name if held is not None else sender_name,
        "team": held.team.name if held is not None else "",
        "recipient_name": recipient.name,
        "recipient_address": recipient.address,
    }


def outcome_fields(outcomes: Iterable[PlanOutcome]) -> list[dict[str, str]]:
    """A plan's outcomes as a letter lists them (`{% for outcome in outcomes %}`): what must change, the action,
    what the parents and the professionals will do, who, by when, how we will know."""
    return [
        {
            "what_must_change": outcome.what_must_change,
            "action": outcome.action,
            "parents_will_do": outcome.parents_will_do,
            "professionals_will_do": outcome.professionals_will_do,
            "who": outcome.owner,
            "by_when": written_date(outcome.due_date),
            "how_we_will_know": outcome.measure,
        }
        for outcome in outcomes
    ]


SAMPLE_CONTEXT = {
    **dict.fromkeys(COMMON_FIELDS, "Sample"),
    "recipient_address": ["1 Sample Street", "Northmoor", "NM1 1AA"],
}
