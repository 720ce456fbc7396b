"""The SSDA903 Header, Episodes and Reviews as a read of the care records (issue 16 item 2), checked by the validator
councils use (csc-validator-be-903 in .venv-903): the demo council's episodes, written by the care services' rules
and the generator, pass every rule the export has the data for; an overlap the services would refuse is caught."""

from __future__ import annotations

import csv
from datetime import date
from typing import Any

import pytest

from hearth.care.models import CareEpisode
from hearth.core import clock
from hearth.demo.tests.test_seed import _seed
from hearth.returns.ssda903 import EPISODES, ssda903_tables, write_ssda903
from hearth.returns.ssda903_validator import CRASHING_RULES, validate_ssda903

LA_CODE = "E10000025"
YEAR = 2026  # 1 April 2025 to 31 March 2026: the year of the records the tests below write on fixed dates
NEWEST_RULESET = 2027  # the newest collection year csc-validator-be-903 0.1.17 has rules for (lac2026_27)


def demo_year() -> int:
    """The demo council is built for Hearth's today (ADR 14): its latest complete collection year, as far as the
    validator has rules."""
    return min(clock.latest_complete_collection_year(clock.today()), NEWEST_RULESET)


# Rules the demo cannot pass, and why: none is about the episodes' timeline.
NOT_EXPORTED_OR_FICTIONAL = {
    "169": "the placement's local authority comes from the ONS postcode directory: the demo's postcodes are fictional",
    "179": "as 169: the placement location is derived from the postcode",
    "392c": "as 169: the demo's postcodes are not in the ONS directory",
    "241": "as 169: a K3 placement's local authority (PL_LA) comes from the ONS directory",
    "393": "MOTHER is not yet exported: Hearth does not record a young person's own children (issue 19)",
    "607": "as 393",
    "543": "CONVICTED is left blank: Hearth does not record convictions (issue 19), so each child aged 10 or over "
    "looked after all year is reported, which is the gap to see",
    "577": "csc-validator-be-903 0.1.17 flags a missing or away episode still open at 31 March for a child still "
    "looked after, which the 903 allows (no end date yet); seen in the test below, to be taken up with issue 19",
}
EPISODE_RULES = {"501", "502", "503A", "503B", "503C", "504", "225", "226", "435", "436", "437", "388", "433"}


@pytest.mark.django_db
def test_the_demo_councils_episodes_pass_the_ssda903_validator(settings: Any, tmp_path: Any) -> None:
    _seed(settings, tmp_path)
    year = demo_year()
    tables = ssda903_tables(year)
    assert tables["Episodes"] and tables["Header"] and tables["Reviews"]
    paths = write_ssda903(tables, tmp_path / "903")
    with paths[1].open(encoding="utf-8") as episodes:
        assert tuple(next(csv.reader(episodes))) == EPISODES  # the validator knows a table by its columns
    report = validate_ssda903(tmp_path / "903", year, LA_CODE)
    assert set(report.crashed) <= CRASHING_RULES, report.crashed
    ran = set(report.ran)
    assert {"501", "225", "435", "144", "146", "149"} <= ran, "the episode rules ran"
    assert {"574", "575", "577", "578", "580", "581"} <= ran, "the missing rules ran"
    assert {"157", "158", "159", "181", "182", "186", "188", "189", "191", "197B", "545", "546"} <= ran, (
        "OC2's"
    )
    assert tables["OC2"], "children looked after all year have health rows"
    failing = {code: entry for code, entry in report.failures.items() if entry["children"]}
    unexplained = {
        code: entry["message"] for code, entry in failing.items() if code not in NOT_EXPORTED_OR_FICTIONAL
    }
    assert not unexplained, unexplained
    assert not set(failing) & EPISODE_RULES


@pytest.mark.django_db
def test_an_overlapping_episode_is_caught_by_the_validator(council: Any, tmp_path: Any) -> None:
    from hearth.care.tests.helpers import start_care

    period = start_care(council, date(2025, 5, 6))
    first = CareEpisode.objects.get(period=period)
    first.end_date, first.reason_ceased = date(2025, 7, 1), "X1"
    first.save()
    # Written past the services, which refuse it: a second episode starting before the first ended.
    CareEpisode.objects.create(
        period=period,
        child=council.child,
        placement=first.placement,
        start_date=date(2025, 6, 2),
        reason_new="L",
        legal_status="C1",
    )
    write_ssda903(ssda903_tables(YEAR), tmp_path / "903")
    report = validate_ssda903(tmp_path / "903", YEAR, LA_CODE)
    assert report.failures["501"]["children"] == [council.child.person_number]


@pytest.mark.django_db
def test_hearth_export_writes_the_ssda903_tables_and_logs_the_reads(council: Any, tmp_path: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    from hearth.care.tests.helpers import start_care
    from hearth.core.models import AccessAction, AccessLog

    start_care(council, date(2025, 5, 6))
    out = StringIO()
    call_command("export", "ssda903", "--year", str(YEAR), "--out", str(tmp_path), stdout=out)
    assert "1 children, 1 episodes, 0 reviews, 0 missing or away" in out.getvalue()
    rows = list(csv.DictReader((tmp_path / "SSDA903_episodes.csv").open(encoding="utf-8")))
    assert [
        (row["CHILD"], row["DECOM"], row["RNE"], row["LS"], row["PLACE"], row["DEC"]) for row in rows
    ] == [(council.child.person_number, "06/05/2025", "S", "V2", "U6", "")]
    assert AccessLog.objects.filter(child=council.child, action=AccessAction.EXPORT).exists()


@pytest.mark.django_db
def test_a_looked_after_childs_missing_episodes_are_the_903s_missing_table(
    council: Any, tmp_path: Any
) -> None:
    from hearth.care.tests.helpers import start_care
    from hearth.missing.services import missing_episode_record

    start_care(council, date(2025, 5, 6))
    episode = {"missing_from": "Oak House", "risk": "medium", "police_informed": True}
    missing_episode_record(
        child=council.child,
        values=episode
        | {
            "kind": "missing",
            "started_on": date(2025, 3, 1),
            "ended_on": date(2025, 3, 2),
            "where_found": "Home",
        },
        by=council.worker,
    )  # before care began: not the 903's
    missing_episode_record(
        child=council.child,
        values=episode
        | {
            "kind": "missing",
            "started_on": date(2025, 8, 9),
            "ended_on": date(2025, 8, 11),
            "where_found": "Leeds",
        },
        by=council.worker,
    )
    missing_episode_record(
        child=council.child,
        values=episode | {"kind": "away", "started_on": date(2026, 3, 30)},
        by=council.worker,
    )  # still away at 31 March
    paths = write_ssda903(ssda903_tables(YEAR), tmp_path / "903")
    rows = list(csv.DictReader((tmp_path / "903" / "SSDA903_missing.csv").open(encoding="utf-8")))
    number, born = council.child.person_number, "14/03/2016"
    assert rows == [
        {"CHILD": number, "DOB": born, "MISSING": "M", "MIS_START": "09/08/2025", "MIS_END": "11/08/2025"},
        {"CHILD": number, "DOB": born, "MISSING": "A", "MIS_START": "30/03/2026", "MIS_END": ""},
    ]
    assert len(paths) == 5
    report = validate_ssda903(tmp_path / "903", YEAR, LA_CODE)
    assert {"574", "577", "578", "581", "1004"} <= set(report.ran)
    failing = {
        code for code in ("574", "577", "578", "581", "1004") if report.failures.get(code, {}).get("children")
    }
    assert failing <= {"577"}, failing  # 577: the episode still open at 31 March (NOT_EXPORTED_OR_FICTIONAL)


@pytest.mark.django_db
def test_the_oc2_health_items_are_a_read_of_the_years_health_records(council: Any, tmp_path: Any) -> None:
    """A child looked after all year (1 April 2025 to 31 March 2026) with a year of health records; one who turned 4
    in the year with no SDQ (reason SDQ1); one who entered care during the year (not in OC2)."""
    from hearth.care.tests.helpers import held_child, start_care
    from hearth.health.services import (
        health_assessment_record,
        health_check_record,
        sdq_record,
        substance_misuse_record,
    )
    from hearth.people.tests.factories import make_child

    def record(save: Any, child: Any, **values: Any) -> None:
        save(child=child, values=values, by=council.worker)

    start_care(council, date(2024, 11, 4))
    jayden = council.child
    record(
        health_assessment_record,
        jayden,
        kind="review",
        assessed_on=date(2025, 10, 1),
        assessed_by="Nurse",
        summary="Well",
    )
    record(
        health_check_record, jayden, kind="dental", checked_on=date(2025, 3, 20)
    )  # the year before: not counted
    record(health_check_record, jayden, kind="immunisations", checked_on=date(2025, 10, 1), up_to_date="yes")
    record(
        health_check_record, jayden, kind="immunisations", checked_on=date(2026, 4, 2), up_to_date="no"
    )  # after
    record(sdq_record, jayden, completed_on=date(2025, 6, 1), score=21)
    record(sdq_record, jayden, completed_on=date(2026, 2, 1), score=17)
    record(
        substance_misuse_record,
        jayden,
        identified_on=date(2025, 9, 1),
        details="Cannabis",
        intervention_offered=True,
    )
    toddler = held_child(council, date_of_birth=date(2021, 9, 1))
    start_care(council, date(2024, 12, 2), child=toddler)
    newcomer = make_child(by=council.worker, date_of_birth=date(2012, 5, 5))
    start_care(council, date(2025, 6, 2), child=newcomer)
    rows = {row["CHILD"]: row for row in ssda903_tables(YEAR)["OC2"]}
    assert set(rows) == {jayden.person_number, toddler.person_number}
    assert rows[jayden.person_number] == {
        "CHILD": jayden.person_number,
        "DOB": "14/03/2016",
        "SDQ_SCORE": "17",
        "SDQ_REASON": "",
        "CONVICTED": "",
        "HEALTH_CHECK": "",
        "IMMUNISATIONS": "1",
        "TEETH_CHECK": "0",
        "HEALTH_ASSESSMENT": "1",
        "SUBSTANCE_MISUSE": "1",
        "INTERVENTION_RECEIVED": "0",
        "INTERVENTION_OFFERED": "1",
    }
    young = rows[toddler.person_number]
    assert (young["SDQ_SCORE"], young["SDQ_REASON"], young["HEALTH_CHECK"], young["HEALTH_ASSESSMENT"]) == (
        "",
        "SDQ1",
        "0",
        "0",
    )
    write_ssda903(ssda903_tables(YEAR), tmp_path / "903")
    report = validate_ssda903(tmp_path / "903", YEAR, LA_CODE)
    oc2_rules = {
        "157",
        "158",
        "159",
        "180",
        "181",
        "182",
        "186",
        "188",
        "191",
        "192",
        "193",
        "197B",
        "545",
        "546",
    }
    assert oc2_rules <= set(report.ran)
    assert not {code for code in oc2_rules if report.failures.get(code, {}).get("children")}
