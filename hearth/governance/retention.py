"""How long each record is kept (issue 20, ADR 41): the rule a record falls under, by the highest status the child
reached (adopted, care leaver, looked after, child protection, child in need, otherwise a contact or early help) or,
for an adult no longer linked to any child, from the record's last change; the period is a council setting
(`hearth/core/council_settings.py`) with its source, confirmed once the council has set it itself.

A record is due for review when its period has ended, it has no open work and no legal hold is in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from hearth.care.models import CareEpisode, CareLeaverStatus, LegalOrder, OrderKind
from hearth.children_in_need.models import CinEpisode
from hearth.core import clock
from hearth.core.council_settings import DECLARED, setting_value
from hearth.core.idlists import ids_in
from hearth.core.models import ChangeLog, CouncilSetting
from hearth.documents.models import Document, DocumentStatus, RetentionClass
from hearth.governance.models import LegalHold
from hearth.people.models import HouseholdMembership, Person, RecordKind, Relationship
from hearth.protection.models import ChildProtectionPlan

BIRTH = "date of birth"
ADOPTION_ORDER = "adoption order"
LAST_CHANGE = "last change to the record"


@dataclass(frozen=True)
class RetentionRule:
    key: str
    title: str
    setting: str
    counted_from: str

    @property
    def source(self) -> str:
        return DECLARED[self.setting].source


# Highest first: a child's record falls under the first rule whose status it reached.
ADOPTED = RetentionRule("adopted", "Adopted child", "retention_years_adopted", ADOPTION_ORDER)
CARE_LEAVER = RetentionRule("care_leaver", "Care leaver", "retention_years_care_leaver", BIRTH)
LOOKED_AFTER = RetentionRule("looked_after", "Child looked after", "retention_years_looked_after", BIRTH)
CHILD_PROTECTION = RetentionRule(
    "child_protection", "Child on a child protection plan", "retention_years_child_protection", BIRTH
)
CHILD_IN_NEED = RetentionRule("child_in_need", "Child in need", "retention_years_child_in_need", BIRTH)
OTHER_CHILD = RetentionRule(
    "other_child", "Child known through a contact or early help", "retention_years_other_child", BIRTH
)
ADULT = RetentionRule(
    "adult", "Adult no longer linked to a child's record", "retention_years_adult", LAST_CHANGE
)
RULES = (ADOPTED, CARE_LEAVER, LOOKED_AFTER, CHILD_PROTECTION, CHILD_IN_NEED, OTHER_CHILD, ADULT)


@dataclass(frozen=True)
class Confirmation:
    years: int
    confirmed: bool
    note: str
    effective_from: date | None


def rule_confirmation(rule: RetentionRule, on: date) -> Confirmation:
    """The period in force and whether the council has confirmed it (set it itself, from a date on or before)."""
    row = (
        CouncilSetting.objects.filter(key=rule.setting, effective_from__lte=on)
        .select_related("set_by")
        .order_by("-effective_from")
        .first()
    )
    years = int(setting_value(rule.setting, on))
    if row is None:
        return Confirmation(years, False, "", None)
    who = f" by {row.set_by.full_name}" if row.set_by else ""
    return Confirmation(years, True, f"{row.note or 'Set'}{who}", row.effective_from)


@dataclass(frozen=True)
class Retention:
    person: Person
    rule: RetentionRule
    years: int
    confirmed: bool
    counted_from: date | None  # None: no date to count from (no date of birth, say)
    ends_on: date | None
    open_work: bool
    linked_children: int  # for an adult: the children's records it is kept with
    held: LegalHold | None

    @property
    def ended(self) -> bool:
        return self.ends_on is not None and self.ends_on <= clock.today()

    @property
    def due(self) -> bool:
        return self.ended and not self.open_work and self.linked_children == 0

    def problem(self) -> str | None:
        """Why this record may not be disposed of now (None when it may)."""
        if self.held is not None:
            until = f" until {self.held.until:%-d %B %Y}" if self.held.until else " until it is lifted"
            return (
                f"The record is under a legal hold placed by {self.held.placed_by.full_name} on "
                f"{self.held.placed_at:%-d %B %Y}{until} ({self.held.reason}): it cannot be disposed of while "
                "the hold is in force."
            )
        if self.counted_from is None:
            return (
                f"The record has no {self.rule.counted_from} to count its retention from: review it by hand."
            )
        if self.linked_children:
            return (
                f"The adult's record is kept with the {self.linked_children} child's record"
                f"{'s' if self.linked_children > 1 else ''} it is linked to."
            )
        if not self.ended:
            return f"The record is kept until {self.ends_on:%-d %B %Y} ({self.years} years from its {self.rule.counted_from})."
        if self.open_work:
            return "The record has open work: close it before disposing of the record."
        if not self.confirmed:
            return (
                f"The council has not confirmed the retention period for {self.rule.title.lower()} records "
                f"(setting {self.rule.setting}): confirm it (hearth council_setting) before disposing of any."
            )
        return None


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year with none
        return day.replace(year=day.year + years, day=28)


def _annotated(people: QuerySet[Person]) -> QuerySet[Person]:
    child = OuterRef("pk")
    return people.annotate(
        adopted_on=Subquery(
            LegalOrder.objects.filter(child=child, kind=OrderKind.ADOPTION)
            .order_by("start_date")
            .values("start_date")[:1]
        ),
        was_care_leaver=Exists(CareLeaverStatus.objects.filter(child=child)),
        was_looked_after=Exists(CareEpisode.objects.filter(child=child)),
        was_on_plan=Exists(ChildProtectionPlan.objects.filter(child=child)),
        was_in_need=Exists(CinEpisode.objects.filter(child=child)),
        open_episode=Exists(CinEpisode.objects.filter(child=child, closure_date=None)),
        open_care=Exists(CareEpisode.objects.filter(child=child, end_date=None)),
        open_leaving_care=Exists(CareLeaverStatus.objects.filter(child=child, end_date=None)),
    )


def _adult_facts(adults: list[Person]) -> tuple[dict[int, int], dict[int, date]]:
    """For each adult: how many children's records it is linked to, and the day of its last change."""
    ids = ids_in([adult.pk for adult in adults])
    linked: dict[int, set[int]] = {adult.pk: set() for adult in adults}
    for person_id, other_id in Relationship.objects.filter(
        Q(person_id__in=ids, other__kind=RecordKind.CHILD)
        | Q(other_id__in=ids, person__kind=RecordKind.CHILD)
    ).values_list("person_id", "other_id"):
        if person_id in linked:
            linked[person_id].add(other_id)
        if other_id in linked:
            linked[other_id].add(person_id)
    adults_in: dict[int, set[int]] = {}
    for household_id, adult_id in HouseholdMembership.objects.filter(person_id__in=ids).values_list(
        "household_id", "person_id"
    ):
        adults_in.setdefault(household_id, set()).add(adult_id)
    for household_id, child_id in HouseholdMembership.objects.filter(
        household_id__in=list(adults_in), person__kind=RecordKind.CHILD
    ).values_list("household_id", "person_id"):
        for adult_id in adults_in[household_id]:
            linked[adult_id].add(child_id)
    changed = dict(
        ChangeLog.objects.filter(model="people.person", object_id__in=ids)
        .values("object_id")
        .annotate(last=Max("at"))
        .values_list("object_id", "last")
    )
    last = {
        adult.pk: timezone.localtime(max(adult.created_at, changed.get(adult.pk, adult.created_at))).date()
        for adult in adults
    }
    return {pk: len(children) for pk, children in linked.items()}, last


def _holds(ids: list[int], on: date) -> dict[int, LegalHold]:
    return {
        hold.person_id: hold
        for hold in LegalHold.objects.filter(person_id__in=ids_in(ids), lifted_at=None)
        .filter(Q(until=None) | Q(until__gte=on))
        .select_related("placed_by")
        .order_by("placed_at")
    }


def retention_of(people: list[Person]) -> list[Retention]:
    """The retention of each of these records, read again with what decides it."""
    on = clock.today()
    rows = list(_annotated(Person.objects.filter(pk__in=ids_in([p.pk for p in people]))).order_by("pk"))
    confirmations = {rule.key: rule_confirmation(rule, on) for rule in RULES}
    adults = [p for p in rows if p.kind == RecordKind.ADULT]
    linked, last_change = _adult_facts(adults)
    holds = _holds([p.pk for p in rows], on)
    found = []
    for person in rows:
        rule, start = _rule_for(person, last_change)
        confirmation = confirmations[rule.key]
        found.append(
            Retention(
                person=person,
                rule=rule,
                years=confirmation.years,
                confirmed=confirmation.confirmed,
                counted_from=start,
                ends_on=_years_after(start, confirmation.years) if start else None,
                open_work=any(
                    getattr(person, name) for name in ("open_episode", "open_care", "open_leaving_care")
                ),
                linked_children=linked.get(person.pk, 0),
                held=holds.get(person.pk),
            )
        )
    return found


def _rule_for(person: Person, last_change: dict[int, date]) -> tuple[RetentionRule, date | None]:
    if person.kind == RecordKind.ADULT:
        return ADULT, last_change.get(person.pk)
    born = person.date_of_birth
    adopted_on = getattr(person, "adopted_on", None)
    if adopted_on is not None:
        return ADOPTED, adopted_on
    for rule, reached in (
        (CARE_LEAVER, "was_care_leaver"),
        (LOOKED_AFTER, "was_looked_after"),
        (CHILD_PROTECTION, "was_on_plan"),
        (CHILD_IN_NEED, "was_in_need"),
    ):
        if getattr(person, reached, False):
            return rule, born
    return OTHER_CHILD, born


def record_retention(person: Person) -> Retention:
    return retention_of([person])[0]


def retention_review(*, on: date | None = None) -> list[Retention]:
    """Every record whose retention has ended (held ones included, marked), oldest end first. Children are
    narrowed first to those born before the shortest child period in force; adults to those unchanged for the
    adult period."""
    on = on or clock.today()
    shortest = min(rule_confirmation(rule, on).years for rule in RULES if rule is not ADULT)
    born_before = _years_after(on, -shortest)
    candidates = list(
        Person.objects.filter(merged_into=None)
        .filter(
            Q(kind=RecordKind.CHILD, date_of_birth__lte=born_before)
            | Q(kind=RecordKind.CHILD, date_of_birth=None, created_at__date__lte=born_before)
            | Q(
                kind=RecordKind.ADULT,
                created_at__date__lte=_years_after(on, -rule_confirmation(ADULT, on).years),
            )
        )
        .only("pk")
    )
    found = [
        retention
        for retention in retention_of(candidates)
        if (retention.ended or retention.counted_from is None) and not retention.linked_children
    ]
    return sorted(found, key=lambda r: (r.ends_on or date.min, r.person.person_number))


# Documents (issue 20): a document is kept with the record it is on, by its type's retention class, except a working
# copy (`RetentionClass.SHORT`), kept for the council's period from the case closing: the latest closure of the
# child's episodes, or the document's own date if later; never while the child has open work.
WORKING_COPY = RetentionRule(
    "working_copy",
    "Working copy",
    "retention_years_working_copy",
    "case closing (or the document's date, if later)",
)


@dataclass(frozen=True)
class DocumentRetention:
    document: Document
    years: int
    confirmed: bool
    counted_from: date
    ends_on: date
    open_work: bool
    held: LegalHold | None

    @property
    def rule(self) -> RetentionRule:
        return WORKING_COPY

    @property
    def ended(self) -> bool:
        return self.ends_on <= clock.today()

    def problem(self) -> str | None:
        if self.held is not None:
            return (
                f"The child's record is under a legal hold placed by {self.held.placed_by.full_name} on "
                f"{self.held.placed_at:%-d %B %Y} ({self.held.reason}): its documents cannot be disposed of while "
                "the hold is in force."
            )
        if self.open_work:
            return "The child has open work: a working copy is kept until the case closes."
        if not self.ended:
            return f"The document is kept until {self.ends_on:%-d %B %Y} ({self.years} years from the {WORKING_COPY.counted_from})."
        if not self.confirmed:
            return (
                "The council has not confirmed the retention period for working copies (setting "
                f"{WORKING_COPY.setting}): confirm it (hearth council_setting) before disposing of any."
            )
        return None


def _working_copies(documents: QuerySet[Document], on: date) -> list[DocumentRetention]:
    child = OuterRef("child")
    rows = list(
        documents.filter(document_type__retention=RetentionClass.SHORT, status=DocumentStatus.AVAILABLE)
        .annotate(
            closed_on=Subquery(
                CinEpisode.objects.filter(child=child).order_by("-closure_date").values("closure_date")[:1]
            ),
            open_episode=Exists(CinEpisode.objects.filter(child=child, closure_date=None)),
            open_care=Exists(CareEpisode.objects.filter(child=child, end_date=None)),
        )
        .select_related("child", "document_type")
        .order_by("document_date", "pk")
    )
    confirmation = rule_confirmation(WORKING_COPY, on)
    holds = _holds(sorted({row.child_id for row in rows}), on)
    found = []
    for document in rows:
        start = max(filter(None, (document.document_date, getattr(document, "closed_on", None))))
        found.append(
            DocumentRetention(
                document=document,
                years=confirmation.years,
                confirmed=confirmation.confirmed,
                counted_from=start,
                ends_on=_years_after(start, confirmation.years),
                open_work=bool(
                    getattr(document, "open_episode", False) or getattr(document, "open_care", False)
                ),
                held=holds.get(document.child_id),
            )
        )
    return found


def document_retention(document: Document) -> DocumentRetention | None:
    """A working copy's retention; None for any other document (kept with its record)."""
    found = _working_copies(Document.objects.filter(pk=document.pk), clock.today())
    return found[0] if found else None


def documents_review(*, on: date | None = None) -> list[DocumentRetention]:
    """Every working copy whose period has ended, oldest end first."""
    on = on or clock.today()
    latest = _years_after(on, -rule_confirmation(WORKING_COPY, on).years)
    return [
        item for item in _working_copies(Document.objects.filter(document_date__lte=latest), on) if item.ended
    ]
