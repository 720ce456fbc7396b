"""Assessments: the single assessment's 45 working days, the 2010 profile's initial and core assessments, what a
complete assessment needs (the child's views or why not, parents' views, everyone in the household), factors,
the manager's authorisation with a rationale, and every refusal."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.children_in_need.assessments import (
    assessment_authorise,
    assessment_complete,
    assessment_record,
    assessment_return,
    assessment_share,
    assessment_start,
)
from hearth.children_in_need.models import Assessment, AssessmentKind
from hearth.children_in_need.services import referral_receive
from hearth.core import clock
from hearth.core.models import Event, Obligation, ObligationStatus
from hearth.organisation.roles import Role
from hearth.people.services import household_add_member
from hearth.people.tests.factories import make_adult

GOOD = {
    "child_seen_date": None,
    "child_seen_alone": False,
    "child_views": "Jayden says he wants his dad to stop shouting.",
    "parents_views": "Mother accepts help with routines.",
    "analysis": "Neglect of routines; no immediate risk.",
    "outcome": "cin_plan",
    "factors": ["16A", "4B"],
    "primary_need": "N2",
}


def _recorded(
    assessment: Assessment, by: Any, findings: dict[int, str] | None = None, **values: Any
) -> Assessment:
    return assessment_record(
        assessment=assessment,
        version=assessment.version,
        values=GOOD | {"child_seen_date": assessment.start_date} | values,
        findings=findings or {},
        by=by,
    )


def _rule(child: Any, rule_id: str) -> Obligation:
    return Obligation.objects.filter(child=child, rule_id=rule_id).latest("start_date")


def test_a_single_assessment_is_due_45_working_days_from_the_referral_and_met_at_authorisation(
    council: Any,
) -> None:
    fd, worker, manager = council.users[Role.FRONT_DOOR], council.worker, council.manager
    episode = referral_receive(child=council.child, referral_date=date(2025, 3, 3), source="2A", by=fd)
    clock = _rule(council.child, "assessment.single")
    assert clock.due_date == date(2025, 5, 8)  # 45 working days, skipping Easter and the May bank holiday
    assessment = assessment_start(episode=episode, start_date=date(2025, 3, 4), by=worker)
    assert assessment.kind == AssessmentKind.SINGLE
    _recorded(assessment, worker, child_seen_alone=True)
    assessment_complete(assessment=assessment, completed_on=date(2025, 4, 1), by=worker)
    assessment_authorise(
        assessment=assessment, authorised_on=date(2025, 4, 2), rationale="Plan needed", by=manager
    )
    clock.refresh_from_db()
    assert clock.status == ObligationStatus.MET and clock.met_in_time
    assessment.refresh_from_db()
    assert (assessment.authorisation_date, assessment.authorised_by, assessment.child_seen_alone) == (
        date(2025, 4, 2),
        manager,
        True,
    )
    summaries = list(
        Event.objects.filter(child=council.child).order_by("pk").values_list("summary", flat=True)
    )
    assert "Single assessment started" in summaries
    assert f"Assessment completed and authorised by {manager.full_name}: Plan needed" in summaries


def test_the_2010_profile_has_an_initial_assessment_then_a_core_assessment_of_35_working_days(
    council: Any,
) -> None:
    fd, worker, manager = council.users[Role.FRONT_DOOR], council.worker, council.manager
    episode = referral_receive(child=council.child, referral_date=date(2012, 5, 8), source="6", by=fd)
    initial = assessment_start(episode=episode, start_date=date(2012, 5, 8), by=worker)
    assert initial.kind == AssessmentKind.INITIAL
    assert _rule(council.child, "assessment.initial").due_date == date(2012, 5, 22)  # 10 working days
    assert not Obligation.objects.filter(child=council.child, rule_id="assessment.single").exists()
    _recorded(initial, worker, outcome="core")
    assessment_complete(assessment=initial, completed_on=date(2012, 5, 21), by=worker)
    assessment_authorise(
        assessment=initial, authorised_on=date(2012, 5, 22), rationale="Core needed", by=manager
    )
    assert _rule(council.child, "assessment.initial").met_in_time
    core = assessment_start(episode=episode, start_date=date(2012, 5, 23), by=worker)
    assert core.kind == AssessmentKind.CORE
    assert _rule(council.child, "assessment.core").due_date == date(2012, 7, 13)  # 35 WD, two bank holidays
    with pytest.raises(ValidationError, match="Only an initial assessment"):
        _recorded(core, worker, outcome="core")


def test_completion_needs_views_parents_household_analysis_outcome_and_factors(council: Any) -> None:
    fd, worker = council.users[Role.FRONT_DOOR], council.worker
    father = make_adult(by=worker, forename="Darren", surname="Smith", date_of_birth=date(1985, 1, 2))
    household_add_member(child=council.child, member=father, start_date=date(2024, 1, 1), by=worker)
    today = clock.today()
    episode = referral_receive(child=council.child, referral_date=today, source="2A", by=fd)
    assessment = assessment_start(episode=episode, start_date=today, by=worker)
    with pytest.raises(ValidationError) as error:
        assessment_complete(assessment=assessment, completed_on=today, by=worker)
    problems = error.value.message_dict
    assert set(problems) == {
        "child_views",
        "parents_views",
        "household",
        "analysis",
        "outcome",
        "factors",
        "primary_need",
    }
    assert "Darren Smith" in problems["household"][0]
    # A reason instead of the child's views is enough; the father must be considered.
    _recorded(assessment, worker, child_views="", child_views_not_obtained="Baby, 4 months")
    with pytest.raises(ValidationError, match="Darren Smith"):
        assessment_complete(assessment=assessment, completed_on=today, by=worker)
    _recorded(assessment, worker, {father.pk: "Father: history of alcohol misuse"}, child_views="")
    assessment_complete(assessment=assessment, completed_on=today, by=worker)
    assessment.refresh_from_db()
    assert assessment.household_considered == [
        {"person_id": father.pk, "name": "Darren Smith", "finding": "Father: history of alcohol misuse"}
    ]


def test_refusals_save_nothing(council: Any) -> None:
    fd, worker = council.users[Role.FRONT_DOOR], council.worker
    today = clock.today()
    episode = referral_receive(
        child=council.child, referral_date=today - timedelta(days=10), source="2A", by=fd
    )
    with pytest.raises(ValidationError, match="before the referral"):
        assessment_start(episode=episode, start_date=today - timedelta(days=11), by=worker)
    assessment = assessment_start(episode=episode, start_date=today - timedelta(days=5), by=worker)
    with pytest.raises(ValidationError) as error:
        assessment_record(
            assessment=assessment,
            version=assessment.version,
            values={"child_seen_date": today + timedelta(days=1), "factors": ["21", "1A"]},
            findings={},
            by=worker,
        )
    assert error.value.message_dict == {
        "child_seen_date": ["The date the child was seen must be today or in the past."],
        "factors": ["'No factors identified' cannot be chosen with other factors."],
    }
    with pytest.raises(ValidationError, match="seen alone has been seen"):
        assessment_record(
            assessment=assessment,
            version=assessment.version,
            values={"child_seen_alone": True},
            findings={},
            by=worker,
        )
    _recorded(assessment, worker)
    with pytest.raises(ValidationError) as error:
        assessment_complete(assessment=assessment, completed_on=today - timedelta(days=6), by=worker)
    assert error.value.message_dict["completed_on"] == [
        f"The assessment cannot be completed before it started ({(today - timedelta(days=5)):%-d %b %Y})."
    ]
    assessment.refresh_from_db()
    assert assessment.completed_on is None and assessment.child_seen_date == today - timedelta(days=5)


def test_only_the_childs_manager_authorises_with_a_rationale_or_returns_with_reasons(council: Any) -> None:
    fd, worker, manager = council.users[Role.FRONT_DOOR], council.worker, council.manager
    today = clock.today()
    episode = referral_receive(child=council.child, referral_date=today, source="2A", by=fd)
    assessment = assessment_start(episode=episode, start_date=today, by=worker)
    _recorded(assessment, worker)
    with pytest.raises(ValidationError, match="not completed"):
        assessment_authorise(assessment=assessment, authorised_on=today, rationale="ok", by=manager)
    assessment_complete(assessment=assessment, completed_on=today, by=worker)
    with pytest.raises(ValidationError, match="Only a manager"):
        assessment_authorise(assessment=assessment, authorised_on=today, rationale="ok", by=worker)
    far_manager = council.users[Role.ASSISTANT_TEAM_MANAGER]
    far_manager.team = council.far_team
    far_manager.save()
    with pytest.raises(ValidationError, match="No such record"):  # a manager who may not even open the record
        assessment_authorise(assessment=assessment, authorised_on=today, rationale="ok", by=far_manager)
    with pytest.raises(ValidationError) as error:
        assessment_authorise(assessment=assessment, authorised_on=today, rationale=" ", by=manager)
    assert error.value.message_dict == {"rationale": ["Enter the rationale for the decision."]}
    assessment_return(assessment=assessment, reason="Say more about the father", by=manager)
    assessment.refresh_from_db()
    assert assessment.completed_on is None and assessment.returned_reason == "Say more about the father"
    assessment_complete(assessment=assessment, completed_on=today, by=worker)
    assessment_authorise(
        assessment=assessment, authorised_on=today, rationale="Threshold for CIN met", by=manager
    )
    assessment_share(assessment=assessment, shared_on=today, by=worker)
    assessment.refresh_from_db()
    assert (
        assessment.shared_with_parents_on == today
        and assessment.authorisation_rationale == "Threshold for CIN met"
    )


def test_a_late_assessment_needs_the_reason_it_took_longer(council: Any) -> None:
    fd, worker = council.users[Role.FRONT_DOOR], council.worker
    episode = referral_receive(child=council.child, referral_date=date(2025, 1, 6), source="2A", by=fd)
    assessment = assessment_start(episode=episode, start_date=date(2025, 1, 6), by=worker)
    _recorded(assessment, worker)
    with pytest.raises(ValidationError) as error:
        assessment_complete(assessment=assessment, completed_on=date(2025, 4, 1), by=worker)
    assert "record why it took longer" in error.value.message_dict["late_reason"][0]
    _recorded(assessment, worker, late_reason="Family unavailable for three weeks")
    assessment_complete(assessment=assessment, completed_on=date(2025, 4, 1), by=worker)


def test_the_assessment_page_lists_the_household_and_takes_the_manager_decision(council: Any) -> None:
    fd, worker, manager = council.users[Role.FRONT_DOOR], council.worker, council.manager
    father = make_adult(by=worker, forename="Darren", surname="Smith", date_of_birth=date(1985, 1, 2))
    household_add_member(child=council.child, member=father, start_date=date(2024, 1, 1), by=worker)
    today = clock.today()
    episode = referral_receive(child=council.child, referral_date=today, source="2A", by=fd)
    assessment = assessment_start(episode=episode, start_date=today, by=worker)
    url = reverse(
        "children_in_need:assessment", kwargs={"pk": council.child.pk, "assessment_pk": assessment.pk}
    )
    client = Client()
    client.force_login(worker)
    page = client.get(url).content.decode()
    assert "What the assessment found about Darren Smith" in page
    form = {
        "save": "1",
        "child_seen_date": today.strftime("%d/%m/%Y"),
        "child_seen_alone": "on",
        "child_views": "Wants to stay at home",
        "parents_views": "Agree to support",
        f"finding_{father.pk}": "Works nights; supportive",
        "analysis": "Needs support with routines",
        "outcome": "cin_plan",
        "factors": ["16A", "3B"],
        "primary_need": "N1",
        "version": str(assessment.version),
    }
    assert client.post(url, form).status_code == 302
    response = client.post(url, {"complete": "1", "completed_on": today.strftime("%d/%m/%Y")})
    assert response.status_code == 302
    client.force_login(manager)
    page = client.get(url).content.decode()
    assert (
        "Awaiting authorisation" in page
        and "Works nights; supportive" in page
        and "Domestic violence: the parent(s)/carer(s) are the subject" in page
    )
    version = str(type(assessment).objects.get(pk=assessment.pk).version)  # as the manager's page was opened
    bad = client.post(
        url,
        {"authorise": "1", "authorised_on": today.strftime("%d/%m/%Y"), "rationale": "", "version": version},
    )
    assert "Enter the rationale for the decision." in bad.content.decode()
    client.post(
        url,
        {
            "authorise": "1",
            "authorised_on": today.strftime("%d/%m/%Y"),
            "rationale": "CIN plan",
            "version": version,
        },
    )
    page = client.get(url).content.decode()
    assert f"authorised {today:%-d %b %Y} by {manager.full_name}" in page


def test_an_assessment_sent_for_authorisation_waits_on_the_managers_team_list_until_decided(
    council: Any,
) -> None:
    fd, worker, manager = council.users[Role.FRONT_DOOR], council.worker, council.manager
    today = clock.today()
    episode = referral_receive(child=council.child, referral_date=today, source="2A", by=fd)
    assessment = assessment_start(episode=episode, start_date=today, by=worker)
    _recorded(assessment, worker)
    client = Client()
    client.force_login(worker)
    assert "Single assessment completed" in client.get(reverse("worklists:my_work")).content.decode()
    assessment_complete(assessment=assessment, completed_on=today, by=worker)
    client.force_login(manager)
    page = client.get(reverse("worklists:my_team")).content.decode()
    waiting = page.split('id="team-decisions"')[1].split("</table>")[0]
    assert "Assessment waiting for the manager&#x27;s authorisation" in waiting and "Jayden Smith" in waiting
    assessment_authorise(assessment=assessment, authorised_on=today, rationale="CIN plan", by=manager)
    page = client.get(reverse("worklists:my_team")).content.decode()
    assert "No decisions are waiting." in page.split('id="team-decisions"')[1].split("</table>")[0]


def test_two_people_saving_the_same_assessment_the_second_is_refused_and_sees_the_first(council: Any) -> None:
    """Issue 13: both were told "saved" and the first one's analysis was lost. Now the second save, made from a
    page opened before the first, is refused with nothing saved, and the page shows what the first saved."""
    fd, worker = council.users[Role.FRONT_DOOR], council.worker
    today = clock.today()
    episode = referral_receive(child=council.child, referral_date=today, source="2A", by=fd)
    assessment = assessment_start(episode=episode, start_date=today, by=worker)
    url = reverse(
        "children_in_need:assessment", kwargs={"pk": council.child.pk, "assessment_pk": assessment.pk}
    )
    first, second = Client(), Client()
    first.force_login(worker)
    second.force_login(council.manager)  # two people of the team, each with the page open
    opened_at = first.get(url).context["record"].initial["version"]
    assert second.get(url).context["record"].initial["version"] == opened_at
    form = {"save": "1", "version": str(opened_at), "child_views": "Wants to stay at home"}
    assert first.post(url, form | {"analysis": "The first analysis: routines slipping."}).status_code == 302
    refused = second.post(url, form | {"analysis": "The second analysis, written at the same time."})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone else changed this assessment while you were editing it" in page
    assert "What is saved now" in page and "The first analysis: routines slipping." in page
    assert "The second analysis, written at the same time." in page  # their own text is kept in the form
    assessment.refresh_from_db()
    assert assessment.analysis == "The first analysis: routines slipping." and assessment.version == 2
    # Having read what the first saved, the second saves again from the page they were shown: it goes through.
    again = refused.context["record"].data.dict() | {"save": "1"}
    assert again["version"] == "2"
    assert second.post(url, again).status_code == 302
    assessment.refresh_from_db()
    assert assessment.analysis == "The second analysis, written at the same time." and assessment.version == 3
    # The service refuses a stale save however it is called.
    with pytest.raises(ValidationError) as stale:
        assessment_record(assessment=assessment, version=1, values={"analysis": "x"}, findings={}, by=worker)
    assert "version" in stale.value.message_dict


def test_a_partner_agency_sees_the_childs_page_but_not_the_referral_or_the_assessment(council: Any) -> None:
    """Issue 13: partners read whole assessments, referrals and contacts. Now they are told plainly what they may
    not see, on pages of a child whose record they may open."""
    from hearth.people.models import ProfessionalInvolvement

    partner = council.users[Role.PARTNER_POLICE]
    ProfessionalInvolvement.objects.create(
        child=council.child, role="POLICE", name="PC Partner", staff_user=partner, start_date=date(2024, 1, 1)
    )
    today = clock.today()
    episode = referral_receive(
        child=council.child, referral_date=today, source="2A", by=council.users[Role.FRONT_DOOR]
    )
    assessment = _recorded(
        assessment_start(episode=episode, start_date=today, by=council.worker), council.worker
    )
    client = Client()
    client.force_login(partner)
    assert client.get(reverse("childrecord:child_page", kwargs={"pk": council.child.pk})).status_code == 200
    for url in (
        reverse("children_in_need:referral", kwargs={"pk": council.child.pk, "episode_pk": episode.pk}),
        reverse("children_in_need:episode", kwargs={"pk": council.child.pk, "episode_pk": episode.pk}),
        reverse(
            "children_in_need:assessment", kwargs={"pk": council.child.pk, "assessment_pk": assessment.pk}
        ),
        reverse("protection:conferences", kwargs={"pk": council.child.pk}),
    ):
        refused = client.get(url)
        page = refused.content.decode()
        assert refused.status_code == 403, url
        assert "Partner agencies see the child&#x27;s page, the plan and their own part in it" in page, url
        assert GOOD["analysis"] not in page and GOOD["parents_views"] not in page, url
