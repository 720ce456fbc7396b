"""The SSDA903 vocabulary of a period of care, as pure functions (issue 16 items 2, 4, 6): the legal status the
orders in force and the basis of care give, the reason for a new episode, what a legal status cannot go with,
regulation 28's visiting regime, the timeline's own rules (903 rules 501 to 503: one continuous timeline, no gaps
or overlaps) and the stability measures, computed from the episodes, never typed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from hearth.care.models import CareBasis, OrderKind
from hearth.core.codesets import LegalStatus as LS
from hearth.core.codesets import PlacementType as PT
from hearth.core.codesets import ReasonNewEpisode as RNE

# The legal status an order gives a looked-after child (903 LS; returns.md 2.3), strongest first: while several
# are in force the first of these is the episode's. Orders not listed (supervision, child arrangements, special
# guardianship, deprivation of liberty, adoption) give no looked-after status.
ORDER_STATUS: tuple[tuple[str, str], ...] = (
    (OrderKind.PLACEMENT, LS.E1),
    (OrderKind.CARE, LS.C2),
    (OrderKind.INTERIM_CARE, LS.C1),
    (OrderKind.EMERGENCY_PROTECTION, LS.L2),
    (OrderKind.POLICE_PROTECTION, LS.L1),
    (OrderKind.CHILD_ASSESSMENT, LS.L3),
    (OrderKind.REMAND, LS.J1),
    (OrderKind.PACE, LS.J2),
    (OrderKind.YRO_RESIDENCE, LS.J3),
)
BASIS_STATUS: dict[str, str] = {CareBasis.SECTION_20: LS.V2, CareBasis.SHORT_BREAKS: LS.V3}
# Orders that end a period of care when made (the period's reason ceased is asked on the form).
ENDS_CARE = frozenset({OrderKind.ADOPTION, OrderKind.SPECIAL_GUARDIANSHIP, OrderKind.CHILD_ARRANGEMENTS})
# Orders that end care proceedings (the 26-week timescale, Children and Families Act 2014 s.14).
FINAL_ORDERS = frozenset(
    {
        OrderKind.CARE,
        OrderKind.SUPERVISION,
        OrderKind.PLACEMENT,
        OrderKind.SPECIAL_GUARDIANSHIP,
        OrderKind.CHILD_ARRANGEMENTS,
        OrderKind.ADOPTION,
    }
)
FOSTER = frozenset({PT.U1, PT.U2, PT.U3, PT.U4, PT.U5, PT.U6})
LONG_TERM_FOSTER = frozenset({PT.U1, PT.U4})
TEMPORARY = frozenset({PT.T0, PT.T1, PT.T2, PT.T3, PT.T4})
WITH_PARENT = frozenset({PT.P1})
ADOPTION_WITH_ORDER = frozenset({PT.A5, PT.A6})
REMAND_STATUSES = frozenset({LS.J1, LS.J2, LS.J3})
SHORT_BREAK_STATUSES = frozenset({LS.V3, LS.V4})


def legal_status_of(orders_in_force: Iterable[str], basis: str, current: str = "") -> str:
    """The episode's legal status: the strongest order in force, else what the basis of care gives (section 20:
    V2; short breaks: V3), else the status the child has now (an order's last day does not make a child
    accommodated under section 20: a new agreement or leaving care is recorded as such)."""
    kinds = set(orders_in_force)
    for kind, status in ORDER_STATUS:
        if kind in kinds:
            return status
    return BASIS_STATUS.get(basis) or current or LS.V2


def reason_new_episode(*, legal_status_changed: bool, placement_changed: bool, same_carer: bool) -> str:
    """RNE (returns.md 2.3): L legal status only, P placement (and carer), T both, B placement type with the same
    carer, U legal status and placement type with the same carer."""
    if placement_changed and same_carer:
        return RNE.U if legal_status_changed else RNE.B
    if placement_changed:
        return RNE.T if legal_status_changed else RNE.P
    return RNE.L


def legal_status_problem(*, legal_status: str, placement_type: str, age: int | None) -> str | None:
    """Why a legal status cannot go with the placement type or the child's age (903 rules: placed with parents
    under section 20, 441; placed for adoption with a placement order, 1000-series; K3 from 16, 371; remand under
    10; short breaks in a temporary or long-term foster placement), else None."""
    if legal_status == LS.V2 and placement_type in WITH_PARENT:
        return "A child placed with their parents cannot be looked after under section 20 (a single period of accommodation)."
    if placement_type in ADOPTION_WITH_ORDER and legal_status != LS.E1:
        return (
            "A child is placed for adoption with a placement order only when a placement order has been made."
        )
    if legal_status in SHORT_BREAK_STATUSES and placement_type in TEMPORARY | LONG_TERM_FOSTER:
        return "A child on short breaks cannot be in a temporary or a long-term foster placement."
    if age is not None and placement_type == PT.K3 and age < 16:
        return "Supported accommodation (K3) is only for young people aged 16 or 17."
    if age is not None and legal_status in REMAND_STATUSES and age < 10:
        return "A child under 10 cannot be remanded or held under PACE."
    return None


class Regime:
    """Regulation 28's visiting regimes (timescales.md 1.3), each a fact the visiting rules read."""

    STANDARD = "standard"
    WITH_PARENT_BEFORE_ASSESSMENT = "28(3)"  # placed with a parent before the assessment is complete: weekly
    TEMPORARY_OR_ICO_AT_HOME = (
        "28(4)"  # temporary connected-person approval, or at home on an interim care order
    )
    CARE_ORDER_AT_HOME = "28(5)"  # a full care order, living with a parent: within a week of the order
    SHORT_BREAKS = "48"  # short breaks: at intervals agreed (regulation 48)


def visit_regime(
    *, legal_status: str, placement_type: str, temporary_approval: bool, parent_assessment_pending: bool
) -> str:
    if legal_status in SHORT_BREAK_STATUSES:
        return Regime.SHORT_BREAKS
    if temporary_approval:
        return Regime.TEMPORARY_OR_ICO_AT_HOME
    if placement_type in WITH_PARENT:
        if legal_status == LS.C1:
            return Regime.TEMPORARY_OR_ICO_AT_HOME
        if parent_assessment_pending:
            return Regime.WITH_PARENT_BEFORE_ASSESSMENT
        if legal_status == LS.C2:
            return Regime.CARE_ORDER_AT_HOME
    return Regime.STANDARD


@dataclass(frozen=True)
class Span:
    """An episode's or placement's dates, for the timeline's rules and the measures."""

    start: date
    end: date | None


def timeline_problem(spans: Sequence[Span]) -> str | None:
    """Why these spans (in order) are not one continuous timeline: each starts the day the one before ended, and
    only the last may be open (903 rules 501 to 503)."""
    for before, after in zip(spans, spans[1:], strict=False):
        if before.end is None:
            return f"An episode from {before.start:%-d %B %Y} is still open when the next starts."
        if after.start < before.end:
            return f"Episodes overlap on {after.start:%-d %B %Y}."
        if after.start > before.end:
            return f"There is a gap between {before.end:%-d %B %Y} and {after.start:%-d %B %Y}."
    return None


def overlaps(start: date, end: date | None, spans: Iterable[Span]) -> Span | None:
    """The first span that shares a day with start..end (end None: open)."""
    for span in spans:
        if (span.end is None or start < span.end) and (end is None or span.start < end):
            return span
    return None


def placements_in_year(placements: Iterable[Span], year_start: date, year_end: date) -> int:
    """How many placements the child was in during the year (the "three or more placements in the year" stability
    measure counts each placement open on any day of it)."""
    return sum(
        1 for span in placements if span.start <= year_end and (span.end is None or span.end >= year_start)
    )


def long_term_stability(
    placements: Sequence[Span],
    period_start: date,
    on: date,
    *,
    years: float = 2.5,
    in_placement_years: int = 2,
) -> bool | None:
    """The long-term stability measure on a day: of children looked after for 2.5 years or more and under 16, those
    in the same placement for 2 years or more. None when the child is not in the measure's group (looked after less
    than 2.5 years); the caller applies the age."""
    looked_after_days = (on - period_start).days
    if looked_after_days < years * 365.25:
        return None
    current = [span for span in placements if span.start <= on and (span.end is None or span.end > on)]
    if not current:
        return None
    return (on - current[-1].start).days >= in_placement_years * 365.25
