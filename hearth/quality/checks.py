"""The CIN census validation rules, checked inside Hearth as the work is done.

Each rule reads a child's census element (the same read as the export, hearth.returns.cin_census), so a failure
here is a failure in the return. The rules are the DfE's CIN census rules as returns.md lists them (code, error
or query), with the collection years they apply to; Hearth's own consistency checks carry an "H" code. The
standard validator (csc-validator-be-cin) remains the final word: the test suite runs it on exports.

A child's failures are refreshed whenever an event is written about them (every service writes one), so the
data-quality page shows a failure as soon as the record that causes it is saved and drops it when it is fixed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from hearth.core import clock
from hearth.core.codesets import (
    AssessmentFactor,
    Disability,
    Ethnicity,
    PrimaryNeed,
    ReasonForClosure,
    ReferralSource,
    Sex,
    valid_codes,
)
from hearth.core.identifiers import upn_is_valid
from hearth.quality.models import QualityFailure
from hearth.returns.cin_census import census_children

Found = tuple[str, str]  # (where, what is wrong)


@dataclass(frozen=True)
class QualityRule:
    code: str
    is_query: bool
    fix: str
    check: Callable[[ET.Element, int], list[Found]]
    first_year: int | None = None
    last_year: int | None = None

    def applies(self, year: int) -> bool:
        return (self.first_year is None or year >= self.first_year) and (
            self.last_year is None or year <= self.last_year
        )


def _date(element: ET.Element | None, tag: str) -> date | None:
    text = element.findtext(tag) if element is not None else None
    return date.fromisoformat(text) if text else None


def _episodes(child: ET.Element) -> list[tuple[str, ET.Element]]:
    return [
        (f"CINdetails {index}", details) for index, details in enumerate(child.iter("CINdetails"), start=1)
    ]


def _codes(child: ET.Element, year: int) -> list[Found]:
    found: list[Found] = []
    for where, details in _episodes(child):
        source = details.findtext("ReferralSource") or ""
        if source not in valid_codes(ReferralSource, year):
            found.append((f"{where} / ReferralSource", f"{source!r} is not a referral source code"))
        need = details.findtext("PrimaryNeedCode")
        if need and need not in valid_codes(PrimaryNeed, year):
            found.append((f"{where} / PrimaryNeedCode", f"{need!r} is not a primary need code"))
        reason = details.findtext("ReasonForClosure")
        if reason and reason not in valid_codes(ReasonForClosure, year):
            found.append((f"{where} / ReasonForClosure", f"{reason!r} is not a reason for closure in {year}"))
    return found


def _primary_need_when_not_nfa(child: ET.Element, year: int) -> list[Found]:
    return [
        (f"{where} / PrimaryNeedCode", "No primary need on a referral that led to further action")
        for where, details in _episodes(child)
        if details.findtext("ReferralNFA") == "false" and not details.findtext("PrimaryNeedCode")
    ]


def _factor_21_alone(child: ET.Element, year: int) -> list[Found]:
    found: list[Found] = []
    for where, details in _episodes(child):
        for index, assessment in enumerate(details.iter("Assessments"), start=1):
            factors = [e.text for e in assessment.iter("AssessmentFactors")]
            if AssessmentFactor.NO_FACTORS.value in factors and len(factors) > 1:
                found.append((f"{where} / Assessment {index} / AssessmentFactors", "'21' with other factors"))
    return found


def _activity_on_nfa(child: ET.Element, year: int) -> list[Found]:
    activity = ("Assessments", "CINPlanDates", "Section47", "ChildProtectionPlans")
    return [
        (
            f"{where} / ReferralNFA",
            "Assessment, plan or enquiry recorded on a referral marked no further action",
        )
        for where, details in _episodes(child)
        if details.findtext("ReferralNFA") == "true"
        and any(details.find(tag) is not None for tag in activity)
    ]


def _closed_after_assessment_without_one(child: ET.Element, year: int) -> list[Found]:
    return [
        (f"{where} / ReasonForClosure", "Closed as 'after assessment' but the episode has no assessment")
        for where, details in _episodes(child)
        if details.findtext("ReasonForClosure") in {"RC8", "RC9"} and details.find("Assessments") is None
    ]


def _activity_after_assessment_closure(child: ET.Element, year: int) -> list[Found]:
    activity = ("CINPlanDates", "Section47", "ChildProtectionPlans")
    return [
        (f"{where} / ReasonForClosure", "Closed as 'after assessment' but a plan or enquiry is recorded")
        for where, details in _episodes(child)
        if details.findtext("ReasonForClosure") in {"RC8", "RC9"}
        and any(details.find(tag) is not None for tag in activity)
    ]


def _upn(child: ET.Element, year: int) -> list[Found]:
    upn = child.findtext("ChildIdentifiers/UPN")
    if upn and not upn_is_valid(upn):
        return [("ChildIdentifiers / UPN", f"{upn} has the wrong check letter or format")]
    if not upn and not child.findtext("ChildIdentifiers/UPNunknown"):
        return [("ChildIdentifiers / UPN", "Neither a UPN nor a reason it is unknown (UPNunknown)")]
    return []


def _sex(child: ET.Element, year: int) -> list[Found]:
    sex = child.findtext("ChildIdentifiers/Sex") or ""
    if sex not in Sex.values:
        return [("ChildIdentifiers / Sex", "Sex is missing or not M, F or U")]
    if child.find("ChildIdentifiers/ExpectedPersonBirthDate") is not None and sex != Sex.UNKNOWN:
        return [("ChildIdentifiers / Sex", "An unborn child's sex must be U")]
    return []


def _birth_date(child: ET.Element, year: int) -> list[Found]:
    ids = child.find("ChildIdentifiers")
    if _date(ids, "PersonBirthDate") is None and _date(ids, "ExpectedPersonBirthDate") is None:
        return [
            ("ChildIdentifiers / PersonBirthDate", "Neither a date of birth nor an expected date of birth")
        ]
    return []


def _ethnicity(child: ET.Element, year: int) -> list[Found]:
    code = child.findtext("ChildCharacteristics/Ethnicity") or ""
    if code not in Ethnicity.values:
        return [("ChildCharacteristics / Ethnicity", "Ethnicity is missing or not a census code")]
    return []


def _disabilities(child: ET.Element, year: int) -> list[Found]:
    codes = [e.text or "" for e in child.iter("Disability")]
    if any(code not in Disability.values for code in codes):
        return [("ChildCharacteristics / Disability", "A disability code is not a census code")]
    return []


def _dates_in_order(child: ET.Element, year: int) -> list[Found]:
    found: list[Found] = []
    for where, details in _episodes(child):
        referral = _date(details, "CINreferralDate")
        closure = _date(details, "CINclosureDate")
        if referral and closure and closure < referral:
            found.append((f"{where} / CINclosureDate", "Closed before the referral"))
        if bool(closure) != bool(details.findtext("ReasonForClosure")):
            found.append(
                (
                    f"{where} / ReasonForClosure",
                    "A closure date needs a reason for closure, and a reason a date",
                )
            )
        for index, assessment in enumerate(details.iter("Assessments"), start=1):
            started, authorised = (
                _date(assessment, "AssessmentActualStartDate"),
                _date(assessment, "AssessmentAuthorisationDate"),
            )
            if started and referral and started < referral:
                found.append(
                    (
                        f"{where} / Assessment {index} / AssessmentActualStartDate",
                        "Starts before the referral",
                    )
                )
            if started and authorised and authorised < started:
                found.append(
                    (
                        f"{where} / Assessment {index} / AssessmentAuthorisationDate",
                        "Authorised before it started",
                    )
                )
        for tag, start_tag, end_tag in (
            ("CINPlanDates", "CINPlanStartDate", "CINPlanEndDate"),
            ("ChildProtectionPlans", "CPPstartDate", "CPPendDate"),
        ):
            for index, plan in enumerate(details.iter(tag), start=1):
                start, end = _date(plan, start_tag), _date(plan, end_tag)
                if start and end and end < start:
                    found.append((f"{where} / {tag} {index} / {end_tag}", "The plan ends before it starts"))
    return found


RULES: tuple[QualityRule, ...] = (
    QualityRule("8866", False, "Choose the referral source on the referral.", _codes),
    QualityRule("8610", False, "Record the primary need on the assessment.", _primary_need_when_not_nfa),
    QualityRule("8869", False, "Untick 'No factors identified' or the other factors.", _factor_21_alone),
    QualityRule(
        "8831", False, "Record the work on a new referral, or change the referral decision.", _activity_on_nfa
    ),
    QualityRule(
        "8825Q",
        True,
        "Check the closure reason: RC8 and RC9 follow an assessment.",
        _closed_after_assessment_without_one,
        2023,
    ),
    QualityRule(
        "2990",
        False,
        "Close with RC7: RC8 and RC9 are for a case closed after assessment alone.",
        _activity_after_assessment_closure,
        2023,
    ),
    QualityRule("1510", False, "Correct the UPN on the child's details, or record why it is unknown.", _upn),
    QualityRule(
        "4180", False, "Record the child's sex on their details (U for an unborn child).", _sex, 2025
    ),
    QualityRule(
        "H001", False, "Record the date of birth, or the expected date for an unborn child.", _birth_date
    ),
    QualityRule("H002", False, "Record the child's ethnicity on their details.", _ethnicity),
    QualityRule("H003", False, "Correct the disability on the child's details.", _disabilities),
    QualityRule(
        "H004", False, "Correct the dates on the episode, assessment or plan named.", _dates_in_order
    ),
)


@dataclass(frozen=True)
class Failure:
    rule: QualityRule
    location: str
    message: str


def child_failures(child: ET.Element, year: int) -> list[Failure]:
    return [
        Failure(rule, where, what)
        for rule in RULES
        if rule.applies(year)
        for where, what in rule.check(child, year)
    ]


def _store(pairs: Iterable[tuple[int, ET.Element]], year: int, today: date) -> int:
    rows = [
        QualityFailure(
            child_id=pk,
            collection_year=year,
            rule=failure.rule.code,
            is_query=failure.rule.is_query,
            location=failure.location[:200],
            message=failure.message[:300],
            fix=failure.rule.fix[:300],
            found_on=today,
        )
        for pk, element in pairs
        for failure in child_failures(element, year)
    ]
    QualityFailure.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def quality_refresh(child_id: int) -> None:
    """Re-check one child for the year in progress (called whenever an event is written about them)."""
    today = clock.today()
    year = clock.current_collection_year(today)
    with transaction.atomic():
        QualityFailure.objects.filter(child_id=child_id).delete()
        _store(census_children([child_id], year), year, today)


def quality_refresh_all(child_ids: list[int], year: int | None = None) -> int:
    """Re-check many children (after a bulk load); returns the number of failures found."""
    today = clock.today()
    year = year or clock.current_collection_year(today)
    with transaction.atomic():
        QualityFailure.objects.filter(child_id__in=child_ids).delete()
        return _store(census_children(child_ids, year), year, today)
