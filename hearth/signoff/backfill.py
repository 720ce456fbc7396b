"""Requests already waiting when sign-off arrived: assessments sent for authorisation and proposed closures that
were recorded on the records themselves. Used by the migration that introduced sign-off and by the demo seed,
which writes those records directly."""

from __future__ import annotations

from typing import Any


def waiting_requests_backfill(
    assessment: Any, episode: Any, sign_off: Any, fallback_user_id: int | None
) -> int:
    """Create the waiting sign-off for every such record that has none; returns how many were created. Takes the
    models as arguments so a migration can pass its historical ones."""
    have = set(sign_off.objects.filter(status="waiting").values_list("kind", "subject_id"))
    rows = []
    for item in (
        assessment.objects.filter(authorisation_date=None)
        .exclude(completed_on=None)
        .select_related("episode")
    ):
        requester = item.worker_id or fallback_user_id
        if (
            ("assessment", item.pk) not in have
            and requester is not None
            and item.episode.closure_date is None
        ):
            rows.append(
                sign_off(
                    child_id=item.episode.child_id,
                    kind="assessment",
                    subject_id=item.pk,
                    requested_by_id=requester,
                    requested_on=item.completed_on,
                )
            )
    for item in episode.objects.filter(closure_date=None).exclude(closure_proposed_on=None):
        requester = item.closure_proposed_by_id or fallback_user_id
        if ("cin_closure", item.pk) not in have and requester is not None:
            rows.append(
                sign_off(
                    child_id=item.child_id,
                    kind="cin_closure",
                    subject_id=item.pk,
                    requested_by_id=requester,
                    requested_on=item.closure_proposed_on,
                )
            )
    sign_off.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
