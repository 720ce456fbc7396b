"""What the early help and step change pages show, and to whom they offer each action."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client
from django.urls import reverse

from hearth.children_in_need.models import CinEpisode
from hearth.children_in_need.services import referral_receive
from hearth.earlyhelp.models import EarlyHelpEpisode, StepChange
from hearth.earlyhelp.services import early_help_start, step_change_accept, step_down_request
from hearth.earlyhelp.tests.test_step_down import stepped_down
from hearth.organisation.roles import Role
from hearth.plans.models import Progress, ReviewKind
from hearth.plans.services import outcome_add, review_record


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_start_early_help_from_the_page(council: Any, early_help: Any) -> None:
    client = _client(early_help.worker)
    url = reverse("earlyhelp:start", kwargs={"pk": council.child.pk})
    assert client.get(url).status_code == 200
    refused = client.post(url, {"start_date": "", "lead_professional": "", "reason": ""})
    assert "Enter the name of the lead professional." in refused.content.decode()
    response = client.post(
        url,
        {
            "start_date": "03/03/2025",
            "lead_professional": "Erin Helper",
            "lead_organisation": "Early Help North",
            "reason": "Parenting support",
        },
    )
    episode = EarlyHelpEpisode.objects.get(child=council.child)
    assert response.url == reverse(
        "earlyhelp:episode", kwargs={"pk": council.child.pk, "episode_pk": episode.pk}
    )
    assert _client(council.users[Role.PARTNER_HEALTH]).get(url).status_code in (403, 404)


def test_the_episode_page_shows_the_plan_meetings_and_records_the_assessment(
    council: Any, early_help: Any, django_assert_max_num_queries: Any
) -> None:
    by = early_help.worker
    episode = early_help_start(
        child=council.child,
        start_date=date(2025, 3, 3),
        lead_professional="Erin Helper",
        lead_organisation="Early Help North",
        reason="Parenting support after a move",
        by=by,
    )
    outcome = outcome_add(
        plan=episode,
        what_must_change="Regular school attendance",
        action="Morning routine support",
        owner="Family support worker",
        due_date=date(2025, 6, 1),
        measure="Attendance above 95%",
        by=by,
        on=date(2025, 3, 21),
    )
    review_record(
        plan=episode,
        review_date=date(2025, 4, 14),
        summary="Going well",
        attendees="Mother, school",
        progress={outcome.pk: (Progress.GOOD, "93%")},
        kind=ReviewKind.TEAM_AROUND_THE_CHILD,
        by=by,
    )
    client = _client(by)
    url = reverse("earlyhelp:episode", kwargs={"pk": council.child.pk, "episode_pk": episode.pk})
    with django_assert_max_num_queries(30):
        html = client.get(url).content.decode()
    for text in (
        "Erin Helper (Early Help North)",
        "Parenting support after a move",
        "Regular school attendance",
        "Team around the child meeting, 14 Apr 2025",
        "Good progress: 93%",
        reverse(
            "plans:outcome_add", kwargs={"pk": council.child.pk, "kind": "early_help", "plan_pk": episode.pk}
        ),
        reverse("earlyhelp:step_up_request", kwargs={"pk": council.child.pk, "episode_pk": episode.pk}),
        "Not yet recorded",
    ):
        assert text in html, text
    response = client.post(url, {"assess": "1", "assessed_on": "20/03/2025", "summary": "Needs routines"})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.assessment_date == date(2025, 3, 20)
    refused = client.post(url, {"end": "1", "end_date": "", "end_reason": ""})
    assert "Choose why early help is ending." in refused.content.decode()


def test_step_down_request_page_names_the_missing_service(
    council: Any, early_help: Any, cin_episode: CinEpisode
) -> None:
    client = _client(council.worker)
    url = reverse(
        "earlyhelp:step_down_request", kwargs={"pk": council.child.pk, "episode_pk": cin_episode.pk}
    )
    refused = client.post(url, {"to_service": "", "reason": "Needs met", "requested_on": "02/06/2025"})
    assert "Choose the service that will receive the child." in refused.content.decode()
    response = client.post(
        url, {"to_service": early_help.service.pk, "reason": "Needs met", "requested_on": "02/06/2025"}
    )
    step = StepChange.objects.get()
    assert response.url == reverse(
        "earlyhelp:step_change", kwargs={"pk": council.child.pk, "step_pk": step.pk}
    )


def test_the_waiting_list_and_who_is_offered_each_action(
    council: Any, early_help: Any, cin_episode: CinEpisode
) -> None:
    step = step_down_request(
        episode=cin_episode,
        to_service=early_help.service,
        reason="Needs met by early help",
        requested_on=date(2025, 6, 2),
        by=council.worker,
    )
    waiting = _client(early_help.worker).get(reverse("earlyhelp:waiting")).content.decode()
    assert (
        "Jayden Smith" in waiting
        and reverse("earlyhelp:step_change", kwargs={"pk": council.child.pk, "step_pk": step.pk}) in waiting
    )
    assert (
        "Jayden Smith"
        not in _client(council.users[Role.FRONT_DOOR]).get(reverse("earlyhelp:waiting")).content.decode()
    )

    url = reverse("earlyhelp:step_change", kwargs={"pk": council.child.pk, "step_pk": step.pk})
    assert 'name="accept"' in _client(early_help.worker).get(url).content.decode()
    sender = _client(council.worker)
    assert 'name="accept"' not in sender.get(url).content.decode()
    refused = sender.post(url, {"accept": "1", "accepted_on": "04/06/2025"})
    assert "Only a member of the receiving service" in refused.content.decode()

    accepted = _client(early_help.worker).post(url, {"accept": "1", "accepted_on": "04/06/2025"})
    assert accepted.status_code == 302
    assert 'name="handover"' in _client(council.manager).get(url).content.decode()
    assert 'name="handover"' not in sender.get(url).content.decode()
    refused = _client(council.manager).post(url, {"handover": "1", "handover_on": "10/06/2025", "note": ""})
    assert "The early help plan has no outcomes yet" in refused.content.decode()
    assert "Jayden Smith" not in _client(early_help.worker).get(reverse("earlyhelp:waiting")).content.decode()


def test_a_re_referral_shows_on_the_step_down_and_the_referral(
    council: Any, early_help: Any, cin_episode: CinEpisode
) -> None:
    step = stepped_down(council, early_help, cin_episode)
    again = referral_receive(
        child=council.child, referral_date=date(2025, 8, 1), source="3A", by=council.users[Role.FRONT_DOOR]
    )
    client = _client(council.worker)
    step_page = client.get(
        reverse("earlyhelp:step_change", kwargs={"pk": council.child.pk, "step_pk": step.pk})
    )
    html = step_page.content.decode()
    assert "Re-referred on 1 Aug 2025 within the follow-up period" in html
    assert 'name="follow_up"' in html and "Followed until 10 Sep 2025" in html
    referral = client.get(
        reverse("children_in_need:referral", kwargs={"pk": council.child.pk, "episode_pk": again.pk})
    )
    assert "Re-referred within the follow-up period after a" in referral.content.decode()
    first = client.get(
        reverse("children_in_need:referral", kwargs={"pk": council.child.pk, "episode_pk": cin_episode.pk})
    )
    assert "follow-up period" not in first.content.decode()


def test_accepting_a_step_down_from_the_page_opens_early_help(
    council: Any, early_help: Any, cin_episode: CinEpisode
) -> None:
    step = step_down_request(
        episode=cin_episode,
        to_service=early_help.service,
        reason="Needs met by early help",
        requested_on=date(2025, 6, 2),
        by=council.worker,
    )
    step = step_change_accept(step=step, accepted_on=date(2025, 6, 4), by=early_help.worker)
    assert step.early_help is not None
    html = (
        _client(council.worker)
        .get(reverse("earlyhelp:episode", kwargs={"pk": council.child.pk, "episode_pk": step.early_help.pk}))
        .content.decode()
    )
    assert "Step-down to early help" in html and "Accepted: waiting for the plan and handover" in html
