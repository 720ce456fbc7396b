"""The CIN census as a read of the records: the XML for the collection year ending 31 March of a year.

Structure and element order as returns.md section 3.1 (the liia CIN XSDs); dates as YYYY-MM-DD; Sex from
2024/25 (collection year 2025), GenderCurrent before. A child is in the census when one of their child in need
episodes was open at any time in the year; each such episode is a CINdetails with its assessments, plan
dates, section 47 enquiries and child protection plans. Children are read in chunks with a fixed number of
queries per chunk, and each child's XML is written as soon as it is built, so memory stays flat at any size.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db.models import Q

from hearth.children_in_need.models import Assessment, CinEpisode, CinPlan
from hearth.core.codesets import Sex
from hearth.core.models import Obligation
from hearth.people.models import Person, PersonDisability
from hearth.protection.models import ChildProtectionPlan, Conference, ConferenceKind, Section47Enquiry

CHUNK = 2000
SOFTWARE = "Hearth"
RELEASE = "1"
# CIN census GenderCurrent (to 2023/24) from Hearth's sex.
GENDER_CURRENT: dict[str, str] = {Sex.MALE.value: "1", Sex.FEMALE.value: "2", Sex.UNKNOWN.value: "0"}
SEX_FROM_YEAR = 2025


@dataclass(frozen=True)
class CensusPeriod:
    year: int

    @property
    def start(self) -> date:
        return date(self.year - 1, 4, 1)

    @property
    def end(self) -> date:
        return date(self.year, 3, 31)


@dataclass
class ExportSummary:
    path: Path
    children: int
    episodes: int
    child_ids: list[int]


def census_file_name(year: int) -> str:
    return f"{settings.HEARTH_LA_NUMBER:03d}_cin_{year}.xml"


def _text(parent: ET.Element, tag: str, value: Any) -> None:
    """A child element, left out when there is no value (optional elements are omitted, not empty)."""
    if value is None or value == "":
        return
    element = ET.SubElement(parent, tag)
    if isinstance(value, bool):
        element.text = "true" if value else "false"
    elif isinstance(value, date):
        element.text = value.isoformat()
    else:
        element.text = str(value)


def _in_period(period: CensusPeriod) -> Q:
    return Q(referral_date__lte=period.end) & (Q(closure_date=None) | Q(closure_date__gte=period.start))


def census_child_ids(period: CensusPeriod) -> list[int]:
    return list(
        CinEpisode.objects.filter(_in_period(period))
        .values_list("child_id", flat=True)
        .distinct()
        .order_by("child_id")
    )


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _group(rows: Iterable[Any], key: str) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


class _Chunk:
    """Everything the census needs about a chunk of children, in a fixed number of queries."""

    def __init__(self, child_ids: list[int], period: CensusPeriod) -> None:
        self.people = Person.objects.in_bulk(child_ids)
        self.disabilities = _group(
            PersonDisability.objects.filter(person_id__in=child_ids).order_by("code"), "person_id"
        )
        episodes = list(
            CinEpisode.objects.filter(_in_period(period), child_id__in=child_ids).order_by(
                "referral_date", "pk"
            )
        )
        self.episodes = _group(episodes, "child_id")
        episode_ids = [episode.pk for episode in episodes]
        self.assessments = _group(
            Assessment.objects.filter(episode_id__in=episode_ids, start_date__lte=period.end)
            .filter(Q(authorisation_date=None) | Q(authorisation_date__gte=period.start))
            .order_by("start_date", "pk"),
            "episode_id",
        )
        self.cin_plans = _group(
            CinPlan.objects.filter(episode_id__in=episode_ids, start_date__lte=period.end)
            .filter(Q(end_date=None) | Q(end_date__gte=period.start))
            .order_by("start_date", "pk"),
            "episode_id",
        )
        self.section_47s = _group(
            Section47Enquiry.objects.filter(cin_episode_id__in=episode_ids, start_date__lte=period.end)
            .filter(Q(end_date=None) | Q(end_date__gte=period.start))
            .order_by("start_date", "pk"),
            "cin_episode_id",
        )
        all_plans = list(
            ChildProtectionPlan.objects.filter(child_id__in=child_ids).order_by("start_date", "pk")
        )
        self.previous_plans = {
            plan.pk: sum(
                1
                for other in all_plans
                if other.child_id == plan.child_id and other.start_date < plan.start_date
            )
            for plan in all_plans
        }
        self.cp_plans = _group(
            [
                plan
                for plan in all_plans
                if plan.cin_episode_id in set(episode_ids)
                and plan.start_date <= period.end
                and (plan.end_date is None or plan.end_date >= period.start)
            ],
            "cin_episode_id",
        )
        self.icpc_clocks = _group(
            Obligation.objects.filter(child_id__in=child_ids, rule_id="cp.icpc").order_by("start_date", "pk"),
            "child_id",
        )
        conferences = Conference.objects.filter(child_id__in=child_ids).order_by("held_on", "pk")
        self.reviews: dict[int, list[date]] = defaultdict(list)
        self.initial_conference: dict[int, date] = {}
        self.plan_episode = {plan.pk: plan.cin_episode_id for plan in all_plans}
        self.without_enquiry: dict[int, list[Conference]] = defaultdict(list)
        for conference in conferences.only("child_id", "kind", "held_on", "plan_id", "section_47_id"):
            if conference.kind == ConferenceKind.REVIEW and conference.plan_id:
                self.reviews[conference.plan_id].append(conference.held_on)
            elif conference.section_47_id and conference.section_47_id not in self.initial_conference:
                self.initial_conference[conference.section_47_id] = conference.held_on
            elif conference.kind == ConferenceKind.INITIAL and not conference.section_47_id:
                self.without_enquiry[conference.child_id].append(conference)

    def episode_conference(self, episode: CinEpisode, period: CensusPeriod) -> date | None:
        """The first initial conference of the episode with no section 47 enquiry behind it: the one on its plan,
        or, with no plan, one held while the episode was open."""
        for conference in self.without_enquiry.get(episode.child_id, []):
            if conference.held_on > period.end:
                break
            if conference.plan_id is not None:
                if self.plan_episode.get(conference.plan_id) == episode.pk:
                    return conference.held_on
            elif episode.referral_date <= conference.held_on and (
                episode.closure_date is None or conference.held_on <= episode.closure_date
            ):
                return conference.held_on
        return None

    def icpc_target(self, enquiry: Section47Enquiry) -> date | None:
        """The initial conference's due date: the latest clock the enquiry's strategy discussions started."""
        clocks = [
            clock
            for clock in self.icpc_clocks.get(enquiry.child_id, [])
            if clock.start_date >= enquiry.start_date
            and (enquiry.end_date is None or clock.start_date <= enquiry.end_date)
        ]
        return clocks[-1].due_date if clocks else None


def _child_element(person: Person, chunk: _Chunk, period: CensusPeriod) -> ET.Element:
    child = ET.Element("Child")
    identifiers = ET.SubElement(child, "ChildIdentifiers")
    _text(identifiers, "LAchildID", person.person_number)
    _text(identifiers, "UPN", person.upn)
    _text(identifiers, "FormerUPN", person.former_upn)
    if not person.upn:
        _text(identifiers, "UPNunknown", person.upn_unknown)
    born = person.date_of_birth
    if born is not None and born <= period.end:
        _text(identifiers, "PersonBirthDate", born)
    else:  # unborn at the census date (a pre-birth referral born since): the date expected, or the birth (8520)
        _text(identifiers, "ExpectedPersonBirthDate", person.expected_date_of_birth or born)
    sex = "U" if born is not None and born > period.end else person.sex  # not known before birth (8750)
    if period.year >= SEX_FROM_YEAR:
        _text(identifiers, "Sex", sex)
    else:
        kept = person.gender_current if sex == Sex.UNKNOWN and person.gender_current in {"0", "9"} else ""
        _text(identifiers, "GenderCurrent", kept or GENDER_CURRENT.get(sex, "0"))
    _text(identifiers, "PersonDeathDate", person.date_of_death)

    characteristics = ET.SubElement(child, "ChildCharacteristics")
    _text(characteristics, "Ethnicity", person.ethnicity)
    held = {
        row.code
        for row in chunk.disabilities.get(person.pk, [])
        if row.start_date is None or row.start_date <= period.end
    }
    # NONE where no disability is recorded, unless an imported census gave no Disabilities (kept as it was).
    codes = sorted(held - {"NONE"}) or ([] if person.census_disabilities_absent and not held else ["NONE"])
    if codes:
        disabilities = ET.SubElement(characteristics, "Disabilities")
        for code in codes:
            _text(disabilities, "Disability", code)

    for episode in chunk.episodes.get(person.pk, []):
        child.append(_details(episode, chunk, period))
    return child


def _details(episode: CinEpisode, chunk: _Chunk, period: CensusPeriod) -> ET.Element:
    details = ET.Element("CINdetails")
    _text(details, "CINreferralDate", episode.referral_date)
    _text(details, "ReferralSource", episode.referral_source)
    _text(details, "PrimaryNeedCode", episode.primary_need)
    if episode.closure_date is not None and episode.closure_date <= period.end:
        _text(details, "CINclosureDate", episode.closure_date)
        _text(details, "ReasonForClosure", episode.reason_for_closure)
    # An initial conference with no section 47 enquiry behind it sits on the episode (rules 2884, 2885).
    _text(details, "DateOfInitialCPC", chunk.episode_conference(episode, period))
    for assessment in chunk.assessments.get(episode.pk, []):
        element = ET.SubElement(details, "Assessments")
        _text(element, "AssessmentActualStartDate", assessment.start_date)
        if assessment.completed_on is not None and assessment.completed_on <= period.end:
            _text(element, "AssessmentInternalReviewDate", assessment.completed_on)
        if assessment.authorisation_date is not None and assessment.authorisation_date <= period.end:
            _text(element, "AssessmentAuthorisationDate", assessment.authorisation_date)
            if assessment.factors:
                factors = ET.SubElement(element, "FactorsIdentifiedAtAssessment")
                for code in assessment.factors:
                    _text(factors, "AssessmentFactors", code)
    for plan in chunk.cin_plans.get(episode.pk, []):
        element = ET.SubElement(details, "CINPlanDates")
        _text(element, "CINPlanStartDate", plan.start_date)
        if plan.end_date is not None and plan.end_date <= period.end:
            _text(element, "CINPlanEndDate", plan.end_date)
    for enquiry in chunk.section_47s.get(episode.pk, []):
        element = ET.SubElement(details, "Section47")
        _text(element, "S47ActualStartDate", enquiry.start_date)
        _text(element, "InitialCPCtarget", enquiry.icpc_target_recorded or chunk.icpc_target(enquiry))
        held = chunk.initial_conference.get(enquiry.pk)
        if held is not None and held <= period.end:
            _text(element, "DateOfInitialCPC", held)
        _text(element, "ICPCnotRequired", enquiry.icpc_not_required)
    _text(details, "ReferralNFA", episode.referral_nfa)
    for plan in chunk.cp_plans.get(episode.pk, []):
        element = ET.SubElement(details, "ChildProtectionPlans")
        _text(element, "CPPstartDate", plan.start_date)
        if plan.end_date is not None and plan.end_date <= period.end:
            _text(element, "CPPendDate", plan.end_date)
        _text(element, "InitialCategoryOfAbuse", plan.initial_category)
        _text(element, "LatestCategoryOfAbuse", plan.latest_category)
        recorded = plan.previous_plans_recorded
        _text(
            element,
            "NumberOfPreviousCPP",
            chunk.previous_plans.get(plan.pk, 0) if recorded is None else recorded,
        )
        reviews = [day for day in chunk.reviews.get(plan.pk, []) if period.start <= day <= period.end]
        if reviews:
            element_reviews = ET.SubElement(element, "Reviews")
            for day in reviews:
                _text(element_reviews, "CPPreviewDate", day)
    return details


def _header(period: CensusPeriod, now: datetime) -> ET.Element:
    header = ET.Element("Header")
    collection = ET.SubElement(header, "CollectionDetails")
    _text(collection, "Collection", "CIN")
    _text(collection, "Year", period.year)
    _text(collection, "ReferenceDate", period.end)
    source = ET.SubElement(header, "Source")
    _text(source, "SourceLevel", "L")
    _text(source, "LEA", f"{settings.HEARTH_LA_NUMBER:03d}")
    _text(source, "SoftwareCode", SOFTWARE)
    _text(source, "Release", RELEASE)
    _text(source, "SerialNo", "1")
    _text(source, "DateTime", now.replace(microsecond=0).isoformat())
    return header


def _message_start(period: CensusPeriod, now: datetime) -> str:
    """The file up to its first child: the declaration, the Header, and the Children element opened."""
    header = ET.tostring(_header(period, now), encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n<Message>{header}<Children>'


def cin_census_write(
    year: int,
    out: IO[str],
    *,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
) -> ExportSummary:
    """Write the census for the collection year ending 31 March `year` to `out`.

    `progress`, when given, is called with (children written, children in the census) before the first chunk
    and after each chunk.
    """
    period = CensusPeriod(year)
    child_ids = census_child_ids(period)
    episodes = 0
    done = 0
    if progress is not None:
        progress(done, len(child_ids))
    out.write(_message_start(period, now))
    for ids in _chunks(child_ids):
        chunk = _Chunk(ids, period)
        for pk in ids:
            element = _child_element(chunk.people[pk], chunk, period)
            episodes += len(chunk.episodes.get(pk, []))
            out.write(ET.tostring(element, encoding="unicode"))
        done += len(ids)
        if progress is not None:
            progress(done, len(child_ids))
    out.write("</Children></Message>\n")
    name = getattr(out, "name", "")
    return ExportSummary(Path(name if isinstance(name, str) else ""), len(child_ids), episodes, child_ids)


def census_children(child_ids: list[int], year: int) -> Iterator[tuple[int, ET.Element]]:
    """Each child's census element for the year, read in chunks (data quality checks read it too); children
    with no child in need episode in the year are not in the census and are skipped."""
    period = CensusPeriod(year)
    for ids in _chunks(child_ids):
        chunk = _Chunk(ids, period)
        for pk in ids:
            if pk in chunk.people and chunk.episodes.get(pk):
                yield pk, _child_element(chunk.people[pk], chunk, period)


def census_elements_write(
    children: list[tuple[int, ET.Element]], year: int, out: IO[str], *, now: datetime
) -> None:
    """A census file of these children's elements (`census_children`): data quality runs the validator over the
    children whose records changed."""
    out.write(_message_start(CensusPeriod(year), now))
    for _, element in children:
        out.write(ET.tostring(element, encoding="unicode"))
    out.write("</Children></Message>\n")
