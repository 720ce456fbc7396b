"""Data quality as the work is done (ADR 32): every rule of the pinned CIN census validator, for the collection
year in progress and the one before, over the children whose records changed.

Whenever a change is written about a child (`hearth.core.changes`), the child is marked pending and, once the
change commits, the queue's task `quality_check_pending` takes up to BATCH pending children, writes their census
for each year and runs the validator over it (`hearth.returns.validator`, in its own environment), then replaces
their failures. The validator is the one councils use, at the version `requirements/cin-validator.txt` pins, so
what `/data-quality/` and the child's page show is what the validator would say of the return.

Two rules are Hearth's own, where a batch cannot or the validator does not check:
- 1520 (a UPN is one child's) looks across the whole council, not the batch, in the database;
- 8869 (factor 21 alone) never fires in the pinned validator (`KNOWN_BUGGY_RULES`), so Hearth checks it.
Rules known to fire on good data (2887Q) and rules about the whole return are left out: they are not about a child.
"""

from __future__ import annotations

import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django_tasks.base import TaskResultStatus

from hearth.core import clock
from hearth.core.codesets import AssessmentFactor
from hearth.core.tasks import background
from hearth.people.models import Person, RecordKind
from hearth.quality.models import QualityFailure, QualityPending
from hearth.returns.cin_census import census_children, census_elements_write
from hearth.returns.validator import (
    FALSE_ALARM_RULES,
    CinValidatorUnavailable,
    validate_cin_census,
    validator_available,
)

BATCH = 2000
# Where in Hearth each census item is recorded: what a failure on it asks the worker to correct.
RECORDED_ON = {
    "LAchildID": "the child's details",
    "UPN": "the child's details (UPN)",
    "FormerUPN": "the child's details (former UPN)",
    "UPNunknown": "the child's details (why the UPN is not known)",
    "PersonBirthDate": "the child's details (date of birth)",
    "ExpectedPersonBirthDate": "the child's details (expected date of birth)",
    "Sex": "the child's details (sex)",
    "GenderCurrent": "the child's details (sex)",
    "PersonDeathDate": "the child's details (date of death)",
    "Ethnicity": "the child's details (ethnicity)",
    "Disability": "the child's details (disabilities)",
    "CINreferralDate": "the referral",
    "ReferralSource": "the referral (source)",
    "PrimaryNeedCode": "the assessment (primary need)",
    "CINclosureDate": "the episode's closure",
    "ReasonForClosure": "the episode's closure (reason)",
    "ReferralNFA": "the decision on the referral",
    "AssessmentActualStartDate": "the assessment (start date)",
    "AssessmentInternalReviewDate": "the assessment (date completed)",
    "AssessmentAuthorisationDate": "the assessment's sign-off",
    "AssessmentFactors": "the assessment (factors identified)",
    "CINPlanStartDate": "the child in need plan",
    "CINPlanEndDate": "the child in need plan (end)",
    "S47ActualStartDate": "the strategy discussion that started the section 47 enquiry",
    "InitialCPCtarget": "the section 47 enquiry",
    "DateOfInitialCPC": "the initial child protection conference",
    "ICPCnotRequired": "the section 47 enquiry's outcome",
    "CPPstartDate": "the child protection plan",
    "CPPendDate": "the child protection plan (end)",
    "InitialCategoryOfAbuse": "the initial conference (category)",
    "LatestCategoryOfAbuse": "the latest conference (category)",
    "NumberOfPreviousCPP": "the child's earlier child protection plans",
    "CPPreviewDate": "the review conferences",
}
OWN_RULES = {"1520", "8869"}
LEFT_OUT = OWN_RULES | set(FALSE_ALARM_RULES)


@dataclass(frozen=True)
class Found:
    child_id: int
    rule: str
    is_query: bool
    table: str
    field: str
    value: str
    message: str


def fix_for(field: str) -> str:
    where = RECORDED_ON.get(field)
    return f"Correct {where}." if where else "Correct the record named."


def _validator_failures(
    children: list[tuple[int, ET.Element]], people: dict[int, Person], year: int
) -> list[Found]:
    """The validator over these children's census for the year (those in it)."""
    if not children:
        return []
    number_to_pk = {person.person_number: pk for pk, person in people.items()}
    with tempfile.TemporaryDirectory(prefix="hearth-quality-") as folder:
        path = Path(folder) / f"quality_{year}.xml"
        with path.open("w", encoding="utf-8") as handle:
            census_elements_write(children, year, handle, now=clock.now())
        report = validate_cin_census(path, year)
    found = []
    for failure in report.failures:
        if failure.la_level or failure.rule_code in LEFT_OUT or not failure.child_id:
            continue
        pk = number_to_pk.get(failure.child_id)
        if pk is None:
            continue
        found.append(
            Found(
                pk,
                failure.rule_code,
                failure.rule_type == "query",
                failure.table or "",
                failure.field or "",
                failure.value or "",
                failure.message,
            )
        )
    return found


def _factor_21_alone(children: list[tuple[int, ET.Element]]) -> list[Found]:
    """Rule 8869, which the pinned validator never fires: factor 21 (no factors) given with other factors."""
    found = []
    for pk, child in children:
        for assessment in child.iter("Assessments"):
            factors = [element.text for element in assessment.iter("AssessmentFactors")]
            if AssessmentFactor.NO_FACTORS.value in factors and len(factors) > 1:
                found.append(
                    Found(
                        pk,
                        "8869",
                        False,
                        "AssessmentFactorsList",
                        "AssessmentFactors",
                        "21",
                        "The assessment factors code “21” cannot be used in conjunction with any other "
                        "assessment factors.",
                    )
                )
    return found


def _live_children() -> QuerySet[Person]:
    return Person.objects.filter(kind=RecordKind.CHILD, merged_into=None)


def _shared_upns(children: list[tuple[int, ET.Element]]) -> list[Found]:
    """Rule 1520 across the whole council (a batch sees only itself): a UPN held by two children (records merged
    into another do not count). The other holders are checked again too, so a clash shows on both children and goes
    from both when one is corrected."""
    in_census = {pk for pk, _ in children}
    mine = dict(_live_children().filter(pk__in=in_census).exclude(upn="").values_list("pk", "upn"))
    if not mine:
        return []
    holders: dict[str, set[int]] = {}
    for pk, upn in _live_children().filter(upn__in=set(mine.values())).values_list("pk", "upn"):
        holders.setdefault(upn, set()).add(pk)
    others = {pk for upn, found in holders.items() if len(found) > 1 for pk in found} - in_census
    flagged = set(
        QualityFailure.objects.filter(child_id__in=others, rule="1520").values_list("child_id", flat=True)
    )
    if others - flagged:
        quality_mark_all(others - flagged)
    return [
        Found(pk, "1520", False, "ChildIdentifiers", "UPN", upn, "More than one record with the same UPN.")
        for pk, upn in mine.items()
        if len(holders.get(upn, ())) > 1
    ]


def _clashes_resolved(child_ids: list[int]) -> None:
    """Children flagged 1520 whose UPN is now held by one child alone (one of these corrected theirs): checked
    again."""
    flagged = dict(
        QualityFailure.objects.filter(rule="1520")
        .exclude(child_id__in=child_ids)
        .values_list("child_id", "child__upn")
    )
    holders = dict(
        _live_children()
        .filter(upn__in=set(flagged.values()))
        .values("upn")
        .annotate(count=Count("pk"))
        .values_list("upn", "count")
    )
    stale = [pk for pk, upn in flagged.items() if holders.get(upn, 0) < 2]
    if stale:
        quality_mark_all(stale)


def checked_years(today: date | None = None) -> list[int]:
    """The collection year in progress and the one before it."""
    year = clock.current_collection_year(today or clock.today())
    return [year, year - 1]


def quality_check(child_ids: Iterable[int], years: list[int] | None = None) -> int:
    """Check these children against every rule for each year and replace their failures; returns how many.

    Raises CinValidatorUnavailable when the validator's environment is not installed."""
    ids = sorted(set(child_ids))
    if not validator_available():
        raise CinValidatorUnavailable("No CIN validator: run `make cin-validator` (data quality runs it)")
    years = years or checked_years()
    today = clock.today()
    total = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        people = Person.objects.only("pk", "person_number").in_bulk(chunk)
        found: list[tuple[int, Found]] = []
        flagged_before = set(
            QualityFailure.objects.filter(child_id__in=chunk, rule="1520").values_list("child_id", flat=True)
        )
        for year in years:
            children = list(census_children(chunk, year))  # each child's census read once a year
            for item in (
                _validator_failures(children, people, year)
                + _factor_21_alone(children)
                + _shared_upns(children)
            ):
                found.append((year, item))
        if flagged_before:
            _clashes_resolved(chunk)
        with transaction.atomic():
            QualityFailure.objects.filter(child_id__in=chunk).delete()
            QualityFailure.objects.bulk_create(
                [
                    QualityFailure(
                        child_id=item.child_id,
                        collection_year=year,
                        rule=item.rule,
                        is_query=item.is_query,
                        table=item.table[:40],
                        field=item.field[:40],
                        value=item.value[:100],
                        location=f"{item.table} / {item.field}"[:200] if item.field else item.table[:200],
                        message=item.message[:300],
                        fix=fix_for(item.field)[:300],
                        found_on=today,
                    )
                    for year, item in dict.fromkeys(found)  # each failure once
                ],
                batch_size=2000,
            )
        total += len(found)
    return total


# Marking children as their records change, and the queue's task that checks them.


class _Kept:
    """Something this transaction did, kept among its on-commit callbacks: a savepoint rolled back drops it, as it
    drops what the transaction wrote with it."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.spent = (
            False  # a check has run in this transaction since (a test's worker, in the same transaction)
        )

    def __call__(self) -> None:
        return None


class _Enqueued(_Kept):
    """The check this transaction enqueued (the key: its task's id)."""


class _Marked(_Kept):
    """A child this transaction marked (the key: the child's id)."""


def _this_transaction() -> list[_Kept]:
    """What this transaction has enqueued and marked, still live (none outside a transaction)."""
    return [
        entry[1] for entry in connection.run_on_commit if isinstance(entry[1], _Kept) and not entry[1].spent
    ]


def _spend_this_transaction() -> None:
    """A check is running on this connection: what its transaction marked and enqueued before is taken up by it, so a
    child marked after it is marked and enqueued again."""
    for entry in _this_transaction():
        entry.spent = True


def _enqueue_once_per_transaction() -> None:
    """Enqueue a check in the transaction that marked the children (ADR 23: the task commits with the change), once
    per transaction: a task enqueued before this transaction could run before it commits and miss its children. The
    task enqueued in this transaction is still waiting until it commits (no worker sees it before), unless a check
    ran in this same transaction since (`_spend_this_transaction`), or ran as it was enqueued."""
    if any(isinstance(entry, _Enqueued) for entry in _this_transaction()):
        return
    result = quality_check_pending.enqueue()
    if result.status == TaskResultStatus.READY and connection.in_atomic_block:
        transaction.on_commit(_Enqueued(str(result.id)))


def quality_mark(child_id: int) -> None:
    """A change was written about the child: mark them to be checked again (`since` moves on, so a check already
    running leaves the mark for the next), and enqueue the check with the change. Once a transaction: its second
    change about the child commits with the first, so the mark already made covers it."""
    key = str(child_id)
    if any(isinstance(entry, _Marked) and entry.key == key for entry in _this_transaction()):
        return
    now = clock.now()
    updated = QualityPending.objects.filter(child_id=child_id).update(since=now)
    if not updated:
        QualityPending.objects.bulk_create(
            [QualityPending(child_id=child_id, since=now)], ignore_conflicts=True
        )
    if connection.in_atomic_block:
        transaction.on_commit(_Marked(key))
    _enqueue_once_per_transaction()


def quality_mark_all(child_ids: Iterable[int]) -> int:
    """Mark many children (after a bulk load, or another holder of a UPN) for the queue to check."""
    now = clock.now()
    ids = list(child_ids)
    QualityPending.objects.filter(child_id__in=ids).update(since=now)
    QualityPending.objects.bulk_create(
        [QualityPending(child_id=pk, since=now) for pk in ids], ignore_conflicts=True, batch_size=5000
    )
    if ids:
        _enqueue_once_per_transaction()
    return len(ids)


def quality_check_pending_now(limit: int = BATCH) -> int:
    """Check up to `limit` pending children, oldest first; returns how many are still pending. A mark is cleared
    only if it is the one read: a child marked again meanwhile (even by a transaction committing while the check
    ran) keeps their mark and is checked again."""
    _spend_this_transaction()
    read = list(QualityPending.objects.order_by("since").values_list("child_id", "since")[:limit])
    if read:
        quality_check([pk for pk, _ in read])
        done = Q()
        for pk, since in read:
            done |= Q(child_id=pk, since=since)
        QualityPending.objects.filter(done).delete()
    return QualityPending.objects.count()


@background("Census data quality check", retries=3)
def quality_check_pending() -> int:
    """Check a batch of pending children; enqueue the next batch while any are left."""
    left = quality_check_pending_now()
    if left:
        quality_check_pending.enqueue()
    return left


def pending_count() -> int:
    return QualityPending.objects.count()
