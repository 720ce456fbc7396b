"""A census written by another system comes back out of Hearth unchanged, item by item (issue 19 item 1).

The files are written here the way another supplier's would be: their own software code, a namespace, booleans
as 1 and 0, optional elements left out where a record has nothing, every code value of every list the
specification has (including "not stated"), both places an initial conference date can sit, previous plans
counted by a system that held plans Hearth never saw, and GenderCurrent 9 before 2024/25.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring

from hearth.core.codesets import (
    AssessmentFactor,
    CategoryOfAbuse,
    Disability,
    Ethnicity,
    PrimaryNeed,
    ReasonForClosure,
    ReferralSource,
    UpnUnknown,
)
from hearth.core.identifiers import upn_check_letter
from hearth.returns.cin_census import cin_census_write
from hearth.returns.importer import cin_census_import

# Every item of the CIN census specification (returns.md 3.1) below the Header's CollectionDetails, by path.
SPEC_ITEMS = (
    "ChildIdentifiers/LAchildID",
    "ChildIdentifiers/UPN",
    "ChildIdentifiers/FormerUPN",
    "ChildIdentifiers/UPNunknown",
    "ChildIdentifiers/PersonBirthDate",
    "ChildIdentifiers/ExpectedPersonBirthDate",
    "ChildIdentifiers/Sex",
    "ChildIdentifiers/PersonDeathDate",
    "ChildCharacteristics/Ethnicity",
    "ChildCharacteristics/Disabilities/Disability",
    "CINdetails/CINreferralDate",
    "CINdetails/ReferralSource",
    "CINdetails/PrimaryNeedCode",
    "CINdetails/CINclosureDate",
    "CINdetails/ReasonForClosure",
    "CINdetails/DateOfInitialCPC",
    "CINdetails/Assessments/AssessmentActualStartDate",
    "CINdetails/Assessments/AssessmentInternalReviewDate",
    "CINdetails/Assessments/AssessmentAuthorisationDate",
    "CINdetails/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors",
    "CINdetails/CINPlanDates/CINPlanStartDate",
    "CINdetails/CINPlanDates/CINPlanEndDate",
    "CINdetails/Section47/S47ActualStartDate",
    "CINdetails/Section47/InitialCPCtarget",
    "CINdetails/Section47/DateOfInitialCPC",
    "CINdetails/Section47/ICPCnotRequired",
    "CINdetails/ReferralNFA",
    "CINdetails/ChildProtectionPlans/CPPstartDate",
    "CINdetails/ChildProtectionPlans/CPPendDate",
    "CINdetails/ChildProtectionPlans/InitialCategoryOfAbuse",
    "CINdetails/ChildProtectionPlans/LatestCategoryOfAbuse",
    "CINdetails/ChildProtectionPlans/NumberOfPreviousCPP",
    "CINdetails/ChildProtectionPlans/Reviews/CPPreviewDate",
)
HEADER_ITEMS = ("Collection", "Year", "ReferenceDate", "SourceLevel", "LEA")
NS = "http://www.example.org/other-supplier/cin"
BOOLEAN = {"1": "true", "0": "false"}


def _upn(serial: int) -> str:
    body = f"931{1000 + serial:04d}24{serial:03d}"
    return upn_check_letter(body) + body


def _el(tag: str, value: object) -> str:
    return f"<{tag}>{value}</{tag}>"


def _day(start: date, days: int) -> str:
    return (start + timedelta(days=days)).isoformat()


def _episode(i: int, referral: date) -> str:
    """One CINdetails, shaped by the child's number so that the file holds every code and item."""
    parts = [_el("CINreferralDate", referral.isoformat()), _el("ReferralSource", ReferralSource.values[i])]
    if i != 15:  # no primary need on one episode: the element is left out
        parts.append(_el("PrimaryNeedCode", PrimaryNeed.values[i % 10]))
    nfa = i == 9
    if i <= 8:
        parts += [
            _el("CINclosureDate", _day(referral, 60)),
            _el("ReasonForClosure", ReasonForClosure.values[i]),
        ]
    elif nfa:
        parts += [_el("CINclosureDate", referral.isoformat()), _el("ReasonForClosure", "RC8")]
    if i == 17:  # an initial conference with no section 47 behind it sits on the episode
        parts.append(_el("DateOfInitialCPC", _day(referral, 5)))
    if 7 <= i <= 8 or 10 <= i <= 21:
        factors = [code for code in AssessmentFactor.values if code != "21"]
        mine = factors[(i - 10) * 4 : (i - 10) * 4 + 4] if i >= 10 else []
        if i == 20:
            mine = factors[40:]
        if i == 21:  # no factors identified: 21 alone
            mine = ["21"]
        listed = "".join(_el("AssessmentFactors", code) for code in mine)
        parts.append(
            "<Assessments>"
            + _el("AssessmentActualStartDate", _day(referral, 1))
            + _el("AssessmentInternalReviewDate", _day(referral, 20))
            + _el("AssessmentAuthorisationDate", _day(referral, 22))
            + (f"<FactorsIdentifiedAtAssessment>{listed}</FactorsIdentifiedAtAssessment>" if listed else "")
            + "</Assessments>"
        )
    if i == 16:  # an assessment still going on: only its start
        parts.append(
            "<Assessments>" + _el("AssessmentActualStartDate", _day(referral, 30)) + "</Assessments>"
        )
    if i in (10, 11):
        parts.append(
            "<CINPlanDates>"
            + _el("CINPlanStartDate", _day(referral, 30))
            + (_el("CINPlanEndDate", _day(referral, 90)) if i == 10 else "")
            + "</CINPlanDates>"
        )
    if 13 <= i <= 16:
        start = referral + timedelta(days=2)
        held = _el("DateOfInitialCPC", _day(start, 10)) if i in (14, 15) else ""
        parts.append(
            "<Section47>"
            + _el("S47ActualStartDate", start.isoformat())
            + _el("InitialCPCtarget", _day(start, 16))
            + held
            + _el("ICPCnotRequired", "1" if i == 13 else "0")
            + "</Section47>"
        )
    parts.append(_el("ReferralNFA", "1" if nfa else "0"))
    plan = {
        14: (12, "NEG", "EMO", 0, [70, 160], 160),
        17: (5, "PHY", "SAB", 2, [95], None),
        18: (3, "MUL", "MUL", 1, [], None),
        19: (40, "SAB", "NEG", 0, [], 150),
        20: (41, "EMO", "PHY", 3, [120], None),
    }.get(i)
    if plan is not None:
        starts, initial, latest, previous, reviews, ends = plan
        parts.append(
            "<ChildProtectionPlans>"
            + _el("CPPstartDate", _day(referral, starts))
            + (_el("CPPendDate", _day(referral, ends)) if ends else "")
            + _el("InitialCategoryOfAbuse", initial)
            + _el("LatestCategoryOfAbuse", latest)
            + _el("NumberOfPreviousCPP", previous)
            + (
                "<Reviews>"
                + "".join(_el("CPPreviewDate", _day(referral, day)) for day in reviews)
                + "</Reviews>"
                if reviews
                else ""
            )
            + "</ChildProtectionPlans>"
        )
    return "<CINdetails>" + "".join(parts) + "</CINdetails>"


def _child(i: int, year: int = 2025, gender: str = "") -> str:
    born = date(2009, 1, 1) + timedelta(days=i * 150)
    ids = [_el("LAchildID", f"OS{i:04d}")]
    if i < 7:
        ids.append(_el("UPNunknown", UpnUnknown.values[i]))
    else:
        ids.append(_el("UPN", _upn(i)))
        if i == 8:
            ids.append(_el("FormerUPN", _upn(90)))
    if i == 21:  # unborn at the census date
        ids += [_el("ExpectedPersonBirthDate", "2025-06-01"), _el("Sex", "U")]
    else:
        sex = _el("GenderCurrent", gender) if gender else _el("Sex", "MFU"[i % 3])
        ids += [_el("PersonBirthDate", born.isoformat()), sex]
    if i == 1:
        ids.append(_el("PersonDeathDate", "2024-06-09"))
    disabilities = [code for code in Disability.values if code != "NONE"]
    codes = (
        []
        if i == 0
        else ["NONE"]
        if i == 2
        else [disabilities[i - 3]]
        if 3 <= i < 3 + len(disabilities)
        else ["AUT", "LD"]
        if i == 20
        else []
    )
    characteristics = _el("Ethnicity", Ethnicity.values[i % len(Ethnicity.values)])
    if codes:
        characteristics += (
            "<Disabilities>" + "".join(_el("Disability", code) for code in codes) + "</Disabilities>"
        )
    referral = date(year - 1, 4, 8) + timedelta(days=i)
    episodes = _episode(i, referral)
    if i == 12:  # a second referral in the year, still open
        episodes += (
            "<CINdetails>"
            + _el("CINreferralDate", f"{year}-02-03")
            + _el("ReferralSource", "6")
            + _el("PrimaryNeedCode", "N0")
            + _el("ReferralNFA", "0")
            + "</CINdetails>"
        )
    return (
        f"<Child><ChildIdentifiers>{''.join(ids)}</ChildIdentifiers>"
        f"<ChildCharacteristics>{characteristics}</ChildCharacteristics>{episodes}</Child>"
    )


def _file(year: int, children: list[str]) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Message xmlns="{NS}">\n  <Header><CollectionDetails>'
        f"<Collection>CIN</Collection><Year>{year}</Year><ReferenceDate>{year}-03-31</ReferenceDate>"
        "</CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>931</LEA>"
        "<SoftwareCode>OtherSupplier CSC 9.4</SoftwareCode><Release>9.4.2</Release><SerialNo>7</SerialNo>"
        f"<DateTime>{year}-04-20T08:15:00</DateTime></Source></Header>\n  <Children>\n    "
        + "\n    ".join(children)
        + "\n  </Children>\n</Message>\n"
    )


def _items(root: ET.Element) -> dict[str, Counter[tuple[str, str, str]]]:
    """Each item's values, keyed by the child and the episode's referral date (so that order does not count)."""
    for element in root.iter():
        element.tag = element.tag.rsplit("}", 1)[-1]
    found: dict[str, Counter[tuple[str, str, str]]] = {item: Counter() for item in SPEC_ITEMS}
    for child in root.iterfind("Children/Child"):
        number = child.findtext("ChildIdentifiers/LAchildID") or ""
        for item in SPEC_ITEMS:
            if item.startswith("CINdetails/"):
                for details in child.iterfind("CINdetails"):
                    referral = details.findtext("CINreferralDate") or ""
                    for element in details.iterfind(item.removeprefix("CINdetails/")):
                        text = (element.text or "").strip()
                        found[item][(number, referral, BOOLEAN.get(text, text))] += 1
            else:
                for element in child.iterfind(item):
                    found[item][(number, "", (element.text or "").strip())] += 1
    return found


def _export(year: int) -> ET.Element:
    out = io.StringIO()
    cin_census_write(year, out, now=datetime(year, 4, 30, 9, 0))
    root: ET.Element = fromstring(out.getvalue())
    return root


def _round_trip(tmp_path: Path, year: int, children: list[str]) -> tuple[ET.Element, ET.Element]:
    path = tmp_path / f"other_supplier_cin_{year}.xml"
    path.write_text(_file(year, children), encoding="utf-8")
    report = cin_census_import(path, year)
    assert report.ok and report.not_loaded == [], report.lines()
    return fromstring(path.read_bytes()), _export(year)


@pytest.mark.django_db
def test_every_item_and_code_of_another_systems_census_comes_back_unchanged(tmp_path: Path) -> None:
    original, exported = _round_trip(tmp_path, 2025, [_child(i) for i in range(22)])
    before, after = _items(original), _items(exported)
    sex_codes = {value for (_, _, value) in before["ChildIdentifiers/Sex"]}
    # The file holds every item of the specification and every value of every code list.
    assert [item for item in SPEC_ITEMS if not before[item]] == []
    for item, codes in (
        ("CINdetails/ReferralSource", ReferralSource.values),
        ("CINdetails/PrimaryNeedCode", PrimaryNeed.values),
        ("CINdetails/ReasonForClosure", ReasonForClosure.values),
        ("ChildCharacteristics/Ethnicity", Ethnicity.values),
        ("ChildCharacteristics/Disabilities/Disability", Disability.values),
        ("ChildIdentifiers/UPNunknown", UpnUnknown.values),
        ("CINdetails/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors", AssessmentFactor.values),
        ("CINdetails/ChildProtectionPlans/InitialCategoryOfAbuse", CategoryOfAbuse.values),
        ("CINdetails/ChildProtectionPlans/LatestCategoryOfAbuse", CategoryOfAbuse.values),
    ):
        held = {value for (_, _, value) in before[item]}
        assert set(codes) <= held, f"{item}: the file lacks {set(codes) - held}"
    assert sex_codes == {"M", "F", "U"}
    # Item by item, every value comes back for the same child and episode, and nothing is added.
    for item in SPEC_ITEMS:
        assert after[item] == before[item], (
            f"{item}: lost {sorted((before[item] - after[item]).elements())}, "
            f"added {sorted((after[item] - before[item]).elements())}"
        )
    # Optional elements absent from the file stay absent: no Disabilities for a child with none recorded.
    child_0 = next(
        child for child in exported.iterfind("Children/Child") if child.findtext(".//LAchildID") == "OS0000"
    )
    assert child_0.find("ChildCharacteristics/Disabilities") is None
    for tag in HEADER_ITEMS:
        assert exported.findtext(f"Header//{tag}") == (original.findtext(f"Header//{tag}") or "").strip()


@pytest.mark.django_db
def test_gender_current_comes_back_as_given_before_2024_25(tmp_path: Path) -> None:
    children = [_child(10 + i, 2024, gender) for i, gender in enumerate(("0", "1", "2", "9"))]
    original, exported = _round_trip(tmp_path, 2024, children)
    assert _items(exported) == _items(original)
    genders = {
        child.findtext("ChildIdentifiers/LAchildID"): child.findtext("ChildIdentifiers/GenderCurrent")
        for child in exported.iterfind("Children/Child")
    }
    assert genders == {"OS0010": "0", "OS0011": "1", "OS0012": "2", "OS0013": "9"}
