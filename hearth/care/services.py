"""Becoming looked after, placements, legal status and leaving care (issue 16 items 1, 2, 4): each change writes the
period, its placement and its SSDA903 episodes together, so the timeline is one continuous line per period (a
change of legal status or placement ends the episode with X1 and opens the next the same day, its RNE saying why),
with the audit rows and the events the visiting and review rules read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.care.distance import home_postcode, miles_between
from hearth.care.episodes import (
    ENDS_CARE,
    FINAL_ORDERS,
    legal_status_of,
    legal_status_problem,
    reason_new_episode,
    visit_regime,
)
from hearth.care.models import (
    Approval,
    CareBasis,
    CareEpisode,
    CarePeriod,
    CareProvider,
    CareRoute,
    LegalOrder,
    OrderKind,
    Placement,
    Siblings,
)
from hearth.core import policy
from hearth.core.audit import audit_change, audited_update, locked_fresh
from hearth.core.codesets import (
    CLA_CATEGORY_OF_NEED_CODES,
    LegalStatus,
    PlacementProvider,
    PlacementType,
    ReasonEpisodeCeased,
    ReasonNewEpisode,
    ReasonPlaceChange,
)
from hearth.core.dates import long_date
from hearth.core.events import event_record
from hearth.core.identifiers import normalise_postcode
from hearth.core.timescales.circumstances import whole_years as age_on
from hearth.core.validation import past_date_problem
from hearth.organisation.models import StaffUser
from hearth.people.models import Person
from hearth.signoff.services import sign_off_request

# Orders a decision "under a court order", "police protection" or "remand" may start care with.
ORDER_BASES = {
    CareBasis.ORDER: {OrderKind.INTERIM_CARE, OrderKind.CARE, OrderKind.PLACEMENT},
    CareBasis.POLICE: {
        OrderKind.POLICE_PROTECTION,
        OrderKind.EMERGENCY_PROTECTION,
        OrderKind.CHILD_ASSESSMENT,
    },
    CareBasis.REMAND: {OrderKind.REMAND, OrderKind.PACE, OrderKind.YRO_RESIDENCE},
}
TEMPORARY_PLACEMENTS = frozenset({"T0", "T1", "T2", "T3", "T4"})
SIBLINGS = {"": "", **dict(Siblings.choices)}


@dataclass
class PlacementInput:
    """What a placement form asks: a carer or home from the register, or (placed with parents and the like) the
    provider code and postcode typed."""

    placement_type: str
    carer: CareProvider | None = None
    provider: str = ""
    postcode: str = ""
    distance_miles: Decimal | None = None
    in_area: bool | None = None
    long_term: bool = False
    parent_assessment_pending: bool = False
    siblings: str = ""
    siblings_reason: str = ""


def open_period(child: Person) -> CarePeriod | None:
    return CarePeriod.objects.filter(child=child, end_date=None).order_by("-start_date").first()


def current_episode(period: CarePeriod) -> CareEpisode | None:
    return period.episodes.filter(end_date=None).select_related("placement", "placement__carer").first()


def orders_in_force(child_id: int, on: date, *, extra: LegalOrder | None = None) -> list[str]:
    kinds = [
        kind
        for kind, start, end in LegalOrder.objects.filter(child_id=child_id, start_date__lte=on).values_list(
            "kind", "start_date", "end_date"
        )
        if end is None or end > on
    ]
    return [*kinds, extra.kind] if extra is not None else kinds


def children_placed_with(carer: CareProvider, on: date, *, besides: int | None = None) -> int:
    placed = Placement.objects.filter(carer=carer, start_date__lte=on).exclude(end_date__lte=on)
    if besides is not None:
        placed = placed.exclude(period__child_id=besides)
    return placed.values("period__child_id").distinct().count()


def _placement_problems(
    child: Person, values: PlacementInput, on: date, legal_status: str, errors: dict[str, str]
) -> None:
    """The refusals a placement shares, each naming its field: the type, what the legal status and age allow, and a
    carer whose approval covers the child, the day and the number placed."""
    age = age_on(child.date_of_birth, on) if child.date_of_birth else None
    if values.placement_type not in PlacementType.values:
        errors["placement_type"] = "Choose the placement type (the SSDA903 code)."
    elif problem := legal_status_problem(
        legal_status=legal_status, placement_type=values.placement_type, age=age
    ):
        errors["placement_type"] = f"{problem} The legal status is {LegalStatus(legal_status).label}."
    carer = values.carer
    if carer is None:
        if values.provider not in PlacementProvider.values:
            errors["provider"] = (
                "Choose the carer or home from the register, or the provider (the SSDA903 code)."
            )
        if not values.postcode.strip():
            errors["postcode"] = (
                "Enter the placement's postcode, or choose a carer or home from the register."
            )
    else:
        if not carer.active:
            errors["carer"] = f"{carer.name} is no longer on the register."
        elif carer.approved_from and on < carer.approved_from or carer.approved_to and on > carer.approved_to:
            errors["carer"] = f"{carer.name}'s approval does not cover {long_date(on)}."
        elif age is not None and not carer.age_from <= age <= carer.age_to:
            errors["carer"] = (
                f"{carer.name} is approved for children aged {carer.age_from} to {carer.age_to}; "
                f"this child is {age}."
            )
        elif children_placed_with(carer, on, besides=child.pk) >= carer.capacity:
            errors["carer"] = (
                f"{carer.name} already has {carer.capacity} "
                f"child{'ren' if carer.capacity != 1 else ''} placed, as many as their approval allows."
            )
    if values.siblings not in SIBLINGS:
        errors["siblings"] = "Choose whether brothers and sisters are placed together or apart."
    elif values.siblings == "apart" and not values.siblings_reason.strip():
        errors["siblings_reason"] = "Enter why the brothers and sisters are placed apart."
    if values.distance_miles is not None and values.distance_miles < 0:
        errors["distance_miles"] = "The distance from home cannot be negative."


def _placement_row(
    period: CarePeriod, values: PlacementInput, start: date, legal_status: str, reason: str
) -> Placement:
    carer = values.carer
    postcode = normalise_postcode(carer.postcode if carer else values.postcode)
    distance = values.distance_miles
    if distance is None:  # computed from the postcode directory, when the council has loaded it
        distance = miles_between(home_postcode(period.child), postcode)
    regime = visit_regime(
        legal_status=legal_status,
        placement_type=values.placement_type,
        temporary_approval=carer is not None and carer.approval == Approval.TEMPORARY,
        parent_assessment_pending=values.parent_assessment_pending,
    )
    return Placement.objects.create(
        period=period,
        start_date=start,
        placement_type=values.placement_type,
        provider=carer.provider_code if carer else values.provider,
        postcode=postcode,
        carer=carer,
        urn=carer.urn if carer else "",
        in_area=carer.in_area if carer else values.in_area,
        distance_miles=distance,
        reason_place_change=reason,
        long_term=values.long_term,
        parent_assessment_pending=values.parent_assessment_pending,
        visit_regime=regime,
        siblings=values.siblings,
        siblings_reason=values.siblings_reason.strip(),
    )


def _placement_event(placement: Placement, by: StaffUser, *, first: bool) -> None:
    where = f" with {placement.carer.name}" if placement.carer else ""
    if placement.in_area is False:
        where += " (outside the council's area)"
    event_record(
        child_id=placement.period.child_id,
        type="placement.started",
        occurred_on=placement.start_date,
        recorded_by=by,
        record=placement,
        payload={
            "placement_type": PlacementType(placement.placement_type).label,
            "placement_type_code": placement.placement_type,
            "long_term": placement.long_term,
            "visit_regime": placement.visit_regime,
            "where": where,
            "first": first,
            "out_of_area": placement.in_area is False,
        },
    )


def _new_episode(
    period: CarePeriod, placement: Placement, start: date, reason_new: str, legal_status: str, by: StaffUser
) -> CareEpisode:
    episode = CareEpisode.objects.create(
        period=period,
        child_id=period.child_id,
        placement=placement,
        start_date=start,
        reason_new=reason_new,
        legal_status=legal_status,
    )
    audit_change(user=by, instance=episode, action="create", before=None, child_id=period.child_id)
    return episode


def _close_episode(episode: CareEpisode, on: date, reason: str, by: StaffUser) -> None:
    audited_update(episode, by=by, child_id=episode.child_id, end_date=on, reason_ceased=reason)


def care_start(
    *,
    child: Person,
    start_date: date | None,
    basis: str,
    route: str,
    decision_reason: str,
    category_of_need: str,
    uasc: bool,
    placement: PlacementInput,
    by: StaffUser,
    order_kind: str = "",
    court: str = "",
) -> CarePeriod:
    """The decision to accommodate and the first placement: a period of care, its first episode (RNE S), the order it
    rests on where it rests on one, and a request for a manager's sign-off of the decision."""
    policy.require(by, "child.record_work", child)
    errors: dict[str, str] = {}
    if problem := past_date_problem(start_date, "the date the child became looked after"):
        errors["start_date"] = problem
    elif start_date is not None and child.date_of_birth and start_date < child.date_of_birth:
        errors["start_date"] = "The child cannot become looked after before they were born."
    elif (already := open_period(child)) is not None:
        errors["start_date"] = f"The child is already looked after, since {long_date(already.start_date)}."
    if basis not in CareBasis.values:
        errors["basis"] = "Choose why the child is to be looked after."
    elif basis in ORDER_BASES and order_kind not in ORDER_BASES[CareBasis(basis)]:
        names = ", ".join(OrderKind(kind).label.lower() for kind in sorted(ORDER_BASES[CareBasis(basis)]))
        errors["order_kind"] = f"Choose the order or power the child is looked after under ({names})."
    if route not in CareRoute.values:
        errors["route"] = "Choose where the decision came from."
    if not decision_reason.strip():
        errors["decision_reason"] = "Enter the reason for the decision to accommodate."
    if category_of_need not in CLA_CATEGORY_OF_NEED_CODES:
        errors["category_of_need"] = "Choose the category of need (N1 to N8)."
    if errors.get("start_date") is None and start_date is not None:
        last_ended = (
            CarePeriod.objects.filter(child=child, end_date__isnull=False)
            .order_by("-end_date")
            .values_list("end_date", flat=True)
            .first()
        )
        if last_ended is not None and start_date <= last_ended:
            errors["start_date"] = (
                f"The child's last period of care ended on {long_date(last_ended)}: a new one starts after it "
                "(903 rules 501, 431)."
            )
        elif child.date_of_birth and age_on(child.date_of_birth, start_date) >= 18:
            errors["start_date"] = "A young person of 18 or over does not become looked after (903 rule 352)."
    if placement.placement_type in TEMPORARY_PLACEMENTS:
        errors["placement_type"] = "A child's first placement is not a temporary one (903 rule 380)."
    if errors.get("start_date") is None and start_date is not None:
        order = LegalOrder(kind=order_kind) if basis in ORDER_BASES and order_kind else None
        legal_status = legal_status_of(orders_in_force(child.pk, start_date, extra=order), basis)
        _placement_problems(child, placement, start_date, legal_status, errors)
    if errors:
        raise ValidationError(errors)
    assert start_date is not None
    with transaction.atomic():
        # Two people recording the same decision at once: the child's row is locked, and the second is told.
        list(Person.objects.select_for_update().filter(pk=child.pk).values_list("pk"))
        if (already := open_period(child)) is not None:
            raise ValidationError(
                {"start_date": f"The child is already looked after, since {long_date(already.start_date)}."}
            )
        if basis in ORDER_BASES:
            made = LegalOrder.objects.create(
                child=child, kind=order_kind, court=court.strip(), start_date=start_date, recorded_by=by
            )
            audit_change(user=by, instance=made, action="create", before=None, child_id=child.pk)
            _order_event(made, by)
        period = CarePeriod.objects.create(
            child=child,
            start_date=start_date,
            legal_status=legal_status,
            basis=basis,
            route=route,
            decision_reason=decision_reason.strip(),
            category_of_need=category_of_need,
            uasc=uasc,
            recorded_by=by,
        )
        audit_change(user=by, instance=period, action="create", before=None, child_id=child.pk)
        first = _placement_row(period, placement, start_date, legal_status, "")
        audit_change(user=by, instance=first, action="create", before=None, child_id=child.pk)
        _new_episode(period, first, start_date, ReasonNewEpisode.S, legal_status, by)
        event_record(
            child_id=child.pk,
            type="care.started",
            occurred_on=start_date,
            recorded_by=by,
            record=period,
            payload={
                "legal_status": LegalStatus(legal_status).label,
                "legal_status_code": legal_status,
                "basis": basis,
                "uasc": uasc,
            },
        )
        _placement_event(first, by, first=True)
        sign_off_request(kind="care_decision", subject=period, by=by, on=start_date)
    return period


def _unchanged(now: Placement, values: PlacementInput) -> bool:
    """Whether a "move" changes nothing the 903 records (rule 435): the same type with the same carer, or with no
    carer the same provider and postcode."""
    if values.placement_type != now.placement_type:
        return False
    if values.carer is not None or now.carer_id is not None:
        return values.carer is not None and values.carer.pk == now.carer_id
    return values.provider == now.provider and normalise_postcode(values.postcode) == now.postcode


def placement_change(
    *,
    period: CarePeriod,
    start_date: date | None,
    reason_place_change: str,
    placement: PlacementInput,
    by: StaffUser,
) -> Placement:
    """A move: the current placement and episode end the day the next starts (X1), and a new episode opens (RNE P, or
    B where the same carer changes the type of placement)."""
    policy.require(by, "child.record_work", period.child)
    with transaction.atomic():
        period = locked_fresh(period)
        current = current_episode(period)
        errors: dict[str, str] = {}
        if period.end_date is not None or current is None:
            errors["start_date"] = "The child is no longer looked after in this period of care."
        elif problem := past_date_problem(start_date, "the date the new placement started"):
            errors["start_date"] = problem
        elif start_date is not None and start_date <= current.placement.start_date:
            errors["start_date"] = (
                f"The new placement must start after the current one (from "
                f"{long_date(current.placement.start_date)}): placements cannot overlap."
            )
        elif (
            start_date is not None
            and start_date == current.start_date
            and current.reason_new not in (ReasonNewEpisode.L, ReasonNewEpisode.T, ReasonNewEpisode.U)
        ):
            errors["start_date"] = (
                "The child's placement changed on this day already: record this move from the next."
            )
        elif start_date is not None and start_date < current.start_date:
            errors["start_date"] = (
                f"The new placement cannot start before the current episode ({long_date(current.start_date)})."
            )
        if (
            reason_place_change not in ReasonPlaceChange.values
            and placement.placement_type not in TEMPORARY_PLACEMENTS
        ):
            errors["reason_place_change"] = "Choose the reason the placement changed."
        if current is not None and start_date is not None and "start_date" not in errors:
            _placement_problems(period.child, placement, start_date, current.legal_status, errors)
            if _unchanged(current.placement, placement):
                errors["carer"] = (
                    "This is the placement the child is in now: choose another carer or home, or another type of "
                    "placement."
                )
        if errors:
            raise ValidationError(errors)
        assert current is not None and start_date is not None
        previous = current.placement
        audited_update(previous, by=by, child_id=period.child_id, end_date=start_date)
        new = _placement_row(period, placement, start_date, current.legal_status, reason_place_change)
        audit_change(user=by, instance=new, action="create", before=None, child_id=period.child_id)
        same_carer = new.carer_id is not None and new.carer_id == previous.carer_id
        if (
            start_date == current.start_date
        ):  # the legal status changed this day too: one episode of both (T, U)
            reason = reason_new_episode(
                legal_status_changed=True, placement_changed=True, same_carer=same_carer
            )
            audited_update(current, by=by, child_id=period.child_id, placement=new, reason_new=reason)
        else:
            _close_episode(current, start_date, ReasonEpisodeCeased.X1, by)
            reason = reason_new_episode(
                legal_status_changed=False, placement_changed=True, same_carer=same_carer
            )
            _new_episode(period, new, start_date, reason, current.legal_status, by)
        _placement_event(new, by, first=False)
    return new


def _order_event(order: LegalOrder, by: StaffUser) -> None:
    event_record(
        child_id=order.child_id,
        type="legal_order.made",
        occurred_on=order.start_date,
        recorded_by=by,
        record=order,
        payload={
            "order": OrderKind(order.kind).label,
            "order_code": order.kind,
            "court_text": f" ({order.court})" if order.court else "",
            "final": order.kind in FINAL_ORDERS,
        },
    )


def _status_follows_orders(child: Person, on: date, by: StaffUser) -> None:
    """After an order is made or ends: the legal status the orders give from `on`, a new episode (RNE L) if it
    changed while the child is looked after."""
    period = open_period(child)
    if period is None:
        return
    period = locked_fresh(period)
    current = current_episode(period)
    if current is None or on < period.start_date:
        return
    status = legal_status_of(orders_in_force(child.pk, on), period.basis, current.legal_status)
    if status == current.legal_status:
        return
    age = age_on(child.date_of_birth, on) if child.date_of_birth else None
    placement = current.placement
    if problem := legal_status_problem(legal_status=status, placement_type=placement.placement_type, age=age):
        raise ValidationError({"kind": f"{problem} Record the change of placement first."})
    if on < current.start_date:
        raise ValidationError(
            {
                "start_date": f"The legal status cannot change before the current episode began ({long_date(current.start_date)})."
            }
        )
    if on == current.start_date:  # the same day as the episode began: the episode takes the new status, and a
        # placement change that day becomes a change of both (RNE T, or U with the same carer)
        both = {ReasonNewEpisode.P: ReasonNewEpisode.T, ReasonNewEpisode.B: ReasonNewEpisode.U}
        reason = both.get(ReasonNewEpisode(current.reason_new), current.reason_new)
        audited_update(current, by=by, child_id=child.pk, legal_status=status, reason_new=reason)
    else:
        _close_episode(current, on, ReasonEpisodeCeased.X1, by)
        _new_episode(period, placement, on, ReasonNewEpisode.L, status, by)
    audited_update(period, by=by, child_id=child.pk, legal_status=status)
    regime = visit_regime(
        legal_status=status,
        placement_type=placement.placement_type,
        temporary_approval=placement.carer is not None and placement.carer.approval == Approval.TEMPORARY,
        parent_assessment_pending=placement.parent_assessment_pending,
    )
    if regime != placement.visit_regime:
        audited_update(placement, by=by, child_id=child.pk, visit_regime=regime)
    event_record(
        child_id=child.pk,
        type="care.legal_status_changed",
        occurred_on=on,
        recorded_by=by,
        record=period,
        payload={
            "legal_status": LegalStatus(status).label,
            "legal_status_code": status,
            "visit_regime": regime,
        },
    )


def legal_order_record(
    *,
    child: Person,
    kind: str,
    court: str,
    start_date: date | None,
    proceedings_started: date | None,
    by: StaffUser,
) -> LegalOrder:
    """An order made (or a police power used): kept in the child's one history of orders; while the child is looked
    after, a new legal status opens a new episode (RNE L) the day it is made."""
    policy.require(by, "child.record_work", child)
    errors: dict[str, str] = {}
    if kind not in OrderKind.values:
        errors["kind"] = "Choose the order."
    if problem := past_date_problem(start_date, "the date the order was made"):
        errors["start_date"] = problem
    if proceedings_started is not None and start_date is not None and proceedings_started > start_date:
        errors["proceedings_started"] = "Care proceedings cannot start after the order was made."
    if kind in ENDS_CARE and open_period(child) is not None:
        errors["kind"] = (
            f"A {OrderKind(kind).label.lower()} ends the child's care: end the period of care with it "
            "(choose the reason it ended), then record the order."
        )
    if errors:
        raise ValidationError(errors)
    assert start_date is not None
    with transaction.atomic():
        order = LegalOrder.objects.create(
            child=child,
            kind=kind,
            court=court.strip(),
            start_date=start_date,
            proceedings_started=proceedings_started,
            recorded_by=by,
        )
        audit_change(user=by, instance=order, action="create", before=None, child_id=child.pk)
        issued = proceedings_started is not None and not (
            LegalOrder.objects.filter(child=child, proceedings_started=proceedings_started)
            .exclude(pk=order.pk)
            .exists()
        )
        if (
            issued
        ):  # the 26 weeks run from the day the proceedings were issued, once however many orders follow
            assert proceedings_started is not None
            event_record(
                child_id=child.pk,
                type="care_proceedings.issued",
                occurred_on=proceedings_started,
                recorded_by=by,
                record=order,
            )
        _order_event(order, by)
        _status_follows_orders(child, start_date, by)
    return order


def legal_order_end(
    *, order: LegalOrder, end_date: date | None, end_reason: str, by: StaffUser, now_section_20: bool = False
) -> LegalOrder:
    """An order ends. The child keeps the legal status the orders in force give, else the one they have (an order
    ending does not make a child accommodated), unless the parents now agree to accommodation under section 20
    (`now_section_20`: the period's basis becomes section 20, so the status V2 from the day the order ends)."""
    child = order.child
    policy.require(by, "child.record_work", child)
    errors: dict[str, str] = {}
    if order.end_date is not None:
        errors["end_date"] = f"This order ended on {long_date(order.end_date)}."
    elif problem := past_date_problem(end_date, "the date the order ended"):
        errors["end_date"] = problem
    elif end_date is not None and end_date < order.start_date:
        errors["end_date"] = f"The order cannot end before it was made ({long_date(order.start_date)})."
    if not end_reason.strip():
        errors["end_reason"] = (
            "Enter why the order ended (for example, discharged, replaced by a care order)."
        )
    if errors:
        raise ValidationError(errors)
    assert end_date is not None
    with transaction.atomic():
        order = locked_fresh(order)  # two people ending it at once: the second is told
        if order.end_date is not None:
            raise ValidationError({"end_date": f"This order ended on {long_date(order.end_date)}."})
        audited_update(order, by=by, child_id=child.pk, end_date=end_date, end_reason=end_reason.strip())
        period = open_period(child)
        if now_section_20 and period is not None and period.basis != CareBasis.SECTION_20:
            audited_update(period, by=by, child_id=child.pk, basis=CareBasis.SECTION_20)
        event_record(
            child_id=child.pk,
            type="legal_order.ended",
            occurred_on=end_date,
            recorded_by=by,
            record=order,
            payload={"order": OrderKind(order.kind).label, "reason": end_reason.strip()[:120]},
        )
        _status_follows_orders(child, end_date, by)
    return order


def care_end(*, period: CarePeriod, end_date: date | None, reason_ceased: str, by: StaffUser) -> CarePeriod:
    """The child ceases to be looked after: the placement, the episode (with the 903 reason) and the period end."""
    policy.require(by, "child.record_work", period.child)
    with transaction.atomic():
        period = locked_fresh(period)
        current = current_episode(period)
        errors: dict[str, str] = {}
        if period.end_date is not None or current is None:
            errors["end_date"] = "This period of care has already ended."
        elif problem := past_date_problem(end_date, "the date the child stopped being looked after"):
            errors["end_date"] = problem
        elif end_date is not None and end_date < current.start_date:
            errors["end_date"] = (
                f"Care cannot end before the current episode began ({long_date(current.start_date)})."
            )
        if reason_ceased not in ReasonEpisodeCeased.values or reason_ceased == ReasonEpisodeCeased.X1:
            errors["reason_ceased"] = "Choose why the child stopped being looked after."
        elif (
            reason_ceased in ("E11", "E12")
            and not period.placements.filter(placement_type__in=("A3", "A4", "A5", "A6")).exists()
        ):
            errors["reason_ceased"] = (
                "A child is adopted only after being placed for adoption: record that placement first."
            )
        if errors:
            raise ValidationError(errors)
        assert current is not None and end_date is not None
        audited_update(current.placement, by=by, child_id=period.child_id, end_date=end_date)
        _close_episode(current, end_date, reason_ceased, by)
        audited_update(
            period, by=by, child_id=period.child_id, end_date=end_date, reason_ceased=reason_ceased
        )
        event_record(
            child_id=period.child_id,
            type="care.ended",
            occurred_on=end_date,
            recorded_by=by,
            record=period,
            payload={"reason": ReasonEpisodeCeased(reason_ceased).label, "reason_code": reason_ceased},
        )
    return period


def placement_values(data: dict[str, Any]) -> PlacementInput:
    """A placement form's cleaned data as the services take it."""
    return PlacementInput(
        placement_type=data.get("placement_type") or "",
        carer=data.get("carer"),
        provider=data.get("provider") or "",
        postcode=data.get("postcode") or "",
        distance_miles=data.get("distance_miles"),
        in_area=data.get("in_area"),
        long_term=bool(data.get("long_term")),
        parent_assessment_pending=bool(data.get("parent_assessment_pending")),
        siblings=data.get("siblings") or "",
        siblings_reason=data.get("siblings_reason") or "",
    )
