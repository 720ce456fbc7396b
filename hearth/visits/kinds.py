"""The kinds of statutory visit (ADR 18): each domain declares its kind once, in its `visit_kinds.py` (loaded at
start-up): the plan a visit is recorded against, the statutory visiting rule a visit where the child is seen meets,
the events it writes, and any questions of its own. One model, service, form and page serve them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django import forms
    from django.db import models


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

    def child_of(self, plan: Any) -> Any:
        holder = plan
        for step in self.child_lookup.split("__"):
            holder = getattr(holder, step)
        return holder


_KINDS: dict[str, VisitKind] = {}


def visit_kind_register(kind: VisitKind) -> None:
    _KINDS[kind.key] = kind


def visit_kind(key: str) -> VisitKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"No kind of visit {key!r} is declared") from None


def visit_kinds() -> list[VisitKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.key)


def failed_visit_rule_ids() -> tuple[str, ...]:
    """The manager's failed-visit alert of every kind of visit (the team page's "failed visits" list)."""
    return tuple(sorted(kind.manager_rule_id for kind in _KINDS.values()))
