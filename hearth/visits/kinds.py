"""The kinds of statutory visit (ADR 18): each domain declares its kind once, in its `visit_kinds.py` (loaded at
start-up): the plan a visit is recorded against, the statutory visiting rule a visit where the child is seen meets,
the events it writes, and any questions of its own. One model, service, form and page serve them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from hearth.core.timescales.actions import ActionFinder, rule_action_register, started_record_action

if TYPE_CHECKING:
    from django import forms
    from django.db import models

    from hearth.core.models import Obligation


@dataclass(frozen=True)
class VisitKind:
    key: str  # stored on the visit ("cin", "cp")
    label: str  # "Child in need visit"
    title: str  # the page's heading: "Record a child in need visit"
    plan_field: str  # the visit's foreign key to its plan ("cin_plan", "cp_plan")
    plan_model: Callable[[], type[models.Model]]
    child_lookup: str  # from the plan to the child ("child", "episode__child")
    plan_page: Callable[[Any], str]  # the plan's own page, where the visit page returns
    rule_id: str  # the statutory visiting rule a visit where the child is seen meets ("cin.visit")
    seen_event: str  # "cin_visit.completed"
    failed_event: str  # a visit where the child was not seen: "cin_visit.failed"
    failed_seen_event: str  # the manager has seen the failed visit: "cin_visit.failed_seen"
    # The kind's own questions, each a name and the form field that asks it.
    questions: tuple[tuple[str, Callable[[], forms.Field]], ...] = field(default=())
    not_seen_message: str = "Failed visit recorded: the manager has been told and a follow-up visit is due."
    plan_word: str = "plan"  # what the visit is recorded against, in messages ("placement")
    # Which kind a child's visit is when they have live plans of several (a sibling visited with a brother or sister
    # takes the first): a protection plan before a placement before a child in need plan.
    order: int = 50

    @property
    def rule_prefix(self) -> str:
        return self.rule_id.split(".", 1)[0]

    @property
    def manager_rule_id(self) -> str:
        """The failed-visit rule every kind has: the manager sees a failed visit the day it is recorded."""
        return f"{self.rule_prefix}.failed_visit_seen_by_manager"

    @property
    def follow_up_rule_id(self) -> str:
        """...and the child is seen on a follow-up visit within a local number of working days."""
        return f"{self.rule_prefix}.visit_follow_up"

    def plan_of(self, child: Any, pk: int) -> Any:
        """The child's plan of this kind with this id (None: none), holding the child already read, so that the
        visit's service reaches the child through it without reading them (and the plan's episode) again."""
        *path, last = self.child_lookup.split("__")
        found = self.plan_model()._default_manager.filter(pk=pk, **{self.child_lookup: child})
        if path:
            found = found.select_related("__".join(path))  # joined already by the filter
        plan = found.first()
        if plan is not None:
            holder = plan
            for step in path:
                holder = getattr(holder, step)
            setattr(holder, last, child)  # the same row the filter matched: its id is unchanged
        return plan

    def child_of(self, plan: Any) -> Any:
        holder = plan
        for step in self.child_lookup.split("__"):
            holder = getattr(holder, step)
        return holder


_KINDS: dict[str, VisitKind] = {}


def visit_kind_register(kind: VisitKind) -> None:
    _KINDS[kind.key] = kind
    # From the worklist, a visit that is due (or its follow-up after a failed visit) opens the visit form.
    rule_action_register((kind.rule_id, kind.follow_up_rule_id), _visit_form_of(kind))
    # The manager's alert of a failed visit opens the page where they record that they have seen it.
    rule_action_register(
        (kind.manager_rule_id,), started_record_action("visits.visit", "visits:failed_seen", "visit_pk")
    )


def live_plan(kind: VisitKind, child_id: int | None) -> Any:
    """The child's live plan of this kind of visit, the latest started (None: none)."""
    return (
        kind.plan_model()
        ._default_manager.filter(**{kind.child_lookup: child_id, "end_date": None})
        .order_by("-start_date", "-pk")
        .first()
    )


def _visit_form_of(kind: VisitKind) -> ActionFinder:
    def finder(duty: Obligation) -> str | None:
        plan = live_plan(kind, duty.child_id)
        if plan is None:
            return None
        return reverse("visits:new", kwargs={"pk": duty.child_id, "kind": kind.key, "plan_pk": plan.pk})

    return finder


def visit_kind(key: str) -> VisitKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"No kind of visit {key!r} is declared") from None


def visit_kinds() -> list[VisitKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.key)


def open_visit_plan(child_id: int) -> tuple[VisitKind, Any] | None:
    """The child's live plan that takes a statutory visit, of the first kind in `order` (None: no such plan)."""
    for kind in sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.key)):
        if (plan := live_plan(kind, child_id)) is not None:
            return kind, plan
    return None


def failed_visit_rule_ids() -> tuple[str, ...]:
    """The manager's failed-visit alert of every kind of visit (the team page's "failed visits" list)."""
    return tuple(sorted(kind.manager_rule_id for kind in _KINDS.values()))
