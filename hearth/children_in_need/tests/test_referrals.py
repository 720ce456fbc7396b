"""Referrals: opened from the front door's decision (typed once), decided within a working day, re-referrals flagged."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.children_in_need.models import CinEpisode
from hearth.children_in_need.services import referral_decide, referral_receive, referrals_in_year_before
from hearth.core import clock
from hearth.core.models import Obligation, ObligationStatus
from hearth.frontdoor.services import contact_decide, contact_record
from hearth.organisation.roles import Role


def test_a_contact_decided_as_a_referral_opens_the_episode_and_its_clocks(council: Any) -> None:
    fd = council.users[Role.FRONT_DOOR]
    today = clock.today()
    contact = contact_record(child=council.child, received_on=today, source="3A", concern="GP concern", by=fd)
    contact_decide(contact=contact, outcome="referral", reason="Threshold met", decided_on=today, by=fd)
    episode = CinEpisode.objects.get(child=council.child)
    assert (episode.referral_date, episode.referral_source) == (today, "3A")
    rules = set(
        Obligation.objects.filter(child=council.child, status=ObligationStatus.OPEN).values_list(
            "rule_id", flat=True
        )
    )
    assert {"referral.decision", "assessment.single"} <= rules


def test_a_second_referral_within_twelve_months_is_a_re_referral(council: Any) -> None:
    fd = council.users[Role.FRONT_DOOR]
    first = referral_receive(child=council.child, referral_date=date(2025, 1, 6), source="6", by=fd)
    first.closure_date, first.reason_for_closure = date(2025, 3, 1), "RC8"
    first.save()
    second = referral_receive(child=council.child, referral_date=date(2025, 11, 3), source="2A", by=fd)
    assert referrals_in_year_before(first) == 0 and referrals_in_year_before(second) == 1
    page = Client()
    page.force_login(fd)
    html = page.get(
        reverse("children_in_need:referral", kwargs={"pk": council.child.pk, "episode_pk": second.pk})
    )
    assert "Re-referral: 1 earlier referral" in html.content.decode()


def test_referral_bad_input_and_the_decision_meeting_its_timescale(council: Any) -> None:
    fd = council.users[Role.FRONT_DOOR]
    with pytest.raises(ValidationError) as error:
        referral_receive(
            child=council.child,
            referral_date=clock.today() + timedelta(days=1),
            source="99",
            primary_need="N12",
            by=fd,
        )
    assert set(error.value.message_dict) == {"referral_date", "source", "primary_need"}
    episode = referral_receive(child=council.child, referral_date=date(2025, 4, 17), source="6", by=fd)
    with pytest.raises(ValidationError):
        referral_receive(child=council.child, referral_date=date(2025, 4, 18), source="6", by=fd)
    with pytest.raises(ValidationError, match="before the referral"):
        referral_decide(episode=episode, decision="assessment", decided_on=date(2025, 4, 16), by=fd)
    referral_decide(episode=episode, decision="assessment", decided_on=date(2025, 4, 22), by=fd)
    decision = Obligation.objects.get(child=council.child, rule_id="referral.decision")
    assert (
        decision.due_date == date(2025, 4, 22)
        and decision.status == ObligationStatus.MET
        and decision.met_in_time
    )


def test_only_screening_roles_decide_a_referral(council: Any) -> None:
    episode = referral_receive(
        child=council.child, referral_date=clock.today(), source="6", by=council.users[Role.FRONT_DOOR]
    )
    client = Client()
    client.force_login(council.worker)
    url = reverse("children_in_need:referral", kwargs={"pk": council.child.pk, "episode_pk": episode.pk})
    assert client.get(url).status_code == 200
    assert (
        client.post(url, {"decision": "nfa", "decided_on": clock.today().strftime("%d/%m/%Y")}).status_code
        == 403
    )
    episode.refresh_from_db()
    assert episode.referral_nfa is False


def test_no_further_action_on_a_referral_closes_the_episode_that_day(council: Any) -> None:
    fd = council.users[Role.FRONT_DOOR]
    episode = referral_receive(child=council.child, referral_date=date(2025, 4, 17), source="6", by=fd)
    referral_decide(episode=episode, decision="nfa", decided_on=date(2025, 4, 17), by=fd)
    episode.refresh_from_db()
    assert (episode.referral_nfa, episode.closure_date, episode.reason_for_closure) == (
        True,
        date(2025, 4, 17),
        "RC7",
    )
    assert not Obligation.objects.filter(child=council.child, status=ObligationStatus.OPEN).exists()
