"""What the visit page reads: the brothers and sisters who may be visited with the child, and the last visit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from hearth.core.dates import long_date
from hearth.core.models import Obligation, ObligationStatus
from hearth.core.text import seen_text
from hearth.people.access import visible_among
from hearth.people.families import siblings_to_write
from hearth.visits.kinds import VisitKind, open_visit_plan, visit_kind
from hearth.visits.models import Visit

if TYPE_CHECKING:
    from hearth.organisation.models import StaffUser


@dataclass(frozen=True)
class Sibling:
    """A child living with the child visited, with a live plan that takes a statutory visit: offered on the same page
    so that a family visited together is recorded once (issue 18)."""

    child: Any  # people.Person
    kind: VisitKind
    plan: Any


def siblings_to_visit(user: StaffUser, child_id: int) -> list[Sibling]:
    """The children living with the child who have a live plan that takes a statutory visit and whose record the user
    may write to (a child the user may not open is not named)."""
    found = []
    for child in siblings_to_write(user, child_id):
        if (open_plan := open_visit_plan(child.pk)) is not None:
            kind, plan = open_plan
            found.append(Sibling(child=child, kind=kind, plan=plan))
    return found


def visit_intro(child_id: int, kind: VisitKind) -> str:
    """What the visit form says first, from the record: when this visit is due, and the last visit."""
    said = []
    due = (
        Obligation.objects.filter(
            child_id=child_id,
            rule_id__in=[kind.rule_id, kind.follow_up_rule_id],
            status=ObligationStatus.OPEN,
        )
        .order_by("due_date")
        .values_list("due_date", flat=True)
        .first()
    )
    if due is not None:
        said.append(f"Due by {long_date(due)}.")
    last = Visit.objects.filter(child_id=child_id).order_by("-visit_date", "-pk").first()
    if last is not None:
        seen = seen_text(last.seen, last.seen_alone)
        said.append(
            f"Last visit: {long_date(last.visit_date)} ({visit_kind(last.kind).label.lower()}; seen: {seen})."
        )
    return " ".join(said)


def visit_base() -> QuerySet[Visit]:
    """The base queryset of listed visits, with what each row and the visit's page show."""
    return Visit.objects.select_related("group", "recorded_by", "manager_seen_by").order_by(
        "-visit_date", "-pk"
    )


@dataclass(frozen=True)
class VisitedWith:
    """Another child on the same visit: their own visit when the user may open them, else only that there was one."""

    visit: Visit | None
    name: str


def visited_together(user: StaffUser, visit: Visit) -> list[VisitedWith]:
    """The other children on a visit to several children (a child the user may not open is "another child")."""
    if visit.group_id is None:
        return []
    others = list(Visit.objects.filter(group_id=visit.group_id).exclude(pk=visit.pk).select_related("child"))
    openable = visible_among(user, [other.child for other in others])
    return [
        VisitedWith(other, other.child.full_name)
        if other.child_id in openable
        else VisitedWith(None, "Another child, not in your scope")
        for other in others
    ]
