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
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import Count
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hearth.core import clock
from hearth.core.codesets import AssessmentFactor
from hearth.core.tasks import background
from hearth.people.models import Person
from hearth.quality.models import QualityFailure, QualityPending
from hearth.returns.cin_census import census_children, cin_census_write_children
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


def _validator_failures(people: dict[int, Person], year: int) -> list[Found]:
    """The validator over these children's census for the year (those in it)."""
    number_to_pk = {person.person_number: pk for pk, person in people.items()}
    with tempfile.TemporaryDirectory(prefix="hearth-quality-") as folder:
        path = Path(folder) / f"quality_{year}.xml"
        with path.open("w", encoding="utf-8") as handle:
            written = cin_census_write_children(list(people), year, handle, now=clock.now())
        if not written:
            return []
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


def _factor_21_alone(child_ids: list[int], year: int) -> list[Found]:
    """Rule 8869, which the pinned validator never fires: factor 21 (no factors) given with other factors."""
    found = []
    for pk, child in census_children(child_ids, year):
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


def _shared_upns(child_ids: list[int], year: int) -> list[Found]:
    """Rule 1520 across the whole council (a batch sees only itself): a UPN held by two children in the census."""
    mine = dict(Person.objects.filter(pk__in=child_ids).exclude(upn="").values_list("pk", "upn"))
    if not mine:
        return []
    in_census = {pk for pk, _ in census_children(list(mine), year)}
    shared = set(
        Person.objects.filter(upn__in=set(mine.values()))
        .values("upn")
        .annotate(holders=Count("pk"))
        .filter(holders__gt=1)
        .values_list("upn", flat=True)
    )
    return [
        Found(
            pk,
            "1520",
            False,
            "ChildIdentifiers",
            "UPN",
            upn,
            "More than one record with the same UPN.",
        )
        for pk, upn in mine.items()
        if upn in shared and pk in in_census
    ]


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
        for year in years:
            for item in (
                _validator_failures(people, year) + _factor_21_alone(chunk, year) + _shared_upns(chunk, year)
            ):
                found.append((year, item))
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
                    for year, item in _unique(found)
                ],
                batch_size=2000,
            )
        total += len(found)
    return total


def _unique(found: list[tuple[int, Found]]) -> list[tuple[int, Found]]:
    seen: set[tuple[int, Found]] = set()
    kept = []
    for item in found:
        if item not in seen:
            seen.add(item)
            kept.append(item)
    return kept


# Marking children as their records change, and the queue's task that checks them.


def quality_mark(child_id: int) -> None:
    """A change was written about the child: mark them to be checked again, and enqueue the check in the same
    transaction unless one is already waiting (ADR 23: the task is committed with the change, or neither is)."""
    now = clock.now()
    updated = QualityPending.objects.filter(child_id=child_id).update(since=now)
    if not updated:
        QualityPending.objects.bulk_create(
            [QualityPending(child_id=child_id, since=now)], ignore_conflicts=True
        )
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=quality_check_pending.module_path
    ).exists()
    if not waiting:
        quality_check_pending.enqueue()


def quality_mark_all(child_ids: Iterable[int]) -> int:
    """Mark many children (after a bulk load) for the queue to check."""
    now = clock.now()
    ids = list(child_ids)
    QualityPending.objects.filter(child_id__in=ids).update(since=now)
    QualityPending.objects.bulk_create(
        [QualityPending(child_id=pk, since=now) for pk in ids], ignore_conflicts=True, batch_size=5000
    )
    return len(ids)


def quality_check_pending_now(limit: int = BATCH) -> int:
    """Check up to `limit` pending children, oldest first; returns how many are still pending."""
    started = clock.now()
    ids = list(QualityPending.objects.order_by("since").values_list("child_id", flat=True)[:limit])
    if ids:
        quality_check(ids)
        QualityPending.objects.filter(child_id__in=ids, since__lte=started).delete()
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
