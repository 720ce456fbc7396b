"""A referral whose assessment the worker has recorded in full and sent for authorisation, shared by the tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hearth.children_in_need.assessments import assessment_complete, assessment_record, assessment_start
from hearth.children_in_need.models import Assessment
from hearth.children_in_need.services import referral_receive
from hearth.organisation.roles import Role


def completed_assessment(council: Any, referral_date: date) -> Assessment:
    """Referred on `referral_date`, the assessment started that day and sent for authorisation a week later."""
    worker = council.worker
    episode = referral_receive(
        child=council.child, referral_date=referral_date, source="2A", by=council.users[Role.FRONT_DOOR]
    )
    assessment = assessment_start(episode=episode, start_date=referral_date, by=worker)
    assessment_record(
        assessment=assessment,
        version=assessment.version,
        values={
            "child_seen_date": referral_date,
            "child_views": "Likes school",
            "parents_views": "Want help",
            "analysis": "Needs support",
            "outcome": "cin_plan",
            "factors": ["16A"],
            "primary_need": "N3",
        },
        findings={},
        by=worker,
    )
    assessment_complete(assessment=assessment, completed_on=referral_date + timedelta(days=7), by=worker)
    return assessment
