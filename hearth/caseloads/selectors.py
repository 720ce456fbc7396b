"""The children a manager allocates: those no one holds and those a worker holds (ADR 13, ADR 15)."""

from __future__ import annotations

from django.db.models import QuerySet

from hearth.organisation.models import Allocation, StaffUser
from hearth.people.models import Person


def unallocated_children(user: StaffUser) -> QuerySet[Person]:
    """Children this user may open with work open of any kind and no open allocation, waiting longest first.

    Each is annotated with `waiting_since`, the start of their oldest open episode. A team or service scope starts
    from its teams' past allocations (the children it may open when no one holds them, ADR 13) and the records the
    user created; a council-wide scope from every child with open work and no allocation.
    """
    from django.db.models import Exists, OuterRef
    from django.db.models.expressions import RawSQL

    from hearth.organisation.workforce import OLDEST_OPEN_WORK, UNALLOCATED_WITH_OPEN_WORK
    from hearth.people.access import unheld_scope_teams, visible_children

    teams = unheld_scope_teams(user)
    children = visible_children(user)
    if teams is None:
        children = children.filter(pk__in=RawSQL(UNALLOCATED_WITH_OPEN_WORK, ()))  # noqa: S611 - fixed statement
    else:
        # One list of candidates (a UNION, not an OR, so the database starts from them, not from every record).
        in_teams = ", ".join(["%s"] * len(teams)) or "NULL"
        candidates = RawSQL(  # noqa: S611 - a fixed statement with placeholders
            "SELECT a.child_id FROM organisation_allocation a WHERE a.end_date IS NOT NULL"  # noqa: S608
            f" AND a.team_id IN ({in_teams}) AND NOT EXISTS (SELECT 1 FROM organisation_allocation o"
            " WHERE o.child_id = a.child_id AND o.end_date IS NULL)"
            " UNION SELECT id FROM people_person WHERE created_by_id = %s",
            (*teams, user.pk),
        )
        children = children.filter(pk__in=candidates).exclude(
            Exists(Allocation.objects.filter(child=OuterRef("pk"), end_date=None))
        )
    return (
        children.annotate(waiting_since=RawSQL(OLDEST_OPEN_WORK, ()))  # noqa: S611 - a fixed statement, no input
        .filter(waiting_since__isnull=False)
        .order_by("waiting_since", "pk")
    )


def worker_children(worker: StaffUser, user: StaffUser) -> QuerySet[Person]:
    """The children currently allocated to a worker that this user may open, by name."""
    from django.db.models import Exists, OuterRef

    from hearth.people.access import visible_children

    return (
        visible_children(user)
        .filter(Exists(Allocation.objects.filter(child=OuterRef("pk"), worker=worker, end_date=None)))
        .order_by("surname", "forename", "pk")
    )
