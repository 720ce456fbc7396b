"""A looked-after review's record for the child and family, and a placement's notifications (CPPCR 2010 reg 13;
issue 16 item 3), from the council's templates (letters.kinds):
the host council of a placement outside the council's area, and the child's school and doctor of any placement.
Each is due within 5 working days of the placement (a setting) until the letter is sent."""

from __future__ import annotations

from typing import Any

from hearth.care.models import LacReview, Placement
from hearth.letters.kinds import (
    LetterKind,
    LetterRefused,
    Recipient,
    family_recipient,
    letter_kind_register,
    written_date,
)
from hearth.people.models import Person, ProfessionalInvolvement

PLACEMENT_FIELDS = {
    "placement_started": "The date the placement started",
    "placement_type": "The kind of placement",
    "carer": "The carer or home",
    "placement_postcode": "The placement's postcode",
}


def _placement(record: Any) -> Placement:
    assert isinstance(record, Placement)
    return record


def _fields(record: Any) -> dict[str, Any]:
    placement = _placement(record)
    return {
        "placement_started": written_date(placement.start_date),
        "placement_type": placement.get_placement_type_display(),
        "carer": placement.carer.name if placement.carer else placement.get_provider_display(),
        "placement_postcode": placement.postcode,
    }


def _host_council(record: Any, child: Person) -> Recipient:
    placement = _placement(record)
    carer = placement.carer
    if carer is None or not carer.host_council:
        raise LetterRefused(
            "Record the host council of the carer or home on the register of carers and homes before sending this."
        )
    lines = [line.strip() for line in carer.host_council_address.splitlines() if line.strip()]
    return Recipient(f"Director of Children's Services, {carer.host_council}", lines or [carer.host_council])


def _professional(role: str, what: str) -> Any:
    def recipient(record: Any, child: Person) -> Recipient:
        found = (
            ProfessionalInvolvement.objects.filter(child=child, role=role, end_date=None)
            .order_by("-start_date", "-pk")
            .first()
        )
        if found is None:
            raise LetterRefused(
                f"{child.full_name} has no {what} in their network: add it on their Details page first."
            )
        return Recipient(found.name, [found.organisation or found.name])

    return recipient


BODY_OPENING = (
    "{{ child_name }}, born {{ child_date_of_birth }}, is looked after by {{ council }} and was placed on "
    "{{ placement_started }} in a {{ placement_type|lower }} ({{ carer }}, {{ placement_postcode }})."
)

letter_kind_register(
    LetterKind(
        code="placement_host_council",
        title="Notice of a placement in your area",
        attached_to="care.placement",
        fields=PLACEMENT_FIELDS,
        context=_fields,
        recipient=_host_council,
        available=lambda placement: getattr(placement, "in_area", None) is False,
        body=(
            "Dear Director,",
            BODY_OPENING,
            "We are telling you, as the authority for the area where the child lives, as the Care Planning, "
            "Placement and Case Review (England) Regulations 2010 ask. Please contact {{ worker }} ({{ team }}) with "
            "any question.",
        ),
    )
)
letter_kind_register(
    LetterKind(
        code="placement_school",
        title="Notice of a placement, to the school",
        attached_to="care.placement",
        fields=PLACEMENT_FIELDS,
        context=_fields,
        recipient=_professional("SCHOOL", "school"),
        body=(
            "Dear {{ recipient_name }},",
            BODY_OPENING,
            "Please make sure the designated teacher knows, and contact {{ worker }} ({{ team }}) about the personal "
            "education plan and any change of school transport.",
        ),
    )
)
letter_kind_register(
    LetterKind(
        code="placement_doctor",
        title="Notice of a placement, to the doctor",
        attached_to="care.placement",
        fields=PLACEMENT_FIELDS,
        context=_fields,
        recipient=_professional("GP", "GP"),
        body=(
            "Dear {{ recipient_name }},",
            BODY_OPENING,
            "Please note the placement on the child's record. Contact {{ worker }} ({{ team }}) about health "
            "assessments and consent.",
        ),
    )
)


def _review_fields(record: Any) -> dict[str, Any]:
    review = record
    assert isinstance(review, LacReview)
    return {
        "review_number": review.number,
        "review_date": written_date(review.held_on),
        "reviewing_officer": review.iro.full_name,
        "what_the_review_decided": review.summary,
        "recommendations": [
            {"what": item.text, "who": item.owner.full_name, "by_when": written_date(item.due_date)}
            for item in review.recommendations.select_related("owner")
        ],
    }


letter_kind_register(
    LetterKind(
        code="lac_review_record",
        title="The review's record, for the child and family",
        attached_to="care.review",
        fields={
            "review_number": "Which review it was (1, 2, ...)",
            "review_date": "The date of the review",
            "reviewing_officer": "The independent reviewing officer who chaired it",
            "what_the_review_decided": "What the review found and decided",
            "recommendations": "Each recommendation: what (`what`), who (`who`) and by when (`by_when`)",
        },
        context=_review_fields,
        recipient=family_recipient,
        body=(
            "Dear parent or carer,",
            "This is the record of review {{ review_number }} of {{ child_first_name }}'s care, held on "
            "{{ review_date }} and chaired by {{ reviewing_officer }}, the independent reviewing officer.",
            "What the review found and decided: {{ what_the_review_decided }}",
            "{% for item in recommendations %}{{ item.who }} will {{ item.what }} by {{ item.by_when }}. "
            "{% endfor %}",
            "If anything here is wrong, or you want to talk about it, please contact {{ worker }} or the reviewing "
            "officer.",
        ),
    )
)
