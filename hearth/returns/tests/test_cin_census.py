"""The CIN census export: a read of the records, parsed back."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from defusedxml.ElementTree import parse as parse_xml
from django.core.management import CommandError, call_command

from hearth.children_in_need.assessments import (
    assessment_authorise,
    assessment_complete,
    assessment_record,
    assessment_start,
)
from hearth.children_in_need.cin_plans import cin_plan_start
from hearth.children_in_need.closure import closure_propose, closure_sign_off
from hearth.children_in_need.services import referral_decide, referral_receive
from hearth.core.models import AccessLog
from hearth.organisation.roles import Role
from hearth.people.tests.factories import make_child
from hearth.protection.conferences import AttendanceRow, conference_record
from hearth.protection.enquiries import section_47_conclude, strategy_discussion_record
from hearth.protection.models import Section47Outcome
from hearth.returns.cin_census import CensusPeriod, cin_census_write


def _census(tmp_path: Path, year: int) -> ET.Element:
    path = tmp_path / "census.xml"
    with path.open("w", encoding="utf-8") as handle:
        cin_census_write(year, handle, now=__import__("datetime").datetime(2026, 4, 2, 9, 0))
    return parse_xml(path).getroot()


def _child(root: ET.Element, number: str) -> ET.Element:
    found = [c for c in root.iter("Child") if c.findtext("ChildIdentifiers/LAchildID") == number]
    assert len(found) == 1, f"{number} appears {len(found)} times"
    return found[0]


def _assessed_plan_closed(council: Any) -> None:
    fd, worker, manager = council.users[Role.FRONT_DOOR], council.worker, council.manager
    episode = referral_receive(child=council.child, referral_date=date(2025, 5, 6), source="2A", by=fd)
    referral_decide(episode=episode, decision="assessment", decided_on=date(2025, 5, 6), by=fd)
    assessment = assessment_start(episode=episode, start_date=date(2025, 5, 7), by=worker)
    assessment_record(
        assessment=assessment,
        version=assessment.version,
        values={
            "child_seen_date": date(2025, 5, 9),
            "child_views": "Likes school",
            "parents_views": "Want help",
            "analysis": "Needs support",
            "outcome": "cin_plan",
            "factors": ["16A", "4B"],
            "primary_need": "N1",
        },
        findings={},
        by=worker,
    )
    assessment_complete(assessment=assessment, completed_on=date(2025, 6, 2), by=worker)
    assessment_authorise(assessment=assessment, authorised_on=date(2025, 6, 3), rationale="CIN", by=manager)
    cin_plan_start(episode=episode, start_date=date(2025, 6, 16), by=worker)
    closure_propose(episode=episode, reason="RC7", closed_on=date(2026, 2, 27), summary="Done", by=worker)
    closure_sign_off(episode=episode, by=manager, rationale="Outcomes met; the family agree")


def test_a_worked_episode_reads_into_the_census_in_its_year(council: Any, tmp_path: Path) -> None:
    _assessed_plan_closed(council)
    root = _census(tmp_path, 2026)
    assert root.findtext("Header/CollectionDetails/Year") == "2026"
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2026-03-31"
    child = _child(root, council.child.person_number)
    assert child.findtext("ChildIdentifiers/PersonBirthDate") == "2016-03-14"
    assert child.findtext("ChildIdentifiers/Sex") in {"M", "F", "U"}
    details = child.find("CINdetails")
    assert details is not None
    assert [(e.tag, e.text) for e in details if e.text and e.text.strip()] == [
        ("CINreferralDate", "2025-05-06"),
        ("ReferralSource", "2A"),
        ("PrimaryNeedCode", "N1"),
        ("CINclosureDate", "2026-02-27"),
        ("ReasonForClosure", "RC7"),
        ("ReferralNFA", "false"),
    ]
    assert details.findtext("Assessments/AssessmentActualStartDate") == "2025-05-07"
    assert details.findtext("Assessments/AssessmentAuthorisationDate") == "2025-06-03"
    assert [e.text for e in details.iter("AssessmentFactors")] == ["16A", "4B"]
    assert details.findtext("CINPlanDates/CINPlanStartDate") == "2025-06-16"
    assert details.findtext("CINPlanDates/CINPlanEndDate") == "2026-02-27"
    # The year before and the year after do not hold it.
    assert _census(tmp_path, 2025).find("Children/Child") is None
    assert _census(tmp_path, 2027).find("Children/Child") is None


def test_the_2024_census_uses_gender_current(council: Any, tmp_path: Path) -> None:
    referral_receive(child=council.child, referral_date=date(2023, 5, 2), source="6", by=council.worker)
    child = _child(_census(tmp_path, 2024), council.child.person_number)
    assert child.find("ChildIdentifiers/Sex") is None
    assert child.findtext("ChildIdentifiers/GenderCurrent") in {"0", "1", "2"}


def test_section_47_conference_plan_and_reviews_are_in_the_census(council: Any, tmp_path: Path) -> None:
    fd, manager = council.users[Role.FRONT_DOOR], council.manager
    chair = council.users[Role.CHILD_PROTECTION_CHAIR]
    referral_receive(child=council.child, referral_date=date(2025, 9, 1), source="6", by=fd)
    strategy_discussion_record(
        child=council.child,
        held_on=date(2025, 9, 2),
        is_meeting=True,
        led_by=manager,
        agencies=["police", "health"],
        information_shared="Bruising",
        section_47=True,
        decision_reason="Significant harm suspected",
        by=manager,
    )
    from hearth.protection.models import Section47Enquiry

    enquiry = Section47Enquiry.objects.get(child=council.child)
    section_47_conclude(
        enquiry=enquiry, ended_on=date(2025, 9, 15), outcome=Section47Outcome.CONFERENCE, by=manager
    )
    conference_record(
        child=council.child,
        kind="initial",
        held_on=date(2025, 9, 19),
        chair=chair,
        parents_present=True,
        child_participation="views_conveyed",
        child_views="Wants it to stop",
        attendance=[AttendanceRow("education", attended=True)],
        reports=[],
        decision="plan",
        category="PHY",
        risks="Bruising unexplained",
        by=chair,
    )
    details = _child(_census(tmp_path, 2026), council.child.person_number).find("CINdetails")
    assert details is not None
    assert details.findtext("Section47/S47ActualStartDate") == "2025-09-02"
    assert details.findtext("Section47/InitialCPCtarget") == "2025-09-23"  # 15 working days
    assert details.findtext("Section47/DateOfInitialCPC") == "2025-09-19"
    assert details.findtext("Section47/ICPCnotRequired") == "false"
    assert details.findtext("ChildProtectionPlans/CPPstartDate") == "2025-09-19"
    assert details.findtext("ChildProtectionPlans/InitialCategoryOfAbuse") == "PHY"
    assert details.findtext("ChildProtectionPlans/NumberOfPreviousCPP") == "0"
    assert details.find("DateOfInitialCPC") is None  # rule 2884: one place only


def test_the_command_writes_the_file_and_logs_a_read_of_every_child(council: Any, tmp_path: Path) -> None:
    _assessed_plan_closed(council)
    other = make_child(by=council.worker, forename="Amy", surname="Jones", date_of_birth=date(2019, 1, 2))
    referral_receive(child=other, referral_date=date(2025, 7, 1), source="1A", by=council.worker)
    call_command(
        "export",
        "cin-census",
        "--year",
        "2026",
        "--out",
        str(tmp_path),
        "--as",
        council.users[Role.PERFORMANCE].username,
    )
    files = list(tmp_path.glob("*_cin_2026.xml"))
    assert len(files) == 1
    numbers = {e.text for e in parse_xml(files[0]).getroot().iter("LAchildID")}
    assert numbers == {council.child.person_number, other.person_number}
    logged = set(AccessLog.objects.filter(action="export").values_list("child_id", flat=True))
    assert logged == {council.child.pk, other.pk}
    with pytest.raises(CommandError, match="--year 1999"):
        call_command("export", "cin-census", "--year", "1999", "--out", str(tmp_path))


def test_the_period_is_april_to_march() -> None:
    period = CensusPeriod(2026)
    assert (period.start, period.end) == (date(2025, 4, 1), date(2026, 3, 31))


def test_a_child_born_after_the_census_date_is_reported_unborn(council: Any, tmp_path: Path) -> None:
    """A pre-birth referral in March, the baby born in April: the census to 31 March reports the expected date, not
    a birth after the period (8520), whatever date the return is made on."""
    baby = make_child(forename="Baby", surname="Later", date_of_birth=date(2025, 4, 20))
    referral_receive(
        child=baby, referral_date=date(2025, 3, 3), source="5A", by=council.users[Role.FRONT_DOOR]
    )
    identifiers = _child(_census(tmp_path, 2025), baby.person_number).find("ChildIdentifiers")
    assert identifiers is not None
    assert identifiers.find("PersonBirthDate") is None
    assert identifiers.findtext("ExpectedPersonBirthDate") == "2025-04-20"
    assert identifiers.findtext("Sex") == "U"  # not known before birth (8750)
