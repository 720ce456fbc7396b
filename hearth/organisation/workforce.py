"""Reads about the workforce: experience, renewals and appraisal flags, and caseloads weighted by type of work.

A child counts once on their worker's caseload, weighted by the most intensive work open with them (the same
episode tables the child's page reads, hearth/childrecord/sql.py OPEN_EPISODES). The weights, a full-time
worker's capacity, a newly qualified worker's protected caseload and a manager's minimum post-qualifying
experience are local settings (hearth/core/council_settings.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import connection

from hearth.core.calendar import add_calendar_months, add_days
from hearth.core.council_settings import DECLARED, setting_value
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import MANAGER_ROLES

RENEWAL_WARNING_DAYS = 30

WORK_KINDS: dict[str, str] = {
    "child_protection": "Child protection",
    "looked_after": "Looked after",
    "assessment": "Assessment",
    "child_in_need": "Child in need",
    "early_help": "Early help",
    "care_leaver": "Care leaver",
    "no_open_episode": "No open episode",
}

# The open work with each child, one row per open episode (kind, child, start). A child in need episode with
# an open plan is child in need work; without one it is still at assessment.
_OPEN_WORK = """
SELECT 'early_help' AS kind, e.child_id AS child_id, e.start_date AS start_date FROM earlyhelp_earlyhelpepisode e
 WHERE e.end_date IS NULL{where_e}
UNION ALL
SELECT CASE WHEN EXISTS (SELECT 1 FROM children_in_need_cinplan p WHERE p.episode_id = c.id AND p.end_date IS NULL)
            THEN 'child_in_need' ELSE 'assessment' END, c.child_id, c.referral_date
  FROM children_in_need_cinepisode c WHERE c.closure_date IS NULL{where_c}
UNION ALL
SELECT 'child_protection', p.child_id, p.start_date FROM protection_childprotectionplan p
 WHERE p.end_date IS NULL{where_p}
UNION ALL
SELECT 'looked_after', c.child_id, c.start_date FROM care_careperiod c WHERE c.end_date IS NULL{where_cp}
UNION ALL
SELECT 'care_leaver', s.child_id, s.start_date FROM care_careleaverstatus s WHERE s.end_date IS NULL{where_s}
"""


def _open_work(restriction: str) -> str:
    """The open-work union with each branch restricted to children matching `restriction` (an IN clause)."""
    return _OPEN_WORK.format(
        where_e=f" AND e.child_id {restriction}",
        where_c=f" AND c.child_id {restriction}",
        where_p=f" AND p.child_id {restriction}",
        where_cp=f" AND c.child_id {restriction}",
        where_s=f" AND s.child_id {restriction}",
    )


# Every branch's restriction uses the worker ids once, so the parameters repeat five times plus the outer one.
_WORKER_CASELOADS = """
SELECT a.worker_id, a.child_id, w.kind FROM organisation_allocation a
  LEFT JOIN ({open_work}) w ON w.child_id = a.child_id
 WHERE a.end_date IS NULL AND a.worker_id IN ({workers})
"""


@dataclass(frozen=True)
class WorkforcePolicy:
    minimum_pq_years: int
    protected_caseload: Decimal
    capacity_per_full_time: Decimal
    weights: dict[str, Decimal]


def parse_weights(text: str) -> dict[str, Decimal]:
    """'child_protection=1.5, early_help=0.7' as weights; a kind missing or written wrongly keeps its default."""
    weights = _parse(str(DECLARED["caseload_weights"].default))
    weights.update(_parse(text))
    return weights


def _parse(text: str) -> dict[str, Decimal]:
    weights: dict[str, Decimal] = {}
    for part in text.split(","):
        kind, _, value = part.partition("=")
        kind = kind.strip()
        if kind not in WORK_KINDS:
            continue
        try:
            weight = Decimal(value.strip())
        except InvalidOperation:
            continue
        if weight >= 0:
            weights[kind] = weight
    return weights


def workforce_policy(today: date) -> WorkforcePolicy:
    return WorkforcePolicy(
        minimum_pq_years=int(setting_value("manager_minimum_pq_experience_years", today)),
        protected_caseload=Decimal(setting_value("newly_qualified_protected_caseload", today)),
        capacity_per_full_time=Decimal(setting_value("caseload_capacity_per_full_time_worker", today)),
        weights=parse_weights(str(setting_value("caseload_weights", today))),
    )


def post_qualifying_years(user: StaffUser, today: date) -> int | None:
    """Whole years since qualifying, or None when no qualification date is recorded."""
    qualified = user.qualification_date
    if qualified is None or qualified > today:
        return None if qualified is None else 0
    years = today.year - qualified.year
    if (today.month, today.day) < (qualified.month, qualified.day):
        years -= 1
    return years


def is_newly_qualified(user: StaffUser, today: date) -> bool:
    """In the first year after qualifying (the assessed and supported year in employment, ASYE)."""
    qualified = user.qualification_date
    return qualified is not None and qualified <= today < add_calendar_months(qualified, 12)


def appraisal_due(user: StaffUser) -> date | None:
    """The annual appraisal falls due twelve months after the last one."""
    last = user.last_appraisal_date
    return None if last is None else add_calendar_months(last, 12)


def capacity(user: StaffUser, policy: WorkforcePolicy) -> Decimal:
    """Weighted cases this worker can hold: full-time equivalent times the council's capacity."""
    return (Decimal(user.full_time_equivalent) * policy.capacity_per_full_time).quantize(Decimal("0.1"))


def _renewal_flag(what: str, due: date | None, today: date) -> str | None:
    if due is None:
        return None
    if due < today:
        return f"{what} renewal overdue: it was due on {due:%-d %B %Y}"
    if due <= add_days(today, RENEWAL_WARNING_DAYS):
        return f"{what} renewal due within {RENEWAL_WARNING_DAYS} days, on {due:%-d %B %Y}"
    return None


def workforce_flags(
    user: StaffUser,
    today: date,
    *,
    weighted_caseload: Decimal | None = None,
    policy: WorkforcePolicy | None = None,
) -> list[str]:
    """What needs attention about this member of staff, in plain English. Reads nothing but the settings."""
    policy = policy or workforce_policy(today)
    flags = [
        flag
        for flag in (
            _renewal_flag("Social Work England registration", user.registration_renewal_date, today),
            _renewal_flag("DBS check", user.vetting_renewal_date, today),
        )
        if flag
    ]
    due = appraisal_due(user)
    if due is not None and due < today:
        flags.append(f"Annual appraisal overdue: it was due on {due:%-d %B %Y}")
    if user.role in MANAGER_ROLES:
        years = post_qualifying_years(user, today)
        minimum = policy.minimum_pq_years
        if years is None:
            flags.append(
                f"Manager's qualification date is not recorded; the council's policy is {minimum} years' "
                "post-qualifying experience"
            )
        elif years < minimum:
            flags.append(
                f"Manager has {years} year{'' if years == 1 else 's'}' post-qualifying experience; "
                f"the council's policy is {minimum}"
            )
    if (
        weighted_caseload is not None
        and is_newly_qualified(user, today)
        and weighted_caseload > policy.protected_caseload
    ):
        flags.append(
            f"Newly qualified (ASYE) worker holds {weighted_caseload} weighted cases; "
            f"the protected caseload is {policy.protected_caseload}"
        )
    return flags


@dataclass
class Caseload:
    children: int = 0
    weighted: Decimal = Decimal(0)
    by_kind: dict[str, int] = field(default_factory=dict)


def weighted_caseloads(worker_ids: Iterable[int], today: date) -> dict[int, Caseload]:
    """Each worker's open allocations weighted by the most intensive open work with each child: one query."""
    ids = sorted(set(worker_ids))
    caseloads = {worker_id: Caseload() for worker_id in ids}
    if not ids:
        return caseloads
    weights = workforce_policy(today).weights
    placeholders = ", ".join(["%s"] * len(ids))
    allocated = "SELECT child_id FROM organisation_allocation WHERE end_date IS NULL AND worker_id IN "
    restriction = f"IN ({allocated}({placeholders}))"
    statement = _WORKER_CASELOADS.format(open_work=_open_work(restriction), workers=placeholders)
    with connection.cursor() as cursor:
        cursor.execute(statement, ids * 6)
        rows = cursor.fetchall()
    heaviest: dict[tuple[int, int], str] = {}
    for worker_id, child_id, kind in rows:
        kind = kind or "no_open_episode"
        current = heaviest.get((worker_id, child_id))
        if current is None or weights[kind] > weights[current]:
            heaviest[(worker_id, child_id)] = kind
    for (worker_id, _child_id), kind in heaviest.items():
        caseload = caseloads[worker_id]
        caseload.children += 1
        caseload.weighted += weights[kind]
        caseload.by_kind[kind] = caseload.by_kind.get(kind, 0) + 1
    return caseloads


def weighted_caseload(worker: StaffUser, today: date) -> Decimal:
    return weighted_caseloads([worker.pk], today)[worker.pk].weighted


def open_work_by_child(child_ids: Iterable[int]) -> dict[int, list[tuple[str, date]]]:
    """(kind label, start) of each open episode of these children, oldest first: one query."""
    ids = sorted(set(child_ids))
    found: dict[int, list[tuple[str, date]]] = {child_id: [] for child_id in ids}
    if not ids:
        return found
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(_open_work(f"IN ({placeholders})"), ids * 5)
        rows = cursor.fetchall()
    for kind, child_id, start in sorted(rows, key=lambda row: (str(row[2]), row[0])):
        found[child_id].append(
            (WORK_KINDS[kind], date.fromisoformat(start) if isinstance(start, str) else start)
        )
    return found


# Children with open work and no open allocation: the unallocated queue, before anyone's access is asked (the
# anti-join leaves a few thousand of a council's children, so the per-record access check runs on those only).
UNALLOCATED_WITH_OPEN_WORK = (
    "SELECT w.child_id FROM ("  # noqa: S608 - fixed statements, no input
    + _open_work("IS NOT NULL")
    + ") w WHERE NOT EXISTS (SELECT 1 FROM organisation_allocation a"
    " WHERE a.child_id = w.child_id AND a.end_date IS NULL)"
)
# The oldest open episode of a child (NULL when none is open), for the unallocated queue's order.
OLDEST_OPEN_WORK = "SELECT MIN(w.start_date) FROM (" + _open_work("= people_person.id") + ") w"  # noqa: S608
