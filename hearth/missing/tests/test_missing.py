"""Missing and absent episodes, the return interview after each, repeat missing and exploitation screenings."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from hearth.core.council_settings import council_setting_set
from hearth.core.models import Event, Obligation, ObligationStatus
from hearth.missing.models import ExploitationScreening, MissingEpisode
from hearth.missing.services import (
    exploitation_screening_record,
    missing_episode_end,
    missing_episode_record,
    missing_picture,
    return_interview_record,
)
from hearth.organisation.models import Team
from hearth.organisation.roles import Role
from hearth.people.models import ProfessionalInvolvement
from hearth.people.tests.factories import make_child

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)


@pytest.fixture(autouse=True)
def today(settings: Any) -> None:
    settings.HEARTH_TODAY = TODAY


def _episode(**values: Any) -> dict[str, Any]:
    return {
        "kind": "missing",
        "started_on": date(2026, 11, 20),
        "started_time": time(21, 30),
        "missing_from": "Oak House children's home",
        "risk": "high",
        "police_informed": True,
        "police_reference": "WY-2211",
    } | values


def _interview_clock(child_id: int) -> Obligation:
    return Obligation.objects.get(child_id=child_id, rule_id="missing.return_interview")


def test_a_return_starts_a_72_hour_interview_clock_for_the_worker_met_by_the_interview(council: Any) -> None:
    child, worker = council.child, council.worker
    episode = missing_episode_record(child=child, values=_episode(), by=worker)
    assert missing_picture(child).open_episode == episode
    assert not Obligation.objects.filter(child=child, rule_id="missing.return_interview").exists()
    missing_episode_end(
        episode=episode,
        values={
            "ended_on": date(2026, 11, 22),
            "ended_time": time(9, 15),
            "where_found": "A friend's flat in Leeds",
        },
        by=worker,
    )
    clock_row = _interview_clock(child.pk)
    assert clock_row.due_date == date(2026, 11, 25) and clock_row.status == ObligationStatus.OPEN
    assert clock_row.owner_id == worker.pk and clock_row.team_id == council.team.pk
    summaries = list(
        Event.objects.filter(child=child, type__startswith="missing.")
        .order_by("pk")
        .values_list("summary", flat=True)
    )
    assert summaries == [
        "Missing from Oak House children's home (risk: high)",
        "Back after 35 hours: found at A friend's flat in Leeds",
    ]
    return_interview_record(
        episode=episode,
        values={
            "outcome": "held",
            "interview_on": date(2026, 11, 24),
            "interviewer": "Sam Kaur, Safe Return (independent)",
            "interview_notes": "Went to see an older friend; did not feel listened to at home.",
        },
        by=worker,
    )
    clock_row.refresh_from_db()
    assert clock_row.status == ObligationStatus.MET


def test_an_offer_declined_meets_the_duty_and_each_return_has_its_own_clock(council: Any) -> None:
    child, worker = council.child, council.worker
    first = missing_episode_record(
        child=child,
        values=_episode(started_on=date(2026, 10, 31), ended_on=date(2026, 11, 1), where_found="Home"),
        by=worker,
    )
    second = missing_episode_record(
        child=child,
        values=_episode(
            started_on=date(2026, 11, 10), ended_on=date(2026, 11, 11), where_found="Bus station"
        ),
        by=worker,
    )
    clocks = Obligation.objects.filter(child=child, rule_id="missing.return_interview").order_by("due_date")
    assert [row.due_date for row in clocks] == [date(2026, 11, 4), date(2026, 11, 14)]
    return_interview_record(
        episode=second,
        values={"outcome": "declined", "interview_offered_on": date(2026, 11, 12)},
        by=worker,
    )
    statuses = [row.status for row in clocks.all()]
    assert statuses == [
        ObligationStatus.OPEN,
        ObligationStatus.MET,
    ]  # the first return's interview is still owed
    assert first.interview_outcome == ""


def test_a_child_no_one_holds_has_the_return_interview_owned_by_the_front_door(council: Any) -> None:
    front_door = Team.objects.create(name="Front Door", service=council.service, is_front_door=True)
    child = make_child(forename="Nia", surname="Unheld", date_of_birth=date(2012, 5, 1))
    missing_episode_record(
        child=child,
        values=_episode(ended_on=date(2026, 11, 21), where_found="Home"),
        by=council.users[Role.FRONT_DOOR],
    )
    clock_row = _interview_clock(child.pk)
    assert clock_row.owner_id is None and clock_row.team_id == front_door.pk
    screener = Client()
    screener.force_login(council.users[Role.FRONT_DOOR])
    page = screener.get(reverse("frontdoor:queue")).content.decode()
    duties = page[page.index('id="front-door-duties"') :]
    assert "Nia Unheld" in duties and "Return interview" in duties


def test_repeat_missing_is_the_councils_number_of_episodes_in_its_period(council: Any) -> None:
    child, worker = council.child, council.worker
    for start in (date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)):
        missing_episode_record(
            child=child,
            values=_episode(started_on=start, ended_on=start + timedelta(days=1), where_found="Home"),
            by=worker,
        )
    picture = missing_picture(child)
    assert picture.recent == 2 and not picture.repeat  # 1 September is more than 90 days before 4 December
    council_setting_set(
        key="missing_repeat_days",
        value=120,
        effective_from=date(2026, 1, 1),
        user=council.users[Role.ADMINISTRATOR],
    )
    picture = missing_picture(child)
    assert picture.recent == 3 and picture.repeat


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"started_on": date(2026, 12, 5)}, "started_on", "must be today or in the past"),
        ({"started_on": date(2016, 3, 1)}, "started_on", "on or after the child's date of birth"),
        ({"missing_from": " "}, "missing_from", "Enter where the child went missing from"),
        ({"risk": "severe"}, "risk", "Choose the risk"),
        ({"kind": ""}, "kind", "Choose whether the child was missing"),
        ({"police_informed": False}, "police_informed", "remove the police reference"),
        (
            {"ended_on": date(2026, 11, 19), "where_found": "Home"},
            "ended_on",
            "came back before they went missing",
        ),
        (
            {"ended_on": date(2026, 11, 21), "where_found": ""},
            "where_found",
            "Enter where the child was found",
        ),
    ],
)
def test_bad_episodes_are_refused_naming_the_field_and_nothing_is_saved(
    council: Any, values: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        missing_episode_record(child=council.child, values=_episode(**values), by=council.worker)
    assert message in " ".join(refused.value.message_dict[field])
    assert (
        not MissingEpisode.objects.exists() and not Event.objects.filter(type__startswith="missing.").exists()
    )


def test_overlapping_episodes_and_a_second_open_one_are_refused(council: Any) -> None:
    child, worker = council.child, council.worker
    missing_episode_record(
        child=child, values=_episode(ended_on=date(2026, 11, 25), where_found="Home"), by=worker
    )
    with pytest.raises(ValidationError) as refused:
        missing_episode_record(
            child=child,
            values=_episode(started_on=date(2026, 11, 24), ended_on=date(2026, 11, 26), where_found="Park"),
            by=worker,
        )
    assert (
        "overlaps the episode from 20 Nov 2026 to 25 Nov 2026" in refused.value.message_dict["started_on"][0]
    )
    open_episode = missing_episode_record(
        child=child, values=_episode(started_on=date(2026, 12, 1)), by=worker
    )
    with pytest.raises(ValidationError) as refused:
        missing_episode_record(child=child, values=_episode(started_on=date(2026, 12, 3)), by=worker)
    assert "already recorded as missing since 1 Dec 2026" in refused.value.message_dict["started_on"][0]
    with pytest.raises(ValidationError) as refused:
        return_interview_record(
            episode=open_episode,
            values={"outcome": "held", "interview_on": TODAY, "interviewer": "X"},
            by=worker,
        )
    assert "Record the child's return" in refused.value.message_dict["outcome"][0]
    assert MissingEpisode.objects.count() == 2


def test_an_interview_before_the_return_or_twice_is_refused(council: Any) -> None:
    worker = council.worker
    episode = missing_episode_record(
        child=council.child, values=_episode(ended_on=date(2026, 11, 22), where_found="Home"), by=worker
    )
    with pytest.raises(ValidationError) as refused:
        return_interview_record(
            episode=episode,
            values={"outcome": "held", "interview_on": date(2026, 11, 21), "interviewer": "Sam"},
            by=worker,
        )
    assert "on or after the child came back (22 Nov 2026)" in refused.value.message_dict["interview_on"][0]
    with pytest.raises(ValidationError) as refused:
        return_interview_record(
            episode=episode,
            values={"outcome": "held", "interview_on": date(2026, 11, 23), "interviewer": ""},
            by=worker,
        )
    assert "Enter who held the interview" in refused.value.message_dict["interviewer"][0]
    episode.refresh_from_db()
    assert episode.interview_outcome == ""
    return_interview_record(
        episode=episode, values={"outcome": "declined", "interview_offered_on": date(2026, 11, 23)}, by=worker
    )
    with pytest.raises(ValidationError) as refused:
        return_interview_record(
            episode=episode,
            values={"outcome": "declined", "interview_offered_on": date(2026, 11, 23)},
            by=worker,
        )
    assert "already recorded" in refused.value.message_dict["outcome"][0]


def test_a_screening_at_risk_flags_the_child_and_is_reviewed_on_its_date(council: Any) -> None:
    child, worker = council.child, council.worker
    values = {
        "concern": "criminal",
        "tool": "CCE screening tool (West Yorkshire)",
        "outcome": "medium",
        "screened_on": date(2026, 11, 30),
        "review_on": date(2027, 1, 15),
    }
    exploitation_screening_record(child=child, values=values, by=worker)
    assert missing_picture(child).at_risk_of_exploitation
    review = Obligation.objects.get(child=child, rule_id="exploitation.screening_review")
    assert review.due_date == date(2027, 1, 15) and review.status == ObligationStatus.OPEN
    exploitation_screening_record(
        child=child,
        values=values | {"outcome": "none", "screened_on": date(2026, 12, 3), "review_on": None},
        by=worker,
    )
    review.refresh_from_db()
    assert review.status == ObligationStatus.MET
    assert not missing_picture(child).at_risk_of_exploitation
    assert Obligation.objects.filter(child=child, rule_id="exploitation.screening_review").count() == 1
    with pytest.raises(ValidationError) as refused:
        exploitation_screening_record(
            child=child, values=values | {"review_on": date(2026, 11, 30)}, by=worker
        )
    assert "after the screening" in refused.value.message_dict["review_on"][0]
    assert ExploitationScreening.objects.count() == 2


def test_only_casework_staff_who_may_open_the_child_record_missing_episodes(council: Any, far: Any) -> None:
    partner = council.users[Role.PARTNER_HEALTH]
    ProfessionalInvolvement.objects.create(
        child=council.child,
        role="School nurse",
        name="Pat Lee",
        staff_user=partner,
        start_date=date(2025, 1, 1),
    )
    with pytest.raises(
        PermissionDenied
    ):  # in the child's network, but missing episodes are the council's to record
        missing_episode_record(child=council.child, values=_episode(), by=partner)
    far_worker, _ = far
    with pytest.raises(Http404):  # a record they may not open is, to them, no record at all
        missing_episode_record(child=council.child, values=_episode(), by=far_worker)
    assert not MissingEpisode.objects.exists()


def test_the_pages_record_an_episode_its_return_and_interview_and_the_childs_page_shows_it(
    council: Any,
) -> None:
    child = council.child
    client = Client()
    client.force_login(council.worker)
    new = reverse("missing:new", args=[child.pk])
    refused = client.post(new, {"kind": "missing", "started_on": "20/11/2026", "risk": "high"})
    assert "Enter where the child went missing from" in refused.content.decode()
    assert not MissingEpisode.objects.exists()
    done = client.post(
        new,
        {
            "kind": "missing",
            "started_on": "20/11/2026",
            "started_time": "21:30",
            "missing_from": "Oak House",
            "risk": "high",
        },
    )
    assert done.status_code == 302
    page = client.get(reverse("childrecord:child_page", args=[child.pk])).content.decode()
    assert "Missing now" in page and "From Oak House" in page
    episode = MissingEpisode.objects.get()
    client.post(
        reverse("missing:return", args=[child.pk, episode.pk]),
        {"ended_on": "22/11/2026", "ended_time": "09:15", "where_found": "Leeds bus station"},
    )
    page = client.get(reverse("childrecord:child_page", args=[child.pk])).content.decode()
    assert "Missing now" not in page and "Return interview after a missing episode" in page
    client.post(
        reverse("missing:interview", args=[child.pk, episode.pk]),
        {"outcome": "held", "interview_on": "24/11/2026", "interviewer": "Sam Kaur"},
    )
    listing = client.get(reverse("missing:episodes", args=[child.pk])).content.decode()
    assert "Held 24 Nov 2026 by Sam Kaur" in listing and "Found at Leeds bus station" in listing
    partner = Client()
    partner.force_login(council.users[Role.PARTNER_HEALTH])
    assert partner.get(reverse("missing:episodes", args=[child.pk])).status_code in (403, 404)


def test_the_childs_page_flags_repeat_missing_and_exploitation_in_its_same_statements(council: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hearth.childrecord.tests.test_child_page import CHILD_PAGE_QUERIES

    child, worker = council.child, council.worker
    client = Client()
    client.force_login(worker)
    url = reverse("childrecord:child_page", args=[child.pk])
    assert 'id="flags"' not in client.get(url).content.decode()  # (the first page also fills caches)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for start in (date(2026, 9, 20), date(2026, 10, 11), date(2026, 11, 1)):
        missing_episode_record(
            child=child,
            values=_episode(started_on=start, ended_on=start + timedelta(days=1), where_found="Home"),
            by=worker,
        )
    exploitation_screening_record(
        child=child,
        values={
            "concern": "criminal",
            "tool": "CCE screening tool",
            "outcome": "medium",
            "screened_on": date(2026, 11, 30),
            "review_on": date(2027, 1, 15),
        },
        by=worker,
    )
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    flags = page.split('id="flags"')[1].split("</ul>")[0]
    assert "Repeat missing: 3 times since 6 Sep 2026" in flags
    assert "At risk of exploitation: medium risk, review by 15 Jan 2027" in flags
    assert len(queries) == len(before) <= CHILD_PAGE_QUERIES  # the same statements, however much is recorded


def test_a_same_day_return_without_a_time_an_away_episode_and_a_screening_without_a_review_date(
    council: Any,
) -> None:
    child, worker = council.child, council.worker
    # Back the same day, no time recorded: not "before they went missing".
    episode = missing_episode_record(
        child=child,
        values=_episode(started_on=date(2026, 11, 20), ended_on=date(2026, 11, 20), where_found="Home"),
        by=worker,
    )
    assert episode.ended_on == date(2026, 11, 20)
    # A time without its date is refused, naming the date.
    with pytest.raises(ValidationError) as refused:
        missing_episode_record(
            child=child, values=_episode(started_on=date(2026, 11, 25), ended_time=time(9, 0)), by=worker
        )
    assert "Enter the date the child came back" in refused.value.message_dict["ended_on"][0]
    # Away without permission (whereabouts known): no return interview is owed.
    missing_episode_record(
        child=child,
        values=_episode(
            kind="away", started_on=date(2026, 11, 27), ended_on=date(2026, 11, 28), where_found="Gran's"
        ),
        by=worker,
    )
    assert Obligation.objects.filter(child=child, rule_id="missing.return_interview").count() == 1
    screening = exploitation_screening_record(
        child=child,
        values={"concern": "sexual", "tool": "CSE tool", "outcome": "low", "screened_on": date(2026, 11, 30)},
        by=worker,
    )
    assert screening.review_on == date(2027, 2, 28)
    review = Obligation.objects.get(child=child, rule_id="exploitation.screening_review")
    assert review.due_date == date(2027, 2, 28)


def test_when_the_case_closes_an_open_return_interview_goes_to_the_front_door(council: Any) -> None:
    from hearth.organisation.services import allocation_end

    front_door = Team.objects.create(name="Front Door", service=council.service, is_front_door=True)
    missing_episode_record(
        child=council.child,
        values=_episode(ended_on=date(2026, 11, 21), where_found="Home"),
        by=council.worker,
    )
    assert _interview_clock(council.child.pk).owner_id == council.worker.pk
    allocation_end(child_id=council.child.pk, end_date=date(2026, 11, 22), by=council.manager)
    clock_row = _interview_clock(council.child.pk)
    assert clock_row.owner_id is None and clock_row.team_id == front_door.pk
