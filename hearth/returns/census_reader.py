"""Reading a CIN census file (the first step of the import, `importer.py`): parse it with defusedxml into plain
values and check every element and field; any problem refuses the whole file."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse as parse_xml
from django.conf import settings
from django.db import models

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
from hearth.core.identifiers import normalise_upn, upn_is_valid
from hearth.returns.census_in import (
    FUTURE_ALLOWED,
    SEX_OF_GENDER_CURRENT,
    TRUE_FALSE,
    AssessmentIn,
    CensusFile,
    ChildIn,
    ChildRead,
    CinPlanIn,
    CpPlanIn,
    DetailsIn,
    Problem,
    Section47In,
)
from hearth.returns.cin_census import SEX_FROM_YEAR, CensusPeriod


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Reader:
    """Reads elements into values, noting each problem by element and field."""

    def __init__(self, period: CensusPeriod) -> None:
        self.period = period
        self.problems: list[Problem] = []
        self.failures: list[Problem] = []

    def problem(self, where: str, message: str) -> None:
        """A value Hearth cannot hold as given: the record it is in cannot be loaded."""
        self.problems.append(Problem(where, message))

    def failure(self, where: str, message: str) -> None:
        """A value that breaks a census rule but can be held as given: loaded in migration mode, flagged."""
        self.failures.append(Problem(where, message))

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
            self.failure(f"{where} / {tag}", f"{value} is after the census ReferenceDate {self.period.end}")
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
        lea = self.text(root, "Header/Source/LEA")
        ours = f"{settings.HEARTH_LA_NUMBER:03d}"
        if lea and lea != ours:
            self.problem(
                "Header / Source / LEA",
                f"{lea}, but this Hearth is the council numbered {ours} (the setting HEARTH_LA_NUMBER): "
                "a census from another council is not loaded",
            )
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
                self.failure(
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
            # 0 and 9 are both U to Hearth: which one the census gave is kept to give it back.
            values["gender_current"] = gender if gender in {"0", "9"} else ""
        values["date_of_death"] = self.date_of(identifiers, "PersonDeathDate", where)
        self.ends_after(
            values["date_of_birth"], values["date_of_death"], where, "PersonBirthDate", "PersonDeathDate"
        )
        characteristics = element.find("ChildCharacteristics")
        disabilities: list[str] = []
        values["census_disabilities_absent"] = (
            characteristics is None or characteristics.find("Disabilities/Disability") is None
        )
        if characteristics is not None:
            values["ethnicity"] = self.code(characteristics, "Ethnicity", Ethnicity, where)
            for number_, disability in enumerate(characteristics.findall("Disabilities/Disability"), 1):
                code = (disability.text or "").strip()
                if code not in Disability.values:
                    self.problem(f"{where} / Disability {number_}", f"{code!r} is not a code of the list")
                elif code not in disabilities:
                    disabilities.append(code)
                else:
                    self.failure(
                        f"{where} / Disability {number_}", f"{code!r} is given twice: Hearth holds it once"
                    )
            if "NONE" in disabilities and len(disabilities) > 1:
                self.failure(f"{where} / Disabilities", "NONE cannot be given with other disabilities")
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
            self.failure(
                f"{where} / CINclosureDate", f"{closure} is before the year began ({self.period.start})"
            )
        if reason and closure is None:
            self.failure(f"{where} / ReasonForClosure", "given without a CINclosureDate: not loaded")
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


def census_read(path: Path, year: int) -> CensusFile:
    """Parse and check the file: the file's own problems (unreadable, not a census, another year or council), and
    each child's, apart, with the child's XML as it was read."""
    read = CensusFile(year, [], [])
    reader = _Reader(CensusPeriod(year))
    try:
        root: ET.Element | None = parse_xml(path).getroot()
    except ET.ParseError as error:
        read.problems.append(Problem(path.name, f"not well-formed XML ({error})"))
        return read
    except DefusedXmlException as error:
        read.problems.append(Problem(path.name, f"refused: the XML uses a forbidden construct ({error})"))
        return read
    except OSError as error:
        read.problems.append(Problem(str(path), f"cannot be read ({error.strerror})"))
        return read
    for element in root.iter() if root is not None else []:
        element.tag = _local(element.tag)
    if root is None or root.tag != "Message":
        read.problems.append(
            Problem(
                root.tag if root is not None else path.name,
                "the root element is not Message: this is not a CIN census",
            )
        )
        return read
    reader.header(root)
    read.problems = reader.problems
    reader.problems = []
    seen: dict[str, int] = {}
    for index, element in enumerate(root.findall("Children/Child"), 1):
        problems, failures = len(reader.problems), len(reader.failures)
        child = reader.child(element, index)
        number = child.person_number if child else ""
        if number and number in seen:
            reader.problem(
                f"Child {number} / LAchildID", f"the same child again (first as child {seen[number]})"
            )
        elif number:
            seen[number] = index
        identifiers = element.find("ChildIdentifiers")
        raw_number = (identifiers.findtext("LAchildID") or "").strip() if identifiers is not None else ""
        read.children.append(
            ChildRead(
                index,
                raw_number,
                f"Child {raw_number}" if raw_number else f"Child {index} (no LAchildID)",
                ET.tostring(element, encoding="unicode"),
                child,
                reader.problems[problems:],
                reader.failures[failures:],
            )
        )
    return read
