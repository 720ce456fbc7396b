"""Importing an earlier CIN census: the round trip, idempotency, and bad input refused with nothing written."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from defusedxml.ElementTree import fromstring
from django.core.management import CommandError, call_command
from django.db import models

from hearth.children_in_need.models import Assessment, CinEpisode, CinPlan
from hearth.core.council_settings import setting_value
from hearth.core.models import ChangeLog, Event, Obligation
from hearth.core.tests.queue import run_queued
from hearth.people.models import NameToken, Person, PersonDisability
from hearth.people.tests.factories import make_adult, make_child
from hearth.protection.models import (
    ChildProtectionPlan,
    Conference,
    Section47Enquiry,
    StrategyDiscussion,
)
from hearth.quality.models import QualityFailure
from hearth.returns.census_in import CensusRefused
from hearth.returns.cin_census import cin_census_write
from hearth.returns.importer import cin_census_import
from hearth.returns.models import CensusImport

DATA = Path(__file__).parent / "data"
SMALL = DATA / "import_2025_small.xml"
COUNTED: list[type[models.Model]] = [
    Person,
    PersonDisability,
    NameToken,
    CinEpisode,
    Assessment,
    CinPlan,
    StrategyDiscussion,
    Section47Enquiry,
    Conference,
    ChildProtectionPlan,
    Event,
    Obligation,
    ChangeLog,
]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def _canonical(element: ET.Element) -> tuple[Any, ...]:
    """An element as a comparable value: tag, text and children in sorted order; the Header's DateTime left out."""
    children = sorted(_canonical(child) for child in element if child.tag != "DateTime")
    return (element.tag, (element.text or "").strip(), tuple(children))


def _export(year: int) -> ET.Element:
    out = io.StringIO()
    cin_census_write(year, out, now=datetime(2026, 4, 2, 9, 0))
    root: ET.Element = fromstring(out.getvalue())
    return root


def _variant(tmp_path: Path, change: Callable[[str], str], name: str = "variant.xml") -> Path:
    path = tmp_path / name
    path.write_text(change(SMALL.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def _refused(path: Path, year: int = 2025) -> list[str]:
    before = _counts()
    with pytest.raises(CensusRefused) as refused:
        cin_census_import(path, year)
    assert _counts() == before, "a refused file must write nothing"
    return [str(problem) for problem in refused.value.report.refused]


def test_an_imported_census_exports_as_the_same_census(db: None) -> None:
    report = cin_census_import(SMALL, 2025)
    assert report.ok and report.children == 4
    assert report.not_loaded == [] and not report.updated
    original = fromstring(SMALL.read_bytes())
    assert _canonical(_export(2025)) == _canonical(original)


def test_imported_history_has_its_events_and_obligations(db: None) -> None:
    cin_census_import(SMALL, 2025)
    child = Person.objects.get(person_number="MIG1003")
    types = list(
        Event.objects.filter(child=child).order_by("occurred_on", "pk").values_list("type", flat=True)
    )
    for expected in (
        "referral.received",
        "strategy_discussion.held",
        "icpc.held",
        "cp_plan.started",
        "rcpc.held",
    ):
        assert expected in types
    clock = Obligation.objects.get(child=child, rule_id="cp.icpc")
    assert (clock.start_date, clock.due_date, clock.status) == (date(2024, 4, 16), date(2024, 5, 8), "met")
    discussion = StrategyDiscussion.objects.get(child=child)
    assert "Imported from the CIN census" in discussion.decision_reason
    assert (
        ChangeLog.objects.filter(child_id=child.pk, action="create", model="protection.conference").count()
        == 3
    )
    # One create row per record, holding what was loaded; nothing logged as an update of a record just made.
    assert not ChangeLog.objects.filter(action="update").exists()
    assessment = ChangeLog.objects.get(child_id=child.pk, model="children_in_need.assessment")
    assert assessment.after is not None and assessment.after["authorisation_date"] == "2024-05-20"
    unborn = Person.objects.get(person_number="MIG1004")
    assert (unborn.date_of_birth, unborn.expected_date_of_birth, unborn.sex) == (None, date(2025, 5, 20), "U")
    assert Person.objects.get(person_number="MIG1002").sex == "F"


def test_importing_the_same_file_twice_changes_nothing(db: None) -> None:
    cin_census_import(SMALL, 2025)
    before = _counts()
    again = cin_census_import(SMALL, 2025)
    assert _counts() == before
    assert not again.created and not again.updated and again.not_loaded == []


@pytest.mark.parametrize(
    ("change", "year", "expected"),
    [
        (lambda text: text.replace("</Children>", "<Child>"), 2025, "not well-formed XML"),
        (lambda text: text, 2024, "Header / CollectionDetails / Year: 2025, but --year is 2024"),
        (
            lambda text: text.replace("<ReferenceDate>2025-03-31", "<ReferenceDate>2025-04-01"),
            2025,
            "Header / CollectionDetails / ReferenceDate: 2025-04-01, but the year 2025 ends 2025-03-31",
        ),
        (
            lambda text: text.replace("MIG1002", "MIG1001"),
            2025,
            "Child MIG1001 / LAchildID: the same child again (first as child 1)",
        ),
        (
            lambda text: text.replace(
                "<CPPstartDate>2024-05-02</CPPstartDate>",
                "<CPPstartDate>2024-05-02</CPPstartDate><CPPendDate>2024-04-30</CPPendDate>",
            ),
            2025,
            "Child MIG1003 / CINdetails 1 / ChildProtectionPlans 1 / CPPendDate: 2024-04-30 is before the "
            "CPPstartDate 2024-05-02",
        ),
        (
            lambda text: text.replace("<CINPlanEndDate>2025-02-14", "<CINPlanEndDate>2024-06-01"),
            2025,
            "Child MIG1002 / CINdetails 1 / CINPlanDates 1 / CINPlanEndDate: 2024-06-01 is before the "
            "CINPlanStartDate 2024-06-17",
        ),
        (
            lambda text: text.replace("<CINreferralDate>2024-05-01", "<CINreferralDate>01/05/2024"),
            2025,
            "Child MIG1002 / CINdetails 1 / CINreferralDate: not a date (YYYY-MM-DD): '01/05/2024'",
        ),
        (
            lambda text: text.replace("<ReferralSource>2A", "<ReferralSource>2Z"),
            2025,
            "Child MIG1002 / CINdetails 1 / ReferralSource: '2Z' is not a code of the list",
        ),
        (
            lambda text: text.replace("<AssessmentFactors>16A", "<AssessmentFactors>99Z"),
            2025,
            "Child MIG1002 / CINdetails 1 / Assessments 1 / AssessmentFactors 2: '99Z' is not a code of the list",
        ),
        (
            lambda text: text.replace("<Sex>F</Sex>", ""),
            2025,
            "Child MIG1002 / Sex: missing",
        ),
        (
            lambda text: text.replace(
                '<?xml version="1.0" encoding="utf-8"?>',
                '<?xml version="1.0"?><!DOCTYPE Message [<!ENTITY x "boom">]>',
            ),
            2025,
            "forbidden construct",
        ),
    ],
    ids=[
        "malformed",
        "wrong-year",
        "reference-date",
        "duplicate-child",
        "cp-plan-ends-before-start",
        "cin-plan-ends-before-start",
        "not-a-date",
        "unknown-code",
        "unknown-factor",
        "missing-sex",
        "entity",
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(
    db: None, tmp_path: Path, change: Callable[[str], str], year: int, expected: str
) -> None:
    # New children alongside the defect: none of them may be loaded.
    path = _variant(tmp_path, lambda text: change(text).replace("MIG100", "NEW100"))
    problems = _refused(path, year)
    assert any(expected.replace("MIG100", "NEW100") in problem for problem in problems), problems
    assert not Person.objects.exists()


def test_a_refused_file_leaves_an_earlier_import_as_it_was(db: None, tmp_path: Path) -> None:
    cin_census_import(SMALL, 2025)
    path = _variant(tmp_path, lambda text: text.replace("MIG1004", "MIG1001").replace("NOBT", "WBRI"))
    problems = _refused(path)
    assert "Child MIG1001 / LAchildID: the same child again (first as child 1)" in problems


def test_an_existing_child_is_filled_in_and_differences_are_reported(db: None) -> None:
    held = make_child(forename="Ava", surname="Hill", date_of_birth=date(2013, 2, 11), sex="M")
    Person.objects.filter(pk=held.pk).update(person_number="MIG1002")
    report = cin_census_import(SMALL, 2025)
    held.refresh_from_db()
    assert (held.forename, held.upn, held.ethnicity, held.sex) == ("Ava", "A201250100001", "MWBA", "M")
    assert [str(problem) for problem in report.not_loaded] == [
        "Child MIG1002 / sex: the file has 'F'; Hearth already holds 'M'"
    ]
    assert report.updated["Person"] == 1


CENSUS = """<?xml version="1.0" encoding="utf-8"?>
<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>{year}</Year>
<ReferenceDate>{year}-03-31</ReferenceDate></CollectionDetails></Header><Children><Child>
<ChildIdentifiers><LAchildID>MIG1003</LAchildID><PersonBirthDate>2016-10-05</PersonBirthDate>{sex}
</ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
<CINdetails>{details}<ReferralNFA>false</ReferralNFA>{plans}</CINdetails></Child></Children></Message>"""


def test_a_later_census_closes_what_the_earlier_one_left_open(db: None, tmp_path: Path) -> None:
    cin_census_import(SMALL, 2025)
    later = tmp_path / "later.xml"
    later.write_text(
        CENSUS.format(
            year=2026,
            sex="<Sex>M</Sex>",
            details="<CINreferralDate>2024-04-15</CINreferralDate><ReferralSource>6</ReferralSource>"
            "<PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>2025-09-30</CINclosureDate>"
            "<ReasonForClosure>RC7</ReasonForClosure>",
            plans="<ChildProtectionPlans><CPPstartDate>2024-05-02</CPPstartDate><CPPendDate>2025-07-10</CPPendDate>"
            "<InitialCategoryOfAbuse>PHY</InitialCategoryOfAbuse><LatestCategoryOfAbuse>PHY</LatestCategoryOfAbuse>"
            "<NumberOfPreviousCPP>0</NumberOfPreviousCPP><Reviews><CPPreviewDate>2025-07-10</CPPreviewDate>"
            "</Reviews></ChildProtectionPlans>",
        ),
        encoding="utf-8",
    )
    report = cin_census_import(later, 2026)
    assert report.not_loaded == []
    child = Person.objects.get(person_number="MIG1003")
    episode = CinEpisode.objects.get(child=child)
    plan = ChildProtectionPlan.objects.get(child=child)
    assert (episode.closure_date, episode.reason_for_closure, plan.end_date) == (
        date(2025, 9, 30),
        "RC7",
        date(2025, 7, 10),
    )
    assert Event.objects.filter(child=child, type__in=["cp_plan.ended", "cin_episode.closed"]).count() == 2
    assert not Obligation.objects.filter(child=child, status="open").exists()
    details = _export(2026).find("Children/Child/CINdetails")
    assert details is not None and details.findtext("ChildProtectionPlans/CPPendDate") == "2025-07-10"


def test_a_census_before_2025_reads_gender_current(db: None, tmp_path: Path) -> None:
    path = tmp_path / "old.xml"
    path.write_text(
        CENSUS.format(
            year=2024,
            sex="<GenderCurrent>2</GenderCurrent>",
            details="<CINreferralDate>2023-06-01</CINreferralDate><ReferralSource>2A</ReferralSource>",
            plans="",
        ),
        encoding="utf-8",
    )
    cin_census_import(path, 2024)
    assert Person.objects.get(person_number="MIG1003").sex == "F"
    path.write_text(path.read_text().replace("<GenderCurrent>2</GenderCurrent>", "<Sex>F</Sex>"))
    assert "Child MIG1003 / GenderCurrent: missing" in _refused(path, 2024)


def test_the_command_reports_and_refuses(db: None, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("import", "cin-census", str(SMALL), "--year", "2025", stdout=out)
    assert "Loaded the CIN census 2025: 4 children" in out.getvalue()
    with pytest.raises(CommandError, match="Refused: nothing was loaded") as refused:
        call_command("import", "cin-census", str(SMALL), "--year", "2024")
    assert "Header / CollectionDetails / Year: 2025, but --year is 2024" in str(refused.value)
    with pytest.raises(CommandError, match="--as nobody"):
        call_command("import", "cin-census", str(SMALL), "--year", "2025", "--as", "nobody")
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("import", "cin-census", str(tmp_path / "missing.xml"), "--year", "2025")


FAILURES = DATA / "import_2025_with_failures.xml"


def test_strict_mode_refuses_a_file_with_any_failing_record(db: None) -> None:
    problems = _refused(FAILURES)
    assert "Child FAIL04 / CINdetails 1 / CINreferralDate: not a date (YYYY-MM-DD): '03/07/2024'" in problems
    assert "Child FAIL01 / LAchildID: the same child again (first as child 1)" in problems
    assert any(
        problem.startswith("Child FAIL02 / UPN: A201250100001 is also the UPN of FAIL01")
        for problem in problems
    ), problems


def test_migration_mode_loads_what_can_be_held_and_reports_every_record(db: None) -> None:
    report = cin_census_import(FAILURES, 2025, mode="migration")
    by_number = {}
    for record in report.records:
        by_number.setdefault(record.number, []).append((record.outcome, record.reasons))
    (first, first_reasons), (again, again_reasons) = by_number["FAIL01"]
    assert (first, again) == ("with_failures", "refused")
    assert again_reasons == ["Child FAIL01 / LAchildID: the same child again (first as child 1)"]
    assert any("rule 1520" in reason for reason in first_reasons)
    outcome, reasons = by_number["FAIL02"][0]
    assert outcome == "with_failures"
    assert any(reason.startswith("rule 8610 (error)") for reason in reasons), reasons
    assert by_number["FAIL04"] == [
        ("refused", ["Child FAIL04 / CINdetails 1 / CINreferralDate: not a date (YYYY-MM-DD): '03/07/2024'"])
    ]
    assert by_number["FAIL03"][0][0] in {"loaded", "with_failures"}
    # What was loaded, and what was not.
    assert set(Person.objects.values_list("person_number", flat=True)) == {"FAIL01", "FAIL02", "FAIL03"}
    assert CinEpisode.objects.filter(child__person_number="FAIL01").count() == 1
    # The episode left open by the other system is closed as Hearth closes a referral needing no further action.
    episode = CinEpisode.objects.get(child__person_number="FAIL03")
    reason = setting_value("referral_nfa_closure_reason", date(2024, 6, 3))
    assert (episode.closure_date, episode.reason_for_closure) == (date(2024, 6, 3), reason)
    assert not Obligation.objects.filter(child=episode.child, status="open").exists()
    assert any(problem.where == "Child FAIL03 / CINdetails 1 / CINclosureDate" for problem in report.changed)
    # Each child's XML is kept with the import, with its outcome.
    kept = CensusImport.objects.get()
    assert (kept.mode, kept.loaded + kept.loaded_with_failures, kept.refused) == ("migration", 3, 2)
    rows = list(kept.children.order_by("position"))
    assert [row.la_child_id for row in rows] == ["FAIL01", "FAIL02", "FAIL03", "FAIL04", "FAIL01"]
    assert "<CINreferralDate>03/07/2024</CINreferralDate>" in rows[3].xml and rows[3].person is None
    assert rows[1].person is not None and rows[1].person.person_number == "FAIL02"
    # The failures are data quality items on the child's record, once the queue's check has run.
    run_queued()
    assert QualityFailure.objects.filter(child__person_number="FAIL02", rule="8610").exists()
    lines = "\n".join(report.lines())
    assert "Migration mode: " in lines and "Child FAIL04: refused" in lines


def test_a_dry_run_writes_only_the_report(db: None) -> None:
    before = _counts()
    report = cin_census_import(FAILURES, 2025, mode="migration", dry_run=True)
    assert _counts() == before and not CensusImport.objects.exists()
    assert report.lines()[0].startswith(
        "Dry run, nothing written: would load the CIN census 2025: 3 children"
    )
    assert [record.outcome for record in report.records].count("refused") == 2


def test_the_command_writes_the_report_as_csv(db: None, tmp_path: Path) -> None:
    out = io.StringIO()
    csv_path = tmp_path / "report.csv"
    call_command(
        "import",
        "cin-census",
        str(FAILURES),
        "--year",
        "2025",
        "--mode",
        "migration",
        "--dry-run",
        "--report",
        str(csv_path),
        stdout=out,
    )
    assert "Dry run, nothing written" in out.getvalue()
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["LAchildID"], row["Outcome"]) for row in rows][3:] == [
        ("FAIL04", "Refused"),
        ("FAIL01", "Refused"),
    ]
    assert "not a date" in rows[3]["Reasons"]
    assert not Person.objects.exists()


def test_a_census_from_another_council_is_refused(db: None, tmp_path: Path) -> None:
    path = _variant(tmp_path, lambda text: text.replace("<LEA>931</LEA>", "<LEA>204</LEA>"))
    problems = _refused(path)
    assert problems[0].startswith("Header / Source / LEA: 204, but this Hearth is the council numbered 931")


def test_a_upn_already_held_for_another_child_is_never_silent(db: None) -> None:
    held = make_child(forename="Ava", surname="Hill", date_of_birth=date(2013, 2, 11), sex="F")
    Person.objects.filter(pk=held.pk).update(upn="P201250100002")
    problems = _refused(SMALL)
    assert problems == [
        "Child MIG1003 / UPN: P201250100002 is also the UPN of "
        f"{held.person_number} (rule 1520: a UPN is one child's)"
    ]


def test_strict_mode_refuses_a_file_naming_a_childs_number_held_for_an_adult(db: None) -> None:
    adult = make_adult(forename="Ann", surname="Adult")
    Person.objects.filter(pk=adult.pk).update(person_number="MIG1002")
    problems = _refused(SMALL)
    assert problems == [
        "Child MIG1002 / LAchildID: Hearth holds this number for an adult: the child is not loaded"
    ]
    report = cin_census_import(SMALL, 2025, mode="migration")
    assert [record.outcome for record in report.records].count("refused") == 1
