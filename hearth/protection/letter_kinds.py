"""Child protection letters (letters.kinds): the invitation to an initial or review conference and the conference's
outcome, written to the family."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hearth.letters.kinds import LetterKind, family_recipient, letter_kind_register, written_date
from hearth.protection.models import ChildProtectionPlan, Conference, Section47Enquiry, Section47Outcome


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


# What the sender types for an invitation: the conference's date, time and place.
INVITATION_ASKS = {
    "conference_date": "The date of the conference",
    "conference_time": "The time it starts",
    "venue": "Where it is held (or how to join it)",
}
INVITATION_BODY = (
    "Dear parent or carer,",
    "You are invited to {{ conference }} about {{ child_first_name }} on {{ conference_date }} at "
    "{{ conference_time }}, at {{ venue }}.",
    "The conference brings together the family and the professionals who know {{ child_first_name }} to share "
    "what is going well and what worries us, and to decide whether a child protection plan is needed to keep "
    "{{ child_first_name }} safe.",
    "Your views matter. You can bring a friend, relative or advocate with you, and you will see the reports to the "
    "conference before it starts. If you cannot come, or need an interpreter or help to get there, please tell "
    "{{ worker }} as soon as you can.",
)


def _invitation(
    code: str, attached_to: str, conference: str, purpose: str, available: Callable[[Any], bool]
) -> LetterKind:
    """An invitation to the family: the conference's date, time and place typed by the sender."""
    return LetterKind(
        code=code,
        title=f"Invitation to the {conference}",
        attached_to=attached_to,
        fields={"conference": "The kind of conference", **INVITATION_ASKS},
        context=lambda record: {
            "conference": f"an {conference}" if conference[0] in "aeiou" else f"a {conference}"
        },
        recipient=family_recipient,
        body=(*INVITATION_BODY[:2], purpose, INVITATION_BODY[3]),
        available=available,
        asks=tuple(INVITATION_ASKS),
    )


def _no_conference_yet(enquiry: Any) -> bool:
    assert isinstance(enquiry, Section47Enquiry)
    return (
        enquiry.outcome == Section47Outcome.CONFERENCE
        and not Conference.objects.filter(section_47=enquiry).exists()
    )


def _plan_open(plan: Any) -> bool:
    assert isinstance(plan, ChildProtectionPlan)
    return plan.end_date is None


letter_kind_register(
    _invitation(
        "conference_invitation",
        "protection.section_47",
        "initial child protection conference",
        INVITATION_BODY[2],
        _no_conference_yet,
    )
)
letter_kind_register(
    _invitation(
        "review_conference_invitation",
        "protection.plan",
        "review child protection conference",
        "The review conference looks at how the child protection plan for {{ child_first_name }} is working, "
        "what has changed, and whether the plan is still needed.",
        _plan_open,
    )
)
