"""Child in need forms for the family (letters.kinds), in plain English: the assessment once it is completed, and the
child in need plan with each outcome, who will do what and by when."""

from __future__ import annotations

from typing import Any

from hearth.children_in_need.models import Assessment, AssessmentOutcome, CinEpisode, CinPlan
from hearth.letters.kinds import (
    LetterKind,
    LetterRefused,
    family_recipient,
    letter_kind_register,
    outcome_fields,
    written_date,
)
from hearth.plans.services import plan_outcomes

WHAT_NEXT = {
    AssessmentOutcome.NO_FURTHER_ACTION: "we do not need to stay involved with your family",
    AssessmentOutcome.EARLY_HELP: "we will ask the early help team to work with you",
    AssessmentOutcome.CIN_PLAN: "we will agree a child in need plan with you",
}


def _assessment_fields(assessment: Any) -> dict[str, Any]:
    assert isinstance(assessment, Assessment)
    if assessment.completed_on is None:
        raise LetterRefused("Complete the assessment before printing it for the family.")
    return {
        "assessment_started": written_date(assessment.start_date),
        "assessment_completed": written_date(assessment.completed_on),
        "child_views": assessment.child_views or assessment.child_views_not_obtained,
        "parents_views": assessment.parents_views,
        "what_we_found": assessment.analysis,
        "what_happens_next": WHAT_NEXT.get(
            AssessmentOutcome(assessment.outcome) if assessment.outcome else None,  # type: ignore[arg-type]
            "your social worker will talk with you about what happens next",
        ),
    }


def _plan_fields(episode: Any) -> dict[str, Any]:
    assert isinstance(episode, CinEpisode)
    plan = episode.plans.filter(end_date=None).order_by("-start_date").first()
    if plan is None:
        raise LetterRefused("There is no child in need plan open on this episode to print.")
    return {
        "plan_started": written_date(plan.start_date),
        "outcomes": outcome_fields(plan_outcomes(plan)),
    }


letter_kind_register(
    LetterKind(
        code="assessment_for_family",
        title="The assessment, for the family",
        attached_to="children_in_need.assessment",
        fields={
            "assessment_started": "The date the assessment started",
            "assessment_completed": "The date it was completed",
            "child_views": "What the child told us (or why we could not ask)",
            "parents_views": "What the parents or carers told us",
            "what_we_found": "The worker's analysis",
            "what_happens_next": "What happens next, in plain words",
        },
        context=_assessment_fields,
        recipient=family_recipient,
        available=lambda assessment: getattr(assessment, "completed_on", None) is not None,
        body=(
            "Dear parent or carer,",
            "This is what we found when we assessed how things are for {{ child_first_name }}, from "
            "{{ assessment_started }} to {{ assessment_completed }}.",
            "What {{ child_first_name }} told us: {{ child_views }}",
            "What you told us: {{ parents_views }}",
            "What we found: {{ what_we_found }}",
            "What happens next: {{ what_happens_next }}.",
            "If anything here is wrong, or you want to talk about it, please contact {{ worker }}.",
        ),
    )
)
letter_kind_register(
    LetterKind(
        code="cin_plan_for_family",
        title="The child in need plan, for the family",
        attached_to="children_in_need.episode",
        fields={
            "plan_started": "The date the plan started",
            "outcomes": "Each outcome: what_must_change, action, parents_will_do, professionals_will_do, who, "
            "by_when, how_we_will_know (use {% for outcome in outcomes %})",
        },
        context=_plan_fields,
        recipient=family_recipient,
        available=lambda episode: CinPlan.objects.filter(episode_id=episode.pk, end_date=None).exists(),
        body=(
            "Dear parent or carer,",
            "This is {{ child_first_name }}'s child in need plan, which started on {{ plan_started }}. It says what "
            "needs to change, what everyone will do, and how we will all know it is working.",
            "{% for outcome in outcomes %}What needs to change: {{ outcome.what_must_change }}. What will happen: "
            "{{ outcome.action }}. What you will do: {{ outcome.parents_will_do }}. What we and other professionals "
            "will do: {{ outcome.professionals_will_do }}. Who: {{ outcome.who }}, by {{ outcome.by_when }}. How we "
            "will know: {{ outcome.how_we_will_know }}.\n{% endfor %}",
            "We will look at the plan together at each review. Please contact {{ worker }} with any questions.",
        ),
    )
)
