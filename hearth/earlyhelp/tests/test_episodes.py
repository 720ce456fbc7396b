"""Early help episodes: started once, assessed and reviewed within the local timescales, ended."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hearth.core.models import Obligation, ObligationStatus
from hearth.earlyhelp.models import EarlyHelpEndReason
from hearth.earlyhelp.services import early_help_assess, early_help_end, early_help_start
from hearth.plans.models import Progress, ReviewKind
from hearth.plans.services import outcome_add, review_record


def _obligations(child: Any, rule_id: str) -> list[tuple[str, date]]:
    return list(
        Obligation.objects.filter(child=child, rule_id=rule_id)
        .order_by("start_date", "pk")
        .values_list("status", "due_date")
    )


def test_early_help_assessment_and_review_clocks_appear_and_are_met(council: Any, early_help: Any) -> None:
    by = early_help.worker
    episode = early_help_start(
        child=council.child,
        start_date=date(2025, 3, 3),
        lead_professional="Erin Helper",
        lead_organisation="Early Help North",
        reason="Parenting support after a house move",
        by=by,
    )
    # 20 working days for the assessment; 8 weeks to the first team around the child meeting.
    assert _obligations(council.child, "early_help.assessment") == [
        (ObligationStatus.OPEN, date(2025, 3, 31))
    ]
    assert _obligations(council.child, "early_help.review") == [(ObligationStatus.OPEN, date(2025, 4, 28))]

    early_help_assess(episode=episode, assessed_on=date(2025, 3, 20), summary="Needs routines", by=by)
    assert _obligations(council.child, "early_help.assessment") == [(ObligationStatus.MET, date(2025, 3, 31))]

    outcome = outcome_add(
        plan=episode,
        what_must_change="Regular school attendance",
        action="Morning routine support",
        owner="Family support worker",
        due_date=date(2025, 6, 1),
        measure="Attendance above 95%",
        by=by,
        on=date(2025, 3, 21),
    )
    review_record(
        plan=episode,
        review_date=date(2025, 4, 14),
        summary="Going well",
        attendees="Mother, school, EH worker",
        progress={outcome.pk: (Progress.GOOD, "Attendance 93%")},
        kind=ReviewKind.TEAM_AROUND_THE_CHILD,
        by=by,
    )
    reviews = _obligations(council.child, "early_help.review")
    assert reviews[0][0] == ObligationStatus.MET
    assert reviews[1] == (ObligationStatus.OPEN, date(2025, 6, 9))  # the next one, 8 weeks on

    early_help_end(
        episode=episode, end_date=date(2025, 5, 30), end_reason=EarlyHelpEndReason.OUTCOMES_MET, by=by
    )
    assert not Obligation.objects.filter(
        child=council.child, rule_id__startswith="early_help.", status=ObligationStatus.OPEN
    ).exists()


def test_refusals_name_the_field_and_save_nothing(council: Any, early_help: Any) -> None:
    by = early_help.worker
    with pytest.raises(ValidationError) as error:
        early_help_start(
            child=council.child,
            start_date=None,
            lead_professional=" ",
            lead_organisation="",
            reason="",
            by=by,
        )
    assert set(error.value.message_dict) == {"start_date", "lead_professional", "reason"}
    episode = early_help_start(
        child=council.child,
        start_date=date(2025, 3, 3),
        lead_professional="Erin Helper",
        lead_organisation="",
        reason="Support",
        by=by,
    )
    with pytest.raises(ValidationError, match="already has early help open since 3 March 2025"):
        early_help_start(
            child=council.child,
            start_date=date(2025, 3, 4),
            lead_professional="Someone",
            lead_organisation="",
            reason="Support",
            by=by,
        )
    with pytest.raises(ValidationError, match="only through the step-up protocol") as error:
        early_help_end(
            episode=episode, end_date=date(2025, 4, 1), end_reason=EarlyHelpEndReason.STEPPED_UP, by=by
        )
    assert set(error.value.message_dict) == {"end_reason"}
    with pytest.raises(ValidationError, match="cannot be before early help started"):
        early_help_assess(episode=episode, assessed_on=date(2025, 3, 1), summary="x", by=by)
    episode.refresh_from_db()
    assert (episode.end_date, episode.assessment_date) == (None, None)
