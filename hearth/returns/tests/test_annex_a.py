"""Ofsted's Annex A: children built through the services, exported, and the workbook read back as a person (or an
inspector) would see it. Every date is counted back from Hearth's today, so the tests hold on any day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from hearth.care.tests.helpers import start_care
from hearth.children_in_need.assessments import (
    assessment_authorise,
    assessment_complete,
    assessment_record,
    assessment_start,
)
from hearth.children_in_need.services import referral_decide, referral_receive
from hearth.core import clock
from hearth.core.models import AccessAction, AccessLog
from hearth.core.tests.queue import run_queued
from hearth.earlyhelp.episodes import early_help_assess, early_help_start
from hearth.frontdoor.services import contact_record
from hearth.health.services import health_assessment_record
from hearth.organisation.roles import Role
from hearth.organisation.services import allocation_change
from hearth.people.models import Person
from hearth.people.tests.factories import make_child
from hearth.protection.conferences import AttendanceRow, conference_record
from hearth.protection.enquiries import section_47_conclude, strategy_discussion_record
from hearth.protection.models import ChildProtectionPlan, Section47Enquiry, Section47Outcome
from hearth.returns import annex_a
from hearth.returns.annex_a import LISTS, annex_a_period
from hearth.returns.annex_a_workbook import CONTENT_TYPE, annex_a_write
from hearth.returns.models import ExportStatus, ReturnExport
from hearth.visits.services import visit_record

pytestmark = pytest.mark.dates  # reads Hearth's today: run again on each date by `make test-dates`

SHEETS = [f"List {n}" for n in range(1, 9)]
CHILD = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
DISABILITY = "Does the Child have a Disability"
ALLOCATED = ["Allocated Team", "Allocated Worker"]


def ago(days: int) -> date:
    return clock.today() - timedelta(days=days)


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass
class Children:
    referred: Person  # a contact, then a referral assessed
    early_help: Person
    protected: Person  # a section 47 enquiry leading to a child protection plan
    looked_after: Person
    outside: Person  # a contact before the period only


def _build(council: Any) -> Children:
    front_door, worker, manager = council.users[Role.FRONT_DOOR], council.worker, council.manager
    chair = council.users[Role.CHILD_PROTECTION_CHAIR]

    referred = council.child  # allocated to the council's worker and team since 2024
    contact_record(child=referred, received_on=ago(100), source="2A", concern="Hungry at school", by=worker)
    episode = referral_receive(child=referred, referral_date=ago(90), source="2A", by=front_door)
    referral_decide(episode=episode, decision="assessment", decided_on=ago(90), by=front_door)
    assessment = assessment_start(episode=episode, start_date=ago(89), by=worker)
    assessment_record(
        assessment=assessment,
        version=assessment.version,
        values={
            "child_seen_date": ago(88),
            "child_views": "Likes school",
            "parents_views": "Want help",
            "analysis": "Needs support",
            "outcome": "cin_plan",
            "factors": ["16A"],
            "primary_need": "N1",
        },
        findings={},
        by=worker,
    )
    assessment_complete(assessment=assessment, completed_on=ago(70), by=worker)
    assessment_authorise(assessment=assessment, authorised_on=ago(69), rationale="CIN plan", by=manager)

    early = make_child(by=worker, forename="Amara", surname="Okoye", date_of_birth=date(2019, 6, 1), sex="F")
    help_episode = early_help_start(
        child=early,
        start_date=ago(120),
        lead_professional="Ms Patel",
        lead_organisation="Oakfield Primary School",
        reason="Attendance",
        by=worker,
    )
    early_help_assess(episode=help_episode, assessed_on=ago(110), summary="Routines at home", by=worker)

    protected = make_child(
        by=worker, forename="Ben", surname="Hall", date_of_birth=date(2014, 2, 3), sex="M", ethnicity="WBRI"
    )
    allocation_change(
        child_id=protected.pk,
        worker=worker,
        team=council.team,
        start_date=ago(61),
        reason="Referral",
        by=front_door,
    )
    referral_receive(child=protected, referral_date=ago(60), source="6", by=front_door)
    strategy_discussion_record(
        child=protected,
        held_on=ago(59),
        is_meeting=True,
        led_by=manager,
        agencies=["police", "health"],
        information_shared="Bruising",
        section_47=True,
        decision_reason="Significant harm suspected",
        by=manager,
    )
    enquiry = Section47Enquiry.objects.get(child=protected)
    section_47_conclude(enquiry=enquiry, ended_on=ago(50), outcome=Section47Outcome.CONFERENCE, by=manager)
    conference_record(
        child=protected,
        kind="initial",
        held_on=ago(45),
        chair=chair,
        parents_present=True,
        child_participation="views_conveyed",
        child_views="Wants it to stop",
        attendance=[AttendanceRow("education", attended=True)],
        reports=[],
        decision="plan",
        category="NEG",
        risks="Neglect of basic care",
        by=chair,
    )
    plan = ChildProtectionPlan.objects.get(child=protected)
    visit_record(
        kind="cp",
        plan=plan,
        visit_date=ago(30),
        seen=True,
        seen_alone=True,
        bedroom_seen=True,
        not_seen_reason="",
        note="Seen at home",
        by=worker,
    )

    looked_after = make_child(
        by=worker,
        forename="Chloe",
        surname="Price",
        date_of_birth=date(2012, 9, 9),
        sex="F",
        ethnicity="BAFR",
    )
    start_care(council, ago(200), child=looked_after)
    health_assessment_record(
        child=looked_after,
        values={"kind": "initial", "assessed_on": ago(180), "assessed_by": "Dr Shah", "summary": "Well"},
        by=worker,
    )

    outside = make_child(by=worker, forename="Owen", surname="Before")
    contact_record(child=outside, received_on=ago(400), source="1A", concern="Old worry", by=worker)
    return Children(referred, early, protected, looked_after, outside)


def _read(data: bytes | Path) -> Any:
    return load_workbook(BytesIO(data) if isinstance(data, bytes) else data)


def _rows(book: Any, sheet: str) -> list[dict[str, Any]]:
    """A sheet's rows as a person reads them: heading to value, dates as dates."""
    rows = list(book[sheet].iter_rows(values_only=True))
    headings = rows[0]
    return [
        {
            heading: value.date() if isinstance(value, datetime) else value
            for heading, value in zip(headings, row, strict=True)
        }
        for row in rows[1:]
    ]


def _write(tmp_path: Path, on: date | None = None) -> Any:
    path = tmp_path / "annex-a.xlsx"
    with path.open("wb") as handle:
        annex_a_write(on or clock.today(), handle)
    return _read(path)


def test_each_list_is_a_sheet_with_ofsteds_headings(council: Any, tmp_path: Path) -> None:
    book = _write(tmp_path)
    assert book.sheetnames == SHEETS
    headings = {name: [cell.value for cell in book[name][1]] for name in SHEETS}
    assert headings["List 1"] == [*CHILD, "Date of Contact", "Contact Source"]
    assert headings["List 2"] == [
        *CHILD,
        "Assessment start date",
        "Assessment completion date",
        "Organisation completing assessment",
    ]
    assert headings["List 3"] == [
        *CHILD,
        "Date of referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        *ALLOCATED,
    ]
    assert headings["List 4"][:6] == [*CHILD, DISABILITY]
    assert headings["List 5"][6] == "Strategy discussion initiating Section 47 Enquiry Start Date"
    assert headings["List 6"][6:12] == [
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
    ]
    assert headings["List 7"][6] == "Child Protection Plan Start Date"
    assert headings["List 8"][5:8] == [
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
        DISABILITY,
        "Date Started to be Looked After",
    ]
    for name in SHEETS[2:]:
        assert headings[name][-2:] == ALLOCATED, name
    for name in SHEETS[3:]:
        assert DISABILITY in headings[name], name
    assert all(book[name].freeze_panes == "B2" for name in SHEETS)
    assert [list(item.columns) for item in LISTS] == [headings[name] for name in SHEETS]


def test_the_lists_hold_the_childrens_work_as_a_person_reads_it(council: Any, tmp_path: Path) -> None:
    children = _build(council)
    on = clock.today()
    book = _write(tmp_path)
    worker, team = council.worker.full_name, council.team.name

    referred = children.referred
    assert _rows(book, "List 1") == [
        {
            "Child Unique ID": referred.person_number,
            "Gender": "b) Female",
            "Ethnicity": "s) NOBT",
            "Date of Birth": date(2016, 3, 14),
            "Age of Child (Years)": age_on(date(2016, 3, 14), on),
            "Date of Contact": ago(100),
            "Contact Source": "e) 2A: Schools",
        }
    ]
    early = children.early_help
    assert _rows(book, "List 2") == [
        {
            "Child Unique ID": early.person_number,
            "Gender": "b) Female",
            "Ethnicity": "s) NOBT",
            "Date of Birth": date(2019, 6, 1),
            "Age of Child (Years)": age_on(date(2019, 6, 1), on),
            "Assessment start date": ago(120),
            "Assessment completion date": ago(110),
            "Organisation completing assessment": "Oakfield Primary School",
        }
    ]
    referrals = {row["Child Unique ID"]: row for row in _rows(book, "List 3")}
    assert referrals[referred.person_number] | {} == {
        **{key: referrals[referred.person_number][key] for key in CHILD},
        "Date of referral": ago(90),
        "Referral Source": "e) 2A: Schools",
        "Referral NFA?": "No",
        "Number of Referrals in Last 12 Months": 1,
        "Allocated Team": team,
        "Allocated Worker": worker,
    }
    protected = children.protected
    assert referrals[protected.person_number]["Referral Source"] == "q) 6: Police"
    assert referrals[protected.person_number]["Gender"] == "a) Male"
    assert referrals[protected.person_number]["Ethnicity"] == "a) WBRI"
    assert referrals[protected.person_number]["Allocated Worker"] == worker

    [assessment] = _rows(book, "List 4")
    assert assessment["Child Unique ID"] == referred.person_number
    assert {key: value for key, value in assessment.items() if key not in CHILD} == {
        DISABILITY: "Unknown",
        "Continuous Assessment Start Date": ago(89),
        "Child Seen During Continuous Assessment": "Yes",
        "Continuous Assessment Date of Authorisation": ago(69),
        "Was the child assessed as requiring LA children's social care support?": "Yes",
        "Allocated Team": team,
        "Allocated Worker": worker,
    }

    [enquiry] = _rows(book, "List 5")
    assert {key: value for key, value in enquiry.items() if key not in CHILD} == {
        DISABILITY: "Unknown",
        "Strategy discussion initiating Section 47 Enquiry Start Date": ago(59),
        "Was an Initial Child Protection Conference deemed unnecessary?": "No",
        "Date of Initial Child Protection Conference": ago(45),
        "Did the Initial Child Protection Conference Result in a Child Protection Plan": "Yes",
        "Number of Section 47 Enquiries in the last 12 months": 1,
        "Number of ICPCs in the last 12 months": 1,
        "Allocated Team": team,
        "Allocated Worker": worker,
    }

    in_need = {row["Child Unique ID"]: row for row in _rows(book, "List 6")}
    assert set(in_need) == {referred.person_number, protected.person_number}
    assert in_need[referred.person_number]["CIN Start Date"] == ago(90)
    assert in_need[referred.person_number]["Primary Need Code"] == "N1 - Abuse or neglect"
    assert in_need[referred.person_number]["Date Child Was Last Seen"] == ago(88)
    assert in_need[referred.person_number]["CIN Closure Date"] is None
    assert in_need[protected.person_number]["Case Status"] == "b) Child Protection plan"
    assert in_need[protected.person_number]["Date Child Was Last Seen"] == ago(30)

    [plan] = _rows(book, "List 7")
    assert {key: value for key, value in plan.items() if key not in CHILD} == {
        DISABILITY: "Unknown",
        "Child Protection Plan Start Date": ago(45),
        "Initial Category of Abuse": "a) Neglect",
        "Latest Category of Abuse": "a) Neglect",
        "Date of the Last Statutory Visit": ago(30),
        "Was the Child Seen Alone?": "Yes",
        "Date of latest review conference": None,
        "Child Protection Plan End Date": None,
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)": "No",
        "Number of Previous Child Protection Plans": 0,
        "Allocated Team": team,
        "Allocated Worker": worker,
    }

    looked_after = children.looked_after
    [cared] = _rows(book, "List 8")
    assert cared["Child Unique ID"] == looked_after.person_number
    assert cared["Ethnicity"] == "o) BAFR"
    assert cared["Date Started to be Looked After"] == ago(200)
    assert cared["Child's Category of Need"] == "N1 - Abuse or neglect"
    assert cared["Child's Legal Status"] == "V2: Single period under S20"
    assert cared["Start date of current legal status"] == ago(200)
    assert cared["Placement Type"] == "f) U6: Foster placement - not FFA"
    assert cared["Placement Provider"] == "b) PR1: Own provision"
    assert cared["Placement postcode"] == "NE6 2XA"
    assert cared["Placement Location"] == "a) In"
    assert cared["Start Date of Most Recent Placement"] == ago(200)
    assert cared["Number of Placements in the Last 12 months"] == 1
    assert cared["Date of Last Health Assessment"] == ago(180)
    assert cared["Date Ceased to be Looked After"] is None
    assert cared["Reason Ceased to be Looked After"] is None
    assert cared["What is the permanence plan for this child?"] is None  # not recorded in Hearth
    assert cared["Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"] == "No"
    assert (
        cared[
            "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)"
        ]
        == "No"
    )
    assert cared["Allocated Team"] is None and cared["Allocated Worker"] is None  # no one allocated

    everyone = {row["Child Unique ID"] for name in SHEETS for row in _rows(book, name)}
    assert children.outside.person_number not in everyone


def test_dates_are_excel_dates_shown_day_month_year(council: Any, tmp_path: Path) -> None:
    _build(council)
    book = _write(tmp_path)
    contact = book["List 1"][2]
    assert contact[3].is_date and contact[5].is_date
    assert contact[5].number_format == "dd/mm/yyyy"
    assert contact[5].value == datetime.combine(ago(100), datetime.min.time())


def test_the_period_is_the_settings_months_ending_on_the_day(settings: Any) -> None:
    period = annex_a_period(date(2026, 3, 31))
    assert (period.start, period.end) == (date(2025, 4, 1), date(2026, 3, 31))
    settings.HEARTH_ANNEX_A_MONTHS = 6
    period = annex_a_period(date(2026, 8, 31))
    assert (period.start, period.end) == (date(2026, 3, 1), date(2026, 8, 31))


def test_a_shorter_period_leaves_out_what_happened_before_it(
    council: Any, tmp_path: Path, settings: Any
) -> None:
    children = _build(council)
    settings.HEARTH_ANNEX_A_MONTHS = 3  # about 90 days: the contact 100 days ago is before it
    book = _write(tmp_path)
    assert _rows(book, "List 1") == []
    assert [row["Child Unique ID"] for row in _rows(book, "List 8")] == [children.looked_after.person_number]


def test_the_lists_are_as_the_records_stood_on_the_day(council: Any, tmp_path: Path) -> None:
    """Made on a day before the plan began and the visit: neither is there yet."""
    children = _build(council)
    book = _write(tmp_path, on=ago(55))
    assert _rows(book, "List 7") == []
    [enquiry] = _rows(book, "List 5")
    assert enquiry["Child Unique ID"] == children.protected.person_number
    assert enquiry["Date of Initial Child Protection Conference"] is None
    assert (
        enquiry["Was an Initial Child Protection Conference deemed unnecessary?"] is None
    )  # not yet concluded
    [assessment] = _rows(book, "List 4")
    assert assessment["Continuous Assessment Date of Authorisation"] == ago(69)


def test_the_read_asks_a_fixed_number_of_queries_however_many_children(
    council: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _build(council)
    period = annex_a_period(clock.today())

    def queries(chunk_size: int) -> int:
        monkeypatch.setattr(annex_a, "CHUNK", chunk_size)
        with CaptureQueriesContext(connection) as captured:
            children = list(annex_a.annex_a_rows(period))
        assert len(children) == 4
        return len(captured.captured_queries)

    one_chunk, four_chunks = queries(100), queries(1)
    per_chunk = (four_chunks - one_chunk) // 3
    assert one_chunk == 1 + per_chunk  # the children on the lists, then each chunk's reads
    assert per_chunk == 20


@pytest.mark.django_db(transaction=True)
def test_a_second_process_reads_while_the_workbook_is_written_and_the_lists_are_the_same(
    council: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a council's size a second process reads each chunk while this one writes (PostgreSQL, outside a
    transaction): the workbook is the one read in turn, chunk by chunk in order."""
    if connection.vendor != "postgresql":
        pytest.skip("the second reader runs on PostgreSQL, the production database")
    _build(council)
    monkeypatch.setattr(annex_a, "CHUNK", 1)  # a chunk a child: four chunks handed across in order
    assert annex_a.read_in_another_process()
    in_parallel = _write(tmp_path)
    with transaction.atomic():
        assert not annex_a.read_in_another_process()
        in_turn = _write(tmp_path)
    assert connection.connection is None or connection.is_usable()
    for name in SHEETS:
        assert _rows(in_parallel, name) == _rows(in_turn, name), name
    assert all(_rows(in_parallel, name) for name in SHEETS)  # each of the four children on its lists


def test_the_command_writes_the_workbook_and_logs_a_read_of_every_child(council: Any, tmp_path: Path) -> None:
    children = _build(council)
    out = tmp_path / "inspection" / "annex-a.xlsx"
    performance = council.users[Role.PERFORMANCE]
    call_command(
        "export",
        "annex-a",
        "--on",
        clock.today().isoformat(),
        "--out",
        str(out),
        "--as",
        performance.username,
        stdout=(stdout := StringIO()),
    )
    assert "4 children" in stdout.getvalue()
    book = _read(out)
    assert book.sheetnames == SHEETS
    logged = AccessLog.objects.filter(action=AccessAction.EXPORT)
    on_the_lists = {
        children.referred.pk,
        children.early_help.pk,
        children.protected.pk,
        children.looked_after.pk,
    }
    assert sorted(logged.values_list("child_id", flat=True)) == sorted(on_the_lists)
    assert set(logged.values_list("user_id", flat=True)) == {performance.pk}
    assert set(logged.values_list("path", flat=True)) == {f"export annex-a {clock.today().isoformat()}"}
    assert not list(out.parent.glob("*.part"))


@pytest.mark.parametrize(
    ("on", "message"),
    [
        ("tomorrow", "--on {tomorrow} is after today"),
        ("2026-02-30", "--on 2026-02-30: write the date Annex A is made on as YYYY-MM-DD"),
        ("27/03/2026", "--on 27/03/2026: write the date"),
    ],
)
def test_the_command_refuses_a_future_or_malformed_date_and_writes_nothing(
    council: Any, tmp_path: Path, on: str, message: str
) -> None:
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    out = tmp_path / "annex-a.xlsx"
    with pytest.raises(CommandError) as refused:
        call_command("export", "annex-a", "--on", tomorrow if on == "tomorrow" else on, "--out", str(out))
    assert message.format(tomorrow=tomorrow) in str(refused.value)
    assert not out.exists() and not list(tmp_path.iterdir())
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT).exists()


def test_the_other_returns_still_take_a_year(council: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cin-census needs --year"):
        call_command("export", "cin-census", "--out", str(tmp_path))
    with pytest.raises(CommandError, match="annex-a takes --on"):
        call_command("export", "annex-a", "--year", "2026", "--out", str(tmp_path / "a.xlsx"))


# The page


@pytest.fixture
def exports_in_tmp(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post_annex(client: Client, on: date | dict[str, str]) -> Any:
    parts = on if isinstance(on, dict) else {"on_0": str(on.day), "on_1": str(on.month), "on_2": str(on.year)}
    response = client.post(reverse("returns:exports"), {**parts, "annex_a": "1"})
    run_queued()
    return response


def test_the_page_exports_annex_a_in_the_background_and_serves_the_workbook(
    council: Any, exports_in_tmp: Path
) -> None:
    children = _build(council)
    performance = council.users[Role.PERFORMANCE]
    client = _client(performance)
    page = client.get(reverse("returns:exports")).content.decode()
    assert 'name="on_0"' in page and 'name="on_1"' in page and 'name="on_2"' in page
    assert "govuk-date-input" in page

    response = _post_annex(client, clock.today())
    export = ReturnExport.objects.get()
    assert response["Location"] == reverse("returns:export", kwargs={"export_pk": export.pk})
    assert (export.return_name, export.on_date, export.collection_year) == ("annex-a", clock.today(), None)
    assert export.status == ExportStatus.DONE, export.error
    assert (export.children_done, export.children_total) == (4, 4)

    text = client.get(response["Location"]).content.decode()
    assert "Export complete" in text and "4 children" in text and "episode" not in text
    download = client.get(reverse("returns:download", kwargs={"export_pk": export.pk}))
    assert download.status_code == 200
    assert download["Content-Type"] == CONTENT_TYPE
    name = f"931_annex_a_{clock.today():%Y-%m-%d}.xlsx"
    assert download["Content-Disposition"] == f'attachment; filename="{name}"'
    book = _read(b"".join(download.streaming_content))
    assert book.sheetnames == SHEETS
    assert [row["Child Unique ID"] for row in _rows(book, "List 7")] == [children.protected.person_number]

    logged = AccessLog.objects.filter(action=AccessAction.EXPORT)
    assert logged.count() == 4 and set(logged.values_list("user_id", flat=True)) == {performance.pk}
    assert client.get(reverse("returns:exports")).content.decode().count("made on") >= 1


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({}, "Enter the date Annex A is made on."),
        ({"on_0": "30", "on_1": "2", "on_2": "2026"}, "The date Annex A is made on must be a real date."),
        ({"on_0": "3", "on_1": "", "on_2": "2026"}, "The date Annex A is made on must include a month."),
        ("tomorrow", "The date Annex A is made on must be today or in the past"),
    ],
)
def test_the_page_refuses_a_bad_or_future_date_on_its_field(
    council: Any, exports_in_tmp: Path, parts: Any, message: str
) -> None:
    tomorrow = clock.today() + timedelta(days=1)
    response = _post_annex(
        _client(council.users[Role.PERFORMANCE]), tomorrow if parts == "tomorrow" else parts
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["annex_form"].errors["on"])
    assert 'href="#id_on_0"' in response.content.decode()
    assert not response.context["form"].errors  # the census's form is not the one posted
    assert not ReturnExport.objects.exists()


def test_only_the_roles_that_export_returns_may_export_annex_a(council: Any, exports_in_tmp: Path) -> None:
    response = _post_annex(_client(council.worker), clock.today())
    assert response.status_code == 403
    assert not ReturnExport.objects.exists()
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT).exists()


def test_a_child_who_came_back_into_care_went_missing_and_left_care_reads_into_list_8(
    council: Any, tmp_path: Path
) -> None:
    from hearth.care.reviews import iro_allocate, review_record
    from hearth.care.services import care_end
    from hearth.missing.services import missing_episode_record, return_interview_record

    worker, iro = council.worker, council.users[Role.INDEPENDENT_REVIEWING_OFFICER]
    child = make_child(by=worker, forename="Dana", surname="Reid", date_of_birth=date(2011, 1, 10), sex="F")
    allocation_change(
        child_id=child.pk, worker=worker, team=council.team, start_date=ago(340), reason="R", by=None
    )
    first = start_care(council, ago(330), child=child)
    care_end(period=first, end_date=ago(250), reason_ceased="E4A", by=worker)
    second = start_care(council, ago(200), child=child)
    iro_allocate(period=second, iro=iro, on=ago(199), by=council.manager)
    second.refresh_from_db()
    review_record(
        period=second,
        version=second.version,
        held_on=ago(150),
        participation="PN1",
        iro_met_child_on=ago(152),
        child_views="Wants to go home",
        summary="Settled",
        recommendations=[],
        progress=[],
        by=iro,
    )
    away = {"missing_from": "Oak House", "risk": "medium", "police_informed": True}
    episode = missing_episode_record(
        child=child,
        values=away | {"kind": "missing", "started_on": ago(100), "ended_on": ago(99), "where_found": "Park"},
        by=worker,
    )
    return_interview_record(
        episode=episode, values={"outcome": "held", "interview_on": ago(98), "interviewer": "Sam"}, by=worker
    )
    missing_episode_record(
        child=child,
        values=away | {"kind": "away", "started_on": ago(80), "ended_on": ago(80), "where_found": "Friend's"},
        by=worker,
    )
    care_end(period=second, end_date=ago(20), reason_ceased="E4A", by=worker)

    [row] = _rows(_write(tmp_path), "List 8")
    assert {key: row[key] for key in row if key not in CHILD and key not in ALLOCATED} == {
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)": "No",
        DISABILITY: "Unknown",
        "Date Started to be Looked After": ago(200),
        "Child's Category of Need": "N1 - Abuse or neglect",
        "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)": "Yes",
        "Start date of current legal status": ago(200),
        "Child's Legal Status": "V2: Single period under S20",
        "Date of Latest Statutory Review": ago(150),
        "Date of Last Social Work Visit": None,
        "What is the permanence plan for this child?": None,
        "Date of Last IRO Visit / Contact to the Child": ago(152),
        "Date of Last Health Assessment": None,
        "Date of Last Dental Check": None,
        "Number of Placements in the Last 12 months": 2,
        "Date Ceased to be Looked After": ago(20),
        "Reason Ceased to be Looked After": "e) E4A: Returned home to live with parents or relatives - part of planning",
        "Start Date of Most Recent Placement": ago(200),
        "Placement Type": "f) U6: Foster placement - not FFA",
        "Placement Provider": "b) PR1: Own provision",
        "Placement postcode": "NE6 2XA",
        "URN of Placement": None,
        "Placement Location": "a) In",
        "LA of Placement": "Northmoor Borough Council",
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months": 1,
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months": 1,
        "Was the child offered a Return Interview after their last missing episode (Y/N)?": "Yes",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?": "Yes",
    }
    assert (row["Allocated Team"], row["Allocated Worker"]) == (council.team.name, worker.full_name)
