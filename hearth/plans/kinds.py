"""The kinds of plan that share outcomes and reviews, declared by the domain that owns each (ADR 8, ADR 15).

`plans` sits below the domains and does not import them: each domain declares its plan in its `plan_kinds.py`
(the model, the foreign key on PlanOutcome and PlanReview, how to reach the child and the plan's own page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.http import Http404

from hearth.plans.models import ReviewKind

Plan = Any  # a model instance of a registered kind: CinPlan, ChildProtectionPlan, EarlyHelpEpisode, ...


@dataclass(frozen=True)
class PlanKind:
    key: str  # the URL's kind and the foreign key on PlanOutcome and PlanReview
    title: str
    model: str  # app_label.Model
    child_lookup: str  # the lookup from the plan to the child ("child" or "episode__child")
    page: Callable[[Plan], str]  # the plan's own page, where a person returns after adding to it
    reviewed_event: str = ""  # the event a review writes ("" where the kind's own services write theirs)
    review_kind: str = ReviewKind.REVIEW
    parents_and_professionals: bool = False  # each outcome says what the parents and professionals will do
    # the meetings professionals contribute to (a partner's contribution is for the next of one of these); None: the
    # kind's review; () for a plan that takes no contributions
    meetings: tuple[str, ...] | None = None

    def contribution_meetings(self) -> tuple[str, ...]:
        return (self.review_kind,) if self.meetings is None else self.meetings

    def plan_model(self) -> type[models.Model]:
        return apps.get_model(self.model)


_KINDS: dict[str, PlanKind] = {}


def plan_kind_register(kind: PlanKind) -> None:
    if kind.key in _KINDS and _KINDS[kind.key] != kind:
        raise ValueError(f"Plan kind {kind.key!r} is declared twice")
    _KINDS[kind.key] = kind


def plan_kind_named(key: str) -> PlanKind:
    """The kind in a URL; an unknown one is not found."""
    try:
        return _KINDS[key]
    except KeyError:
        raise Http404("No such kind of plan") from None


def plan_kind(plan: Plan) -> PlanKind:
    label = plan._meta.label
    for kind in _KINDS.values():
        if kind.model == label:
            return kind
    raise LookupError(f"{label} is not a registered kind of plan")


def plan_child_id(plan: Plan) -> int:
    holder = plan
    *path, _ = plan_kind(plan).child_lookup.split("__")
    for step in path:
        holder = getattr(holder, step)
    return int(holder.child_id)


def _contributed_to() -> list[PlanKind]:
    """The kinds of plan whose meetings take professionals' contributions."""
    return [kind for kind in _KINDS.values() if kind.contribution_meetings()]


def live_plan(kind: PlanKind, child_id: int | None) -> Plan | None:
    """The child's open plan of this kind, the latest started (None: none)."""
    return (
        kind.plan_model()
        ._default_manager.filter(**{kind.child_lookup + "_id": child_id, "end_date": None})
        .order_by("-start_date", "-pk")
        .first()
    )


def live_plans(child_id: int) -> list[tuple[PlanKind, Plan]]:
    """The child's plans still open that take contributions to their meetings, oldest first (a query per kind)."""
    found: list[tuple[PlanKind, Plan]] = []
    for kind in _contributed_to():
        model = kind.plan_model()
        for plan in model._default_manager.filter(
            **{kind.child_lookup + "_id": child_id, "end_date": None}
        ).order_by("start_date", "pk"):
            found.append((kind, plan))
    return found


def children_with_live_plans(child_ids: list[int]) -> set[int]:
    """Which of these children have a plan open that takes contributions (a query per kind of plan)."""
    found: set[int] = set()
    for kind in _contributed_to():
        column = kind.child_lookup + "_id"
        found.update(
            kind.plan_model()
            ._default_manager.filter(**{column + "__in": child_ids, "end_date": None})
            .values_list(column, flat=True)
        )
    return found
