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
    rule_id: str  # the statutory visiting rule a visit where the child is seen meets
    seen_event: str
    not_seen_event: str  # the event of a visit where the child was not seen
    not_seen_message: str = "Visit recorded."
    questions: tuple[tuple[str, Callable[[], forms.Field]], ...] = field(
        default=()
    )  # the kind's own questions

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
