"""Import an earlier CIN census as history (issue 6 item 4): the reverse of `cin_census.py`.

Two steps. `census_read` parses the file (defusedxml) into plain values and checks every element and field; any
problem there (malformed XML, another year, a child twice, a bad date or code, a plan ending before it starts)
refuses the whole file. `census_load` then writes it in one transaction, matching what is already held so that
importing the same file twice changes nothing: a child by LAchildID (person_number), an episode by (child,
referral date), an assessment by (episode, start date), a CIN plan by (episode, start date), a section 47 by
(episode, start date), a child protection plan by (child, start date), a review by (plan, date). Existing records
are only filled in where the file has a value and the record has none; a different value already held is kept
and reported as not loaded.

Each created record gets its audit row, and each child's history is written as the events the services would
have written (`event_record`, in date order), so the chronology shows the imported history and the timescale
engine holds the obligations it implies: the census's InitialCPCtarget is read back from the `cp.icpc` clock the
imported strategy discussion starts, as for work recorded in Hearth.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse as parse_xml
from django.db import models, transaction

from hearth.children_in_need.models import Assessment, AssessmentKind, CinEpisode, CinPlan
from hearth.children_in_need.services import ReferralDecision, referrals_in_year_before
from hearth.core import clock
from hearth.core.audit import audit_change, snapshot
from hearth.core.codesets import (
    AssessmentFactor,
    CategoryOfAbuse,
    Disability,
    Ethnicity,
    PrimaryNeed,
    ReasonForClosure,
    ReferralSource,
    Sex,
    UpnUnknown,
)
from hearth.core.events import event_record
from hearth.core.identifiers import normalise_upn, upn_is_valid
from hearth.core.models import ChangeLog, Obligation
from hearth.organisation.models import StaffUser
from hearth.people.models import NameToken, Person, PersonDisability, RecordKind
from hearth.people.services.person import name_tokens_for
from hearth.protection.models import (
    ChildParticipation,
    ChildProtectionPlan,
    Conference,
    ConferenceDecision,
    ConferenceKind,
    Section47Enquiry,
    Section47Outcome,
    StrategyDiscussion,
)
from hearth.returns.cin_census import SEX_FROM_YEAR, CensusPeriod
from hearth.returns.exporter import system_user

IMPORTED = "Imported from the CIN census"
# GenderCurrent (to 2023/24) to Hearth's sex: 0 not recorded or unborn and 9 indeterminate both become U.
SEX_OF_GENDER_CURRENT = {
    "1": Sex.MALE.value,
    "2": Sex.FEMALE.value,
    "0": Sex.UNKNOWN.value,
    "9": Sex.UNKNOWN.value,
}
TRUE_FALSE = {"true": True, "1": True, "false": False, "0": False}
# Dates a census may hold after its ReferenceDate.
FUTURE_ALLOWED = {"ExpectedPersonBirthDate", "InitialCPCtarget"}
# Same-day events in the order the work happens.
EVENT_ORDER = [
    "person.created",
    "referral.received",
    "referral.decided",
    "strategy_discussion.held",
    "s47.started",
    "assessment.started",
    "assessment.submitted",
    "assessment.completed",
    "icpc.held",
    "icpc.not_required",
    "cp_plan.started",
    "cin_plan.started",
    "rcpc.held",
    "cp_plan.ended",
    "cin_plan.ended",
    "cin_episode.closed",
]


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class ImportReport:
    """What happened: problems that refused the file, values not loaded, and rows created or filled in."""

    year: int
    refused: list[Problem] = field(default_factory=list)
    not_loaded: list[Problem] = field(default_factory=list)
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    children: int = 0

    @property
    def ok(self) -> bool:
        return not self.refused

    def lines(self) -> list[str]:
        if self.refused:
            return [
                f"Refused: nothing was loaded. {len(self.refused)} problem(s) in the file:",
                *(f"  {problem}" for problem in self.refused),
            ]
        made = ", ".join(f"{name} {count}" for name, count in sorted(self.created.items())) or "nothing new"
        filled = ", ".join(f"{name} {count}" for name, count in sorted(self.updated.items())) or "none"
        lines = [
            f"Loaded the CIN census {self.year}: {self.children} children. Created {made}. Filled in {filled}."
        ]
        if self.not_loaded:
            lines.append(f"Not loaded ({len(self.not_loaded)}):")
            lines += [f"  {problem}" for problem in self.not_loaded]
        return lines


class CensusRefused(Exception):
    def __init__(self, report: ImportReport) -> None:
        super().__init__("\n".join(report.lines()))
        self.report = report


# The file's values, checked.


@dataclass
class AssessmentIn:
    where: str
    start_date: date
    completed_on: date | None
    authorisation_date: date | None
    factors: list[str]


@dataclass
class CinPlanIn:
    where: str
    start_date: date
    end_date: date | None


@dataclass
class Section47In:
    where: str
    start_date: date
    icpc_target: date | None
    icpc_date: date | None
    icpc_not_required: bool


@dataclass
class CpPlanIn:
    where: str
    start_date: date
    end_date: date | None
    initial_category: str
    latest_category: str
    previous_plans: int | None
    reviews: list[date]


@dataclass
class DetailsIn:
    where: str
    referral_date: date
    referral_source: str
    primary_need: str
    closure_date: date | None
    reason_for_closure: str
    referral_nfa: bool
    icpc_date: date | None
    assessments: list[AssessmentIn]
    cin_plans: list[CinPlanIn]
    section_47s: list[Section47In]
    cp_plans: list[CpPlanIn]


@dataclass
class ChildIn:
    where: str
    person_number: str
    values: dict[str, Any]  # Person fields the file gives (upn, sex, dates, ethnicity ...)
    disabilities: list[str]
    details: list[DetailsIn]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Reader:
    """Reads elements into values, noting each problem by element and field."""

    def __init__(self, period: CensusPeriod) -> None:
        self.period = period
        self.problems: list[Problem] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def text(self, parent: ET.Element, tag: str) -> str:
        found = parent.find(tag)
        return (found.text or "").strip() if found is not None else ""

    def date_of(self, parent: ET.Element, tag: str, where: str, *, required: bool = False) -> date | None:
        raw = self.text(parent, tag)
        if not raw:
            if required:
                self.problem(f"{where} / {tag}", "missing")
            return None
        try:
            value = date.fromisoformat(raw) if len(raw) == 10 else None
        except ValueError:
            value = None
        if value is None:
            self.problem(f"{where} / {tag}", f"not a date (YYYY-MM-DD): {raw!r}")
            return None
        if tag not in FUTURE_ALLOWED and value > self.period.end:
            self.problem(f"{where} / {tag}", f"{value} is after the census ReferenceDate {self.period.end}")
        return value

    def code(
        self,
        parent: ET.Element,
        tag: str,
        codes: type[models.TextChoices],
        where: str,
        *,
        required: bool = False,
    ) -> str:
        raw = self.text(parent, tag)
        if not raw:
            if required:
                self.problem(f"{where} / {tag}", "missing")
            return ""
        if raw not in codes.values:
            self.problem(f"{where} / {tag}", f"{raw!r} is not a code of the list")
            return ""
        return raw

    def boolean(self, parent: ET.Element, tag: str, where: str) -> bool:
        raw = self.text(parent, tag).lower()
        if raw not in TRUE_FALSE:
            self.problem(f"{where} / {tag}", f"not true or false: {raw!r}" if raw else "missing")
            return False
        return TRUE_FALSE[raw]

    def ends_after(
        self, start: date | None, end: date | None, where: str, start_tag: str, end_tag: str
    ) -> None:
        if start is not None and end is not None and end < start:
            self.problem(f"{where} / {end_tag}", f"{end} is before the {start_tag} {start}")

    # Elements.

    def header(self, root: ET.Element) -> None:
        where = "Header / CollectionDetails"
        collection = root.find("Header/CollectionDetails")
        if collection is None:
            self.problem(where, "missing: this is not a CIN census file")
            return
        if self.text(collection, "Collection") != "CIN":
            self.problem(f"{where} / Collection", f"{self.text(collection, 'Collection')!r}, not 'CIN'")
        year = self.text(collection, "Year")
        if year != str(self.period.year):
            self.problem(f"{where} / Year", f"{year or 'missing'}, but --year is {self.period.year}")
        reference = self.text(collection, "ReferenceDate")
        if reference != self.period.end.isoformat():
            self.problem(
                f"{where} / ReferenceDate",
                f"{reference or 'missing'}, but the year {self.period.year} ends {self.period.end}",
            )

    def child(self, element: ET.Element, index: int) -> ChildIn | None:
        identifiers = element.find("ChildIdentifiers")
        number = self.text(identifiers, "LAchildID") if identifiers is not None else ""
        where = f"Child {number}" if number else f"Child {index} (no LAchildID)"
        if identifiers is None:
            self.problem(f"{where} / ChildIdentifiers", "missing")
            return None
        if not number:
            self.problem(f"{where} / LAchildID", "missing")
        elif len(number) > 20 or not number.isalnum():
            self.problem(f"{where} / LAchildID", "must be at most 20 letters and digits")
        values: dict[str, Any] = {}
        for tag, name in (("UPN", "upn"), ("FormerUPN", "former_upn")):
            upn = normalise_upn(self.text(identifiers, tag))
            if upn and not upn_is_valid(upn):
                self.problem(
                    f"{where} / {tag}", f"{upn!r} is not a UPN (13 characters, correct check letter)"
                )
            values[name] = upn
        values["upn_unknown"] = self.code(identifiers, "UPNunknown", UpnUnknown, where)
        values["date_of_birth"] = self.date_of(identifiers, "PersonBirthDate", where)
        values["expected_date_of_birth"] = self.date_of(identifiers, "ExpectedPersonBirthDate", where)
        if values["date_of_birth"] and values["expected_date_of_birth"]:
            # Born since: Hearth holds one or the other (the census reads the birth date when there is one).
            values["expected_date_of_birth"] = None
        if self.period.year >= SEX_FROM_YEAR:
            values["sex"] = self.code(identifiers, "Sex", Sex, where, required=True)
            if identifiers.find("GenderCurrent") is not None:
                self.problem(f"{where} / GenderCurrent", f"replaced by Sex from {SEX_FROM_YEAR}")
        else:
            gender = self.text(identifiers, "GenderCurrent")
            if gender not in SEX_OF_GENDER_CURRENT:
                self.problem(
                    f"{where} / GenderCurrent", f"{gender!r} is not 1, 2, 0 or 9" if gender else "missing"
                )
            values["sex"] = SEX_OF_GENDER_CURRENT.get(gender, "")
        values["date_of_death"] = self.date_of(identifiers, "PersonDeathDate", where)
        self.ends_after(
            values["date_of_birth"], values["date_of_death"], where, "PersonBirthDate", "PersonDeathDate"
        )
        characteristics = element.find("ChildCharacteristics")
        disabilities: list[str] = []
        if characteristics is not None:
            values["ethnicity"] = self.code(characteristics, "Ethnicity", Ethnicity, where)
            for number_, disability in enumerate(characteristics.findall("Disabilities/Disability"), 1):
                code = (disability.text or "").strip()
                if code not in Disability.values:
                    self.problem(f"{where} / Disability {number_}", f"{code!r} is not a code of the list")
                elif code not in disabilities:
                    disabilities.append(code)
            if "NONE" in disabilities and len(disabilities) > 1:
                self.problem(f"{where} / Disabilities", "NONE cannot be given with other disabilities")
        details = [
            self.details(item, f"{where} / CINdetails {position}")
            for position, item in enumerate(element.findall("CINdetails"), 1)
        ]
        if not details:
            self.problem(f"{where} / CINdetails", "missing: a child in the census has at least one")
        referrals = [d.referral_date for d in details if d is not None]
        if len(referrals) != len(set(referrals)):
            self.problem(f"{where} / CINdetails", "two episodes with the same CINreferralDate")
        if not number or any(d is None for d in details):
            return None
        return ChildIn(where, number, values, disabilities, [d for d in details if d is not None])

    def details(self, element: ET.Element, where: str) -> DetailsIn | None:
        referral = self.date_of(element, "CINreferralDate", where, required=True)
        source = self.code(element, "ReferralSource", ReferralSource, where, required=True)
        closure = self.date_of(element, "CINclosureDate", where)
        reason = self.code(element, "ReasonForClosure", ReasonForClosure, where)
        self.ends_after(referral, closure, where, "CINreferralDate", "CINclosureDate")
        if closure is not None and closure < self.period.start:
            self.problem(
                f"{where} / CINclosureDate", f"{closure} is before the year began ({self.period.start})"
            )
        if reason and closure is None:
            self.problem(f"{where} / ReasonForClosure", "given without a CINclosureDate")
        assessments = []
        for position, item in enumerate(element.findall("Assessments"), 1):
            at = f"{where} / Assessments {position}"
            start = self.date_of(item, "AssessmentActualStartDate", at, required=True)
            completed = self.date_of(item, "AssessmentInternalReviewDate", at)
            authorised = self.date_of(item, "AssessmentAuthorisationDate", at)
            self.ends_after(start, authorised, at, "AssessmentActualStartDate", "AssessmentAuthorisationDate")
            self.ends_after(start, completed, at, "AssessmentActualStartDate", "AssessmentInternalReviewDate")
            factors: list[str] = []
            for number, factor in enumerate(
                item.findall("FactorsIdentifiedAtAssessment/AssessmentFactors"), 1
            ):
                code = (factor.text or "").strip()
                if code not in AssessmentFactor.values:
                    self.problem(f"{at} / AssessmentFactors {number}", f"{code!r} is not a code of the list")
                elif code not in factors:
                    factors.append(code)
            if start is not None:
                assessments.append(AssessmentIn(at, start, completed, authorised, factors))
        cin_plans = []
        for position, item in enumerate(element.findall("CINPlanDates"), 1):
            at = f"{where} / CINPlanDates {position}"
            start = self.date_of(item, "CINPlanStartDate", at, required=True)
            end = self.date_of(item, "CINPlanEndDate", at)
            self.ends_after(start, end, at, "CINPlanStartDate", "CINPlanEndDate")
            if start is not None:
                cin_plans.append(CinPlanIn(at, start, end))
        section_47s = []
        for position, item in enumerate(element.findall("Section47"), 1):
            at = f"{where} / Section47 {position}"
            start = self.date_of(item, "S47ActualStartDate", at, required=True)
            target = self.date_of(item, "InitialCPCtarget", at)
            held = self.date_of(item, "DateOfInitialCPC", at)
            not_required = self.boolean(item, "ICPCnotRequired", at)
            self.ends_after(start, held, at, "S47ActualStartDate", "DateOfInitialCPC")
            if held is not None and not_required:
                self.problem(f"{at} / ICPCnotRequired", "true, but a DateOfInitialCPC is given")
            if start is not None:
                section_47s.append(Section47In(at, start, target, held, not_required))
        nfa = self.boolean(element, "ReferralNFA", where)
        cp_plans = []
        for position, item in enumerate(element.findall("ChildProtectionPlans"), 1):
            at = f"{where} / ChildProtectionPlans {position}"
            start = self.date_of(item, "CPPstartDate", at, required=True)
            end = self.date_of(item, "CPPendDate", at)
            self.ends_after(start, end, at, "CPPstartDate", "CPPendDate")
            initial = self.code(item, "InitialCategoryOfAbuse", CategoryOfAbuse, at, required=True)
            latest = self.code(item, "LatestCategoryOfAbuse", CategoryOfAbuse, at, required=True)
            raw = self.text(item, "NumberOfPreviousCPP")
            previous = int(raw) if raw.isdigit() else None
            if raw and previous is None:
                self.problem(f"{at} / NumberOfPreviousCPP", f"not a whole number: {raw!r}")
            reviews: list[date] = []
            for number, review in enumerate(item.findall("Reviews/CPPreviewDate"), 1):
                raw_day = (review.text or "").strip()
                try:
                    day = date.fromisoformat(raw_day) if len(raw_day) == 10 else None
                except ValueError:
                    day = None
                tag = f"{at} / CPPreviewDate {number}"
                if day is None:
                    self.problem(tag, f"not a date (YYYY-MM-DD): {raw_day!r}")
                elif start is not None and day < start:
                    self.problem(tag, f"{day} is before the CPPstartDate {start}")
                elif end is not None and day > end:
                    self.problem(tag, f"{day} is after the CPPendDate {end}")
                elif day > self.period.end:
                    self.problem(tag, f"{day} is after the census ReferenceDate {self.period.end}")
                elif day not in reviews:
                    reviews.append(day)
            if start is not None and initial and latest:
                cp_plans.append(CpPlanIn(at, start, end, initial, latest, previous, sorted(reviews)))
        icpc = self.date_of(element, "DateOfInitialCPC", where)
        if referral is None or not source:
            return None
        return DetailsIn(
            where,
            referral,
            source,
            self.code(element, "PrimaryNeedCode", PrimaryNeed, where),
            closure,
            reason,
            nfa,
            icpc,
            assessments,
            cin_plans,
            section_47s,
            cp_plans,
        )


def census_read(path: Path, year: int) -> tuple[list[ChildIn], ImportReport]:
    """Parse and check the file. The report's `refused` lists every problem; when it has any, load nothing."""
    report = ImportReport(year)
    reader = _Reader(CensusPeriod(year))
    try:
        root: ET.Element | None = parse_xml(path).getroot()
    except ET.ParseError as error:
        report.refused.append(Problem(path.name, f"not well-formed XML ({error})"))
        return [], report
    except DefusedXmlException as error:
        report.refused.append(Problem(path.name, f"refused: the XML uses a forbidden construct ({error})"))
        return [], report
    except OSError as error:
        report.refused.append(Problem(str(path), f"cannot be read ({error.strerror})"))
        return [], report
    for element in root.iter() if root is not None else []:
        element.tag = _local(element.tag)
    if root is None or root.tag != "Message":
        report.refused.append(
            Problem(
                root.tag if root is not None else path.name,
                "the root element is not Message: this is not a CIN census",
            )
        )
        return [], report
    reader.header(root)
    children: list[ChildIn] = []
    seen: dict[str, int] = {}
    for index, element in enumerate(root.findall("Children/Child"), 1):
        child = reader.child(element, index)
        number = child.person_number if child else ""
        if number and number in seen:
            reader.problem(
                f"Child {number} / LAchildID", f"the same child again (first as child {seen[number]})"
            )
        elif number:
            seen[number] = index
        if child is not None:
            children.append(child)
    report.refused = reader.problems
    return children, report


# Writing.


@dataclass(order=True)
class _Pending:
    on: date
    rank: int
    type: str = field(compare=False)
    record: models.Model = field(compare=False)
    payload: dict[str, Any] = field(compare=False, default_factory=dict)


class _Loader:
    def __init__(self, report: ImportReport, by: StaffUser) -> None:
        self.report = report
        self.by = by
        self.system = system_user()
        self.today = clock.today()
        self.events: list[_Pending] = []
        self.fresh: dict[tuple[type[models.Model], Any], ChangeLog] = {}

    def event(self, on: date, type: str, record: models.Model, payload: dict[str, Any] | None = None) -> None:
        self.events.append(_Pending(on, EVENT_ORDER.index(type), type, record, payload or {}))

    def create(
        self, model: type[models.Model], child_id: int | None, *, exclude: tuple[str, ...] = (), **values: Any
    ) -> Any:
        instance = model(**values)
        instance.full_clean(exclude=list(exclude), validate_constraints=False)
        instance.save()
        # Kept so that filling in a record just created amends its one create row rather than adding an update.
        self.fresh[(model, instance.pk)] = audit_change(
            user=self.by, instance=instance, action="create", before=None, child_id=child_id
        )
        self.report.created[model.__name__] += 1
        return instance

    def fill(self, instance: Any, values: dict[str, Any], where: str, child_id: int) -> list[str]:
        """Set the fields the record has no value for; report those that differ. Returns the fields set."""
        before = snapshot(instance)
        changed = []
        for name, value in values.items():
            if value in (None, ""):
                continue
            held = getattr(instance, name)
            if held == value:
                continue
            if held in (None, "", []) or (name == "sex" and held == Sex.UNKNOWN):
                setattr(instance, name, value)
                changed.append(name)
            elif held != value and not (name == "sex" and value == Sex.UNKNOWN):
                self.report.not_loaded.append(
                    Problem(
                        f"{where} / {name}",
                        f"the file has {_show(value)}; Hearth already holds {_show(held)}",
                    )
                )
        if not changed:
            return changed
        instance.save(update_fields=changed)
        created = self.fresh.get((type(instance), instance.pk))
        if created is not None:
            created.after = snapshot(instance)
            created.save(update_fields=["after"])
        else:
            audit_change(user=self.by, instance=instance, action="update", before=before, child_id=child_id)
            self.report.updated[type(instance).__name__] += 1
        return changed

    def child(self, data: ChildIn) -> None:
        self.events = []
        person = Person.objects.select_for_update().filter(person_number=data.person_number).first()
        if person is None:
            values = {key: value for key, value in data.values.items() if value not in (None, "")}
            person = self.create(
                Person,
                None,
                person_number=data.person_number,
                kind=RecordKind.CHILD,
                forename="Child",
                surname=data.person_number,
                warnings=f"{IMPORTED}: name not recorded in the return",
                created_at=clock.now(),
                created_by=self.by,
                **values,
            )
            NameToken.objects.bulk_create(name_tokens_for(person))
            self.event(self.today, "person.created", person)
        elif person.kind != RecordKind.CHILD:
            self.report.not_loaded.append(
                Problem(
                    f"{data.where} / LAchildID",
                    "Hearth holds this number for an adult: the child is not loaded",
                )
            )
            return
        else:
            values = dict(data.values)
            if person.date_of_birth is not None:
                values.pop("expected_date_of_birth")
            self.fill(person, values, data.where, person.pk)
        held_codes = set(PersonDisability.objects.filter(person=person).values_list("code", flat=True))
        for code in data.disabilities:
            if code == "NONE" and held_codes - {"NONE"}:
                continue
            if code not in held_codes:
                self.create(PersonDisability, person.pk, person=person, code=code)
        for details in data.details:
            self.details(person, details)
        for pending in sorted(self.events):
            event_record(
                child_id=person.pk,
                type=pending.type,
                occurred_on=pending.on,
                recorded_by=self.by,
                record=pending.record,
                payload=pending.payload,
                summary=f"{IMPORTED}: record created" if pending.type == "person.created" else None,
            )
        for details in data.details:
            self.check_targets(person, details)

    def details(self, person: Person, data: DetailsIn) -> None:
        episode = CinEpisode.objects.filter(child=person, referral_date=data.referral_date).first()
        if episode is None:
            episode = self.create(
                CinEpisode,
                person.pk,
                child=person,
                referral_date=data.referral_date,
                referral_source=data.referral_source,
                primary_need=data.primary_need,
                referral_nfa=data.referral_nfa,
            )
            self.event(
                data.referral_date,
                "referral.received",
                episode,
                {
                    "source": ReferralSource(data.referral_source).label,
                    "re_referral": referrals_in_year_before(episode) > 0,
                },
            )
            decision = (
                ReferralDecision.NO_FURTHER_ACTION
                if data.referral_nfa
                else ReferralDecision.ASSESSMENT
                if data.assessments
                else ReferralDecision.STRATEGY_DISCUSSION
                if data.section_47s
                else None
            )
            if decision is not None:
                self.event(data.referral_date, "referral.decided", episode, {"decision": decision.label})
        else:
            self.fill(
                episode,
                {
                    "referral_source": data.referral_source,
                    "primary_need": data.primary_need,
                },
                data.where,
                person.pk,
            )
            if episode.referral_nfa != data.referral_nfa:
                self.report.not_loaded.append(
                    Problem(
                        f"{data.where} / ReferralNFA",
                        f"the file has {_show(data.referral_nfa)}; Hearth already holds {_show(episode.referral_nfa)}",
                    )
                )
        if data.closure_date is not None and "closure_date" in self.fill(
            episode,
            {"closure_date": data.closure_date, "reason_for_closure": data.reason_for_closure},
            data.where,
            person.pk,
        ):
            self.event(
                data.closure_date,
                "cin_episode.closed",
                episode,
                {
                    "reason": ReasonForClosure(data.reason_for_closure).label
                    if data.reason_for_closure
                    else "",
                    "reason_code": data.reason_for_closure,
                },
            )
        for assessment in data.assessments:
            self.assessment(person, episode, assessment)
        for plan in data.cin_plans:
            self.cin_plan(person, episode, plan)
        plans = {plan.start_date: self.cp_plan(person, episode, plan) for plan in data.cp_plans}
        icpc_dates = set()
        for enquiry in data.section_47s:
            self.section_47(person, episode, enquiry, plans)
            icpc_dates.add(enquiry.icpc_date)
        if data.icpc_date is not None and data.icpc_date not in icpc_dates:
            self.report.not_loaded.append(
                Problem(
                    f"{data.where} / DateOfInitialCPC",
                    "given on CINdetails without a Section47 holding it: Hearth records it on the enquiry",
                )
            )

    def assessment(self, person: Person, episode: CinEpisode, data: AssessmentIn) -> None:
        kind = {"kind": AssessmentKind.SINGLE.label}
        assessment = Assessment.objects.filter(episode=episode, start_date=data.start_date).first()
        if assessment is None:
            assessment = self.create(
                Assessment, person.pk, episode=episode, start_date=data.start_date, factors=[]
            )
            self.event(data.start_date, "assessment.started", assessment, kind)
        changed = self.fill(
            assessment,
            {
                "completed_on": data.completed_on,
                "authorisation_date": data.authorisation_date,
                "factors": data.factors or None,
                "authorisation_rationale": IMPORTED
                if data.authorisation_date and assessment.authorisation_date is None
                else "",
            },
            data.where,
            person.pk,
        )
        if "completed_on" in changed and data.completed_on is not None:
            self.event(data.completed_on, "assessment.submitted", assessment, kind)
        if "authorisation_date" in changed and data.authorisation_date is not None:
            self.event(data.authorisation_date, "assessment.completed", assessment, kind)

    def cin_plan(self, person: Person, episode: CinEpisode, data: CinPlanIn) -> None:
        plan = CinPlan.objects.filter(episode=episode, start_date=data.start_date).first()
        if plan is None:
            plan = self.create(CinPlan, person.pk, episode=episode, start_date=data.start_date)
            self.event(data.start_date, "cin_plan.started", plan)
        if "end_date" in self.fill(plan, {"end_date": data.end_date}, data.where, person.pk):
            assert data.end_date is not None
            self.event(data.end_date, "cin_plan.ended", plan)

    def cp_plan(self, person: Person, episode: CinEpisode, data: CpPlanIn) -> ChildProtectionPlan:
        plan = ChildProtectionPlan.objects.filter(child=person, start_date=data.start_date).first()
        if plan is None:
            plan = self.create(
                ChildProtectionPlan,
                person.pk,
                child=person,
                cin_episode=episode,
                start_date=data.start_date,
                initial_category=data.initial_category,
                latest_category=data.latest_category,
            )
            self.event(
                data.start_date,
                "cp_plan.started",
                plan,
                {"category": CategoryOfAbuse(data.initial_category).label},
            )
        else:
            self.fill(
                plan,
                {
                    "cin_episode_id": episode.pk,
                    "initial_category": data.initial_category,
                    "latest_category": data.latest_category,
                },
                data.where,
                person.pk,
            )
        if "end_date" in self.fill(plan, {"end_date": data.end_date}, data.where, person.pk):
            assert data.end_date is not None
            self.event(data.end_date, "cp_plan.ended", plan)
        held = set(
            Conference.objects.filter(plan=plan, kind=ConferenceKind.REVIEW).values_list("held_on", flat=True)
        )
        for day in data.reviews:
            if day in held:
                continue
            decision = ConferenceDecision.END_PLAN if day == data.end_date else ConferenceDecision.CONTINUE
            review = self.conference(person, ConferenceKind.REVIEW, day, decision, plan=plan)
            self.event(day, "rcpc.held", review, self.conference_payload(review))
        earlier = ChildProtectionPlan.objects.filter(child=person, start_date__lt=data.start_date).count()
        if data.previous_plans is not None and data.previous_plans != earlier:
            self.report.not_loaded.append(
                Problem(
                    f"{data.where} / NumberOfPreviousCPP",
                    f"the file has {data.previous_plans}; Hearth holds {earlier} earlier plan(s) for this child "
                    "(import the earlier censuses to bring them)",
                )
            )
        return plan

    def conference(
        self,
        person: Person,
        kind: str,
        held_on: date,
        decision: str,
        *,
        plan: ChildProtectionPlan | None = None,
        section_47: Section47Enquiry | None = None,
    ) -> Conference:
        unborn = person.date_of_birth is None or person.date_of_birth > held_on
        conference: Conference = self.create(
            Conference,
            person.pk,
            child=person,
            kind=kind,
            section_47=section_47,
            plan=plan,
            pre_birth=unborn and person.expected_date_of_birth is not None,
            held_on=held_on,
            chair=self.system,
            parents_present=False,
            child_participation=ChildParticipation.VIEWS_CONVEYED,
            child_views="",
            decision=decision,
            category=plan.latest_category if plan is not None else "",
            risks="",
            outline_plan=IMPORTED,
            recorded_by=self.system,
        )
        return conference

    def conference_payload(self, conference: Conference) -> dict[str, Any]:
        return {
            "outcome": ConferenceDecision(conference.decision).label,
            "kind": ConferenceKind(conference.kind).label,
            "pre_birth": conference.pre_birth,
        }

    def section_47(
        self,
        person: Person,
        episode: CinEpisode,
        data: Section47In,
        plans: dict[date, ChildProtectionPlan],
    ) -> None:
        enquiry = Section47Enquiry.objects.filter(cin_episode=episode, start_date=data.start_date).first()
        if enquiry is None:
            discussion = self.create(
                StrategyDiscussion,
                person.pk,
                exclude=("agencies",),  # the census does not say who took part
                child=person,
                cin_episode=episode,
                held_on=data.start_date,
                is_meeting=False,
                led_by=self.system,
                led_by_manager=False,
                agencies=[],
                information_shared=IMPORTED,
                section_47=True,
                decision_reason=IMPORTED,
                recorded_by=self.system,
            )
            self.event(
                data.start_date,
                "strategy_discussion.held",
                discussion,
                {"section_47": True, "led_by_manager": False},
            )
            enquiry = self.create(
                Section47Enquiry,
                person.pk,
                child=person,
                cin_episode=episode,
                strategy_discussion=discussion,
                start_date=data.start_date,
            )
            self.event(data.start_date, "s47.started", enquiry)
        if data.icpc_not_required and not enquiry.outcome:
            # The census says only that no conference was needed, not why: recorded as no further action.
            self.fill(enquiry, {"outcome": Section47Outcome.NO_FURTHER_ACTION}, data.where, person.pk)
            self.event(data.start_date, "icpc.not_required", enquiry)
        elif data.icpc_not_required and not enquiry.icpc_not_required:
            self.report.not_loaded.append(
                Problem(
                    f"{data.where} / ICPCnotRequired", "the file has true; Hearth holds a conference outcome"
                )
            )
        if data.icpc_date is None:
            return
        held = Conference.objects.filter(section_47=enquiry, kind=ConferenceKind.INITIAL).first()
        if held is not None:
            if held.held_on != data.icpc_date:
                self.report.not_loaded.append(
                    Problem(
                        f"{data.where} / DateOfInitialCPC",
                        f"the file has {data.icpc_date}; Hearth already holds {held.held_on}",
                    )
                )
            return
        # The enquiry ended by the conference at the latest (the census does not give its end).
        self.fill(
            enquiry,
            {"outcome": Section47Outcome.CONFERENCE, "end_date": data.icpc_date},
            data.where,
            person.pk,
        )
        plan = plans.get(data.icpc_date)
        conference = self.conference(
            person,
            ConferenceKind.INITIAL,
            data.icpc_date,
            ConferenceDecision.PLAN if plan is not None else ConferenceDecision.NO_PLAN,
            plan=plan,
            section_47=enquiry,
        )
        self.event(data.icpc_date, "icpc.held", conference, self.conference_payload(conference))

    def check_targets(self, person: Person, details: DetailsIn) -> None:
        """The file's InitialCPCtarget against the clock Hearth's rules started for the enquiry."""
        for enquiry in details.section_47s:
            if enquiry.icpc_target is None:
                continue
            clock = (
                Obligation.objects.filter(child=person, rule_id="cp.icpc", start_date=enquiry.start_date)
                .order_by("-pk")
                .first()
            )
            due = clock.due_date if clock is not None else None
            if due != enquiry.icpc_target:
                self.report.not_loaded.append(
                    Problem(
                        f"{enquiry.where} / InitialCPCtarget",
                        f"the file has {enquiry.icpc_target}; Hearth's timescale gives {due or 'none'} "
                        "(Hearth keeps its own)",
                    )
                )


def _show(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else repr(value)


def census_load(
    children: list[ChildIn], report: ImportReport, *, by: StaffUser | None = None
) -> ImportReport:
    """Write the checked children in one transaction (nothing when the report refused the file)."""
    if report.refused:
        raise CensusRefused(report)
    with transaction.atomic():
        loader = _Loader(report, by or system_user())
        for child in children:
            loader.child(child)
        report.children = len(children)
    return report


def cin_census_import(path: Path, year: int, *, by: StaffUser | None = None) -> ImportReport:
    """Read and load a CIN census file for the collection year ending 31 March `year`.

    Raises CensusRefused, having written nothing, when the file cannot be read.
    """
    children, report = census_read(path, year)
    return census_load(children, report, by=by)
