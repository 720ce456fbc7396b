"""Reviews and the independent reviewing officer through the services (issue 16 item 7): allocation within 5 working
days, reviews at 20 working days, 3 months and then 6, the decisions and the record owned by the IRO, recommendations
owned and dated until done and followed up at the next review, the refusals, two people recording the same review,
and the dispute resolution's stages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hearth.care.models import LacReview, Recommendation
from hearth.care.reviews import (
    NewRecommendation,
    Progress,
    dispute_raise,
    dispute_step,
    iro_allocate,
    open_recommendations,
    review_record,
    review_step,
)
from hearth.care.tests.helpers import open_due, start_care
from hearth.core.models import Event, Obligation, ObligationStatus
from hearth.organisation.roles import Role


def _owned(child: Any, rule_id: str) -> list[tuple[date, int | None]]:
    return sorted(
        Obligation.objects.filter(child=child, rule_id=rule_id, status=ObligationStatus.OPEN).values_list(
            "due_date", "owner_id"
        )
    )


def _review(council: Any, period: Any, on: date, **changes: Any) -> LacReview:
    period.refresh_from_db()
    values: dict[str, Any] = {
        "period": period,
        "version": period.version,
        "held_on": on,
        "participation": "PN1",
        "iro_met_child_on": on,
        "child_views": "Wants to see his brother more",
        "summary": "Placement stable; contact with brother to increase",
        "recommendations": [],
        "progress": [],
        "by": council.users[Role.INDEPENDENT_REVIEWING_OFFICER],
    }
    return review_record(**(values | changes))


@pytest.fixture
def period(council: Any) -> Any:
    period = start_care(council, date(2025, 3, 3))
    iro_allocate(
        period=period,
        iro=council.users[Role.INDEPENDENT_REVIEWING_OFFICER],
        on=date(2025, 3, 5),
        by=council.manager,
    )
    return period


def test_the_reviewing_officer_is_allocated_within_five_working_days(council: Any) -> None:
    period = start_care(council, date(2025, 3, 3))
    assert open_due(council.child, "lac.iro_allocated") == [date(2025, 3, 10)]
    with pytest.raises(ValidationError) as error:
        iro_allocate(period=period, iro=council.worker, on=date(2025, 3, 5), by=council.manager)
    assert "independent reviewing officer" in error.value.message_dict["iro"][0]
    iro_allocate(
        period=period,
        iro=council.users[Role.INDEPENDENT_REVIEWING_OFFICER],
        on=date(2025, 3, 5),
        by=council.manager,
    )
    assert open_due(council.child, "lac.iro_allocated") == []
    assert (
        Event.objects.get(type="care.iro_allocated").summary
        == "Reviewing officer: Independent reviewing officer Person"
    )


def test_reviews_at_20_working_days_then_3_months_then_6_with_the_iros_own_duties(
    council: Any, period: Any
) -> None:
    iro = council.users[Role.INDEPENDENT_REVIEWING_OFFICER]
    assert open_due(council.child, "lac.first_review") == [date(2025, 3, 31)]
    first = _review(council, period, date(2025, 3, 28))
    assert first.number == 1
    assert open_due(council.child, "lac.first_review") == []
    assert open_due(council.child, "lac.second_review") == [date(2025, 6, 28)]
    # The decisions within 5 working days and the record within 20, the reviewing officer's to do (Good Friday
    # and Easter Monday fall in the 20).
    assert _owned(council.child, "lac.review_decisions") == [(date(2025, 4, 4), iro.pk)]
    assert _owned(council.child, "lac.review_record") == [(date(2025, 4, 29), iro.pk)]
    review_step(review=first, step="decisions", on=date(2025, 4, 2), by=iro)
    assert _owned(council.child, "lac.review_decisions") == []
    second = _review(council, period, date(2025, 6, 20))
    assert second.number == 2
    assert open_due(council.child, "lac.review") == [date(2025, 12, 20)]
    assert _owned(council.child, "lac.review_record") == [
        (date(2025, 4, 29), iro.pk),
        (date(2025, 7, 18), iro.pk),
    ]


def test_recommendations_are_owned_dated_and_followed_up_at_the_next_review(
    council: Any, period: Any
) -> None:
    worker, manager = council.worker, council.manager
    _review(
        council,
        period,
        date(2025, 3, 28),
        recommendations=[
            NewRecommendation("Weekly contact with his brother arranged", worker, date(2025, 4, 30)),
            NewRecommendation("Referral to CAMHS made", manager, date(2025, 5, 16)),
            NewRecommendation("", None, None),  # a row left blank
        ],
    )
    assert _owned(council.child, "lac.recommendation") == [
        (date(2025, 4, 30), worker.pk),
        (date(2025, 5, 16), manager.pk),
    ]
    contact, camhs = open_recommendations(period)
    _review(
        council,
        period,
        date(2025, 6, 20),
        progress=[
            Progress(contact, "Contact every Saturday since April", True),
            Progress(camhs, "Waiting list: 12 weeks", False),
        ],
    )
    assert _owned(council.child, "lac.recommendation") == [(date(2025, 5, 16), manager.pk)]
    camhs.refresh_from_db()
    assert (camhs.progress, camhs.done_on) == ("Waiting list: 12 weeks", None)
    assert Recommendation.objects.get(pk=contact.pk).done_on == date(2025, 6, 20)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"held_on": date(2025, 3, 1)}, "held_on", "before the child became looked after"),
        ({"participation": "PN0"}, "participation", "under 4"),
        ({"participation": ""}, "participation", "how the child took part"),
        ({"iro_met_child_on": date(2025, 3, 29)}, "iro_met_child_on", "after the review"),
        ({"summary": " "}, "summary", "found and decided"),
        (
            {"recommendations": [NewRecommendation("See the dentist", None, date(2025, 5, 1))]},
            "recommendation_0_owner",
            "who will carry out",
        ),
        (
            {"recommendations": [NewRecommendation("See the dentist", "worker", None)]},
            "recommendation_0_due",
            "by which",
        ),
    ],
)
def test_each_bad_review_is_refused_naming_its_field_and_nothing_is_saved(
    council: Any, period: Any, changes: dict[str, Any], field: str, words: str
) -> None:
    if "recommendations" in changes:
        changes["recommendations"] = [
            NewRecommendation(r.text, council.worker if r.owner == "worker" else r.owner, r.due_date)
            for r in changes["recommendations"]
        ]
    with pytest.raises(ValidationError) as error:
        _review(council, period, date(2025, 3, 28), **changes)
    assert words in error.value.message_dict[field][0]
    assert not LacReview.objects.exists() and not Recommendation.objects.exists()
    assert not Event.objects.filter(type__startswith="lac_review").exists()


def test_two_people_recording_the_same_review_the_second_is_told_and_nothing_is_saved(
    council: Any, period: Any
) -> None:
    period.refresh_from_db()
    opened_at = period.version
    _review(council, period, date(2025, 3, 28), version=opened_at)
    with pytest.raises(ValidationError) as error:
        _review(council, period, date(2025, 3, 28), version=opened_at, summary="The same review, typed again")
    assert "Someone else changed this child's reviews" in error.value.message_dict["version"][0]
    assert LacReview.objects.count() == 1


def test_a_dispute_moves_through_its_stages_to_resolution(council: Any, period: Any) -> None:
    iro = council.users[Role.INDEPENDENT_REVIEWING_OFFICER]
    dispute = dispute_raise(
        period=period, raised_on=date(2025, 4, 1), issue="Permanence plan not progressed", by=iro
    )
    dispute_step(dispute=dispute, stage="stage1", on=date(2025, 4, 15), outcome="", resolved=False, by=iro)
    with pytest.raises(ValidationError) as error:
        dispute_step(
            dispute=dispute, stage="informal", on=date(2025, 4, 16), outcome="", resolved=False, by=iro
        )
    assert "later stage" in error.value.message_dict["stage"][0]
    with pytest.raises(ValidationError) as error:
        dispute_step(dispute=dispute, stage="", on=date(2025, 5, 1), outcome="", resolved=True, by=iro)
    assert "how the dispute was resolved" in error.value.message_dict["outcome"][0]
    dispute_step(
        dispute=dispute,
        stage="",
        on=date(2025, 5, 1),
        outcome="Plan agreed at permanence panel",
        resolved=True,
        by=iro,
    )
    dispute.refresh_from_db()
    assert (dispute.stage, dispute.stage_since, dispute.resolved_on) == (
        "stage1",
        date(2025, 4, 15),
        date(2025, 5, 1),
    )
    summaries = list(
        Event.objects.filter(type__startswith="iro_dispute").order_by("pk").values_list("summary", flat=True)
    )
    assert summaries == [
        "Reviewing officer raised a dispute: Permanence plan not progressed",
        "Dispute now at Stage 1: the team manager",
        "Dispute resolved: Plan agreed at permanence panel",
    ]
