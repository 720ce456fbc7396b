"""Helpers for the care tests: a register's carers and a child placed as the pages would place them."""

from __future__ import annotations

from datetime import date
from typing import Any

from hearth.care.models import Approval, CarePeriod, CareProvider, ProviderKind
from hearth.care.services import PlacementInput, care_start
from hearth.core.models import Obligation, ObligationStatus
from hearth.organisation.services import allocation_change
from hearth.people.tests.factories import make_child

FOSTER: dict[str, Any] = {
    "reference": "FC-001",
    "name": "The Okafor household",
    "kind": ProviderKind.FOSTER,
    "provider_code": "PR1",
    "urn": "",
    "postcode": "NE6 2XA",
    "in_area": True,
    "approval": Approval.FULL,
    "approved_from": date(2020, 1, 1),
    "approved_to": None,
    "capacity": 2,
    "age_from": 0,
    "age_to": 17,
}


def carer(**changes: Any) -> CareProvider:
    values = FOSTER | changes
    values.pop("reference")
    return CareProvider.objects.create(reference=changes.get("reference", ""), **values)


def start_care(
    council: Any,
    on: date,
    *,
    placement_type: str = "U6",
    provider: CareProvider | None | str = "a foster carer",
    basis: str = "s20",
    order_kind: str = "",
    child: Any = None,
    **placement: Any,
) -> CarePeriod:
    """Care started on `on`, with a foster carer from the register unless `provider` is given (None: placed with
    a parent, provider and postcode typed)."""
    chosen = carer() if isinstance(provider, str) else provider
    if chosen is None:
        placement = {"provider": "PR0", "postcode": "NE1 4ST", "in_area": True} | placement
    return care_start(
        child=child or council.child,
        start_date=on,
        basis=basis,
        route="assessment",
        decision_reason="Mother in hospital; no family able to care for Jayden",
        category_of_need="N1",
        uasc=False,
        order_kind=order_kind,
        placement=PlacementInput(placement_type=placement_type, carer=chosen, **placement),
        by=council.worker,
    )


def open_due(child: Any, rule_id: str) -> list[date]:
    return sorted(
        Obligation.objects.filter(child=child, rule_id=rule_id, status=ObligationStatus.OPEN).values_list(
            "due_date", flat=True
        )
    )


def held_child(council: Any, **values: Any) -> Any:
    """Another child held by the council's worker."""
    child = make_child(by=council.worker, **values)
    allocation_change(
        child_id=child.pk,
        worker=council.worker,
        team=council.team,
        start_date=date(2024, 1, 8),
        reason="R",
        by=None,
    )
    return child
