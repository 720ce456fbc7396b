"""The early help plan, for the family (letters.kinds), in plain English: each outcome, who will do what, by when."""

from __future__ import annotations

from typing import Any

from hearth.earlyhelp.models import EarlyHelpEpisode
from hearth.letters.kinds import (
    LetterKind,
    LetterRefused,
    family_recipient,
    letter_kind_register,
    outcome_fields,
    written_date,
)
from hearth.plans.models import PlanOutcome


def _plan_fields(episode: Any) -> dict[str, Any]:
    assert isinstance(episode, EarlyHelpEpisode)
    outcomes = list(PlanOutcome.objects.filter(early_help=episode).order_by("due_date", "pk"))
    if not outcomes:
        raise LetterRefused(
            "The early help plan has no outcomes yet: add them before printing it for the family."
        )
    return {
        "plan_started": written_date(episode.start_date),
        "lead_professional": episode.lead_professional,
        "outcomes": outcome_fields(outcomes),
    }


letter_kind_register(
    LetterKind(
        code="early_help_plan_for_family",
        title="The early help plan, for the family",
        attached_to="earlyhelp.episode",
        fields={
            "plan_started": "The date early help started",
            "lead_professional": "The lead professional",
            "outcomes": "Each outcome: what_must_change, action, who, by_when, how_we_will_know "
            "(use {% for outcome in outcomes %})",
        },
        context=_plan_fields,
        recipient=family_recipient,
        available=lambda episode: getattr(episode, "end_date", None) is None,
        body=(
            "Dear parent or carer,",
            "This is the early help plan we agreed with you for {{ child_first_name }}, which started on "
            "{{ plan_started }}. Your lead professional is {{ lead_professional }}.",
            "{% for outcome in outcomes %}What we want to change: {{ outcome.what_must_change }}. What will happen: "
            "{{ outcome.action }}. Who: {{ outcome.who }}, by {{ outcome.by_when }}. How we will know: "
            "{{ outcome.how_we_will_know }}.\\n{% endfor %}",
            "We will look at the plan together at each review. You can ask to change it at any time.",
        ),
    )
)
