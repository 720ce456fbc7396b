"""A strategy discussion about several children of a family, recorded once (issue 18): the information shared and
who took part once; each child's own decision, record, event and section 47 enquiry; a sibling's refusal refuses the
whole discussion, on that sibling's field."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.children_in_need.services import referral_receive
from hearth.core import clock
from hearth.core.models import Event, Obligation
from hearth.organisation.roles import Role
from hearth.organisation.services import allocation_change
from hearth.people.services.household import household_add_member
from hearth.people.tests.factories import make_child
from hearth.protection.models import Section47Enquiry, StrategyDiscussion

pytestmark = pytest.mark.django_db


def test_one_discussion_about_two_children_gives_each_their_own_decision_and_enquiry(council: Any) -> None:
    day = clock.today() - timedelta(days=2)
    amber = make_child(by=council.worker, forename="Amber", surname="Smith")
    ruby = make_child(by=council.worker, forename="Ruby", surname="Smith")
    for sister in (amber, ruby):
        allocation_change(
            child_id=sister.pk,
            worker=council.worker,
            team=council.team,
            start_date=day - timedelta(days=5),
            reason="Sibling",
            by=council.users[Role.FRONT_DOOR],
        )
        household_add_member(
            child=council.child, member=sister, start_date=day - timedelta(days=5), by=council.worker
        )
    for child in (council.child, amber):
        referral_receive(
            child=child, referral_date=day - timedelta(days=1), source="3E", by=council.users[Role.FRONT_DOOR]
        )
    client = Client()
    client.force_login(council.manager)
    url = reverse("protection:strategy_discussion_add", kwargs={"pk": council.child.pk})
    page = client.get(url).content.decode()
    assert "for Amber Smith?" in page and "for Ruby Smith?" in page
    shared = {
        "held_on": day.strftime("%d/%m/%Y"),
        "led_by": str(council.manager.pk),
        "agencies": ["police", "education"],
        "information_shared": "School: bruising seen on Amber and Jayden.",
        "section_47": "yes",
        "decision_reason": "Reasonable cause to suspect significant harm.",
    }
    # Ruby has no open episode: a section 47 for her is refused on her own field, and nothing is written.
    refused = client.post(
        url,
        shared
        | {
            f"c{amber.pk}_section_47": "yes",
            f"c{amber.pk}_decision_reason": "Bruising",
            f"c{ruby.pk}_section_47": "yes",
            f"c{ruby.pk}_decision_reason": "Sibling",
        },
    ).content.decode()
    assert (
        f'href="#id_c{ruby.pk}_section_47_0"' in refused and "needs an open child in need episode" in refused
    )
    assert not StrategyDiscussion.objects.exists()
    done = client.post(
        url,
        shared
        | {
            f"c{amber.pk}_section_47": "yes",
            f"c{amber.pk}_decision_reason": "Bruising seen",
            f"c{ruby.pk}_section_47": "not_discussed",
        },
    )
    assert done.status_code == 302
    jayden_discussion = StrategyDiscussion.objects.get(child=council.child)
    amber_discussion = StrategyDiscussion.objects.get(child=amber)
    assert (
        amber_discussion.together_with == jayden_discussion
        and amber_discussion.decision_reason == "Bruising seen"
    )
    assert amber_discussion.information_shared == "School: bruising seen on Amber and Jayden."
    assert (
        Section47Enquiry.objects.filter(child=amber).count()
        == 1
        == Section47Enquiry.objects.filter(child=council.child).count()
    )
    assert Event.objects.filter(type="strategy_discussion.held", child=amber).count() == 1
    assert Obligation.objects.filter(child=amber, rule_id="cp.icpc").exists()
    assert not StrategyDiscussion.objects.filter(child=ruby).exists()
    shown = client.get(
        reverse(
            "protection:strategy_discussion", kwargs={"pk": amber.pk, "discussion_pk": amber_discussion.pk}
        )
    ).content.decode()
    assert "Discussed with" in shown and "Jayden Smith" in shown


def test_one_initial_conference_about_two_children_starts_each_childs_own_plan(council: Any) -> None:
    from hearth.protection.conferences import SiblingAtConference, conference_record_for_family
    from hearth.protection.models import ChildProtectionPlan, Conference, ConferenceKind
    from hearth.protection.tests.test_conferences import CONFERENCE, EVERYONE, enquiry_needing_conference

    amber = make_child(by=council.worker, forename="Amber", surname="Smith")
    allocation_change(
        child_id=amber.pk,
        worker=council.worker,
        team=council.team,
        start_date=CONFERENCE - timedelta(days=60),
        reason="Sibling",
        by=council.users[Role.FRONT_DOOR],
    )
    household_add_member(
        child=council.child, member=amber, start_date=CONFERENCE - timedelta(days=60), by=council.worker
    )
    enquiry_needing_conference(council)
    enquiry_needing_conference(council, child=amber)
    client = Client()
    client.force_login(council.worker)
    page = client.get(reverse("protection:conference_add", kwargs={"pk": council.child.pk})).content.decode()
    assert "Brothers and sisters at the same conference" in page and "Decision for Amber Smith" in page
    shared: dict[str, Any] = {
        "kind": ConferenceKind.INITIAL,
        "held_on": CONFERENCE,
        "chair": council.users[Role.CHILD_PROTECTION_CHAIR],
        "parents_present": True,
        "child_participation": "views_conveyed",
        "child_views": "Jayden wants to stay at home.",
        "attendance": EVERYONE,
        "reports": [],
        "decision": "plan",
        "category": "PHY",
        "risks": "Mother's partner's violence",
        "outline_plan": "Partner to leave the home.",
    }
    # Amber's plan without a category: refused on her own field, and nothing written for either child.
    with pytest.raises(ValidationError) as refused:
        conference_record_for_family(
            child=council.child,
            siblings=[SiblingAtConference(amber, "plan", "", "too_young", "", f"c{amber.pk}_")],
            by=council.worker,
            **shared,
        )
    assert f"c{amber.pk}_category" in refused.value.message_dict
    assert not Conference.objects.exists() and not ChildProtectionPlan.objects.exists()
    made = conference_record_for_family(
        child=council.child,
        siblings=[
            SiblingAtConference(
                amber, "plan", "EMO", "too_young", "Observed: settled with her mother", f"c{amber.pk}_"
            )
        ],
        by=council.worker,
        **shared,
    )
    assert [conference.child for conference in made] == [council.child, amber]
    assert made[1].together_with == made[0] and made[1].risks == "Mother's partner's violence"
    assert ChildProtectionPlan.objects.get(child=amber).initial_category == "EMO"
    assert ChildProtectionPlan.objects.get(child=council.child).initial_category == "PHY"
    shown = client.get(
        reverse("protection:conference", kwargs={"pk": amber.pk, "conference_pk": made[1].pk})
    ).content.decode()
    assert "Brothers and sisters at this conference" in shown and "Jayden Smith" in shown
    # Three months on, one review conference for both: each plan's own progress and decision.
    from hearth.protection.tests.plan_fixtures import add_outcome

    plans = {child.pk: ChildProtectionPlan.objects.get(child=child) for child in (council.child, amber)}
    outcomes = {
        pk: add_outcome(council, plan, CONFERENCE + timedelta(days=120)) for pk, plan in plans.items()
    }
    page = client.get(
        reverse("protection:conference_add", kwargs={"pk": council.child.pk}) + "?kind=review"
    ).content.decode()
    assert "Decision for Amber Smith" in page and f"progress_{outcomes[amber.pk].pk}" in page
    review = shared | {
        "kind": ConferenceKind.REVIEW,
        "held_on": CONFERENCE + timedelta(days=90),
        "decision": "continue",
        "progress": {outcomes[council.child.pk].pk: ("good", "")},
    }
    # Amber's progress left out: refused on her outcome's own field, nothing written for either child.
    with pytest.raises(ValidationError) as refused:
        conference_record_for_family(
            child=council.child,
            siblings=[
                SiblingAtConference(
                    amber,
                    "end_plan",
                    "",
                    "too_young",
                    "Observed",
                    f"c{amber.pk}_",
                    {outcomes[amber.pk].pk: ("", "")},
                )
            ],
            by=council.worker,
            **review,
        )
    assert f"progress_{outcomes[amber.pk].pk}" in refused.value.message_dict
    assert Conference.objects.filter(kind=ConferenceKind.REVIEW).count() == 0
    reviewed = conference_record_for_family(
        child=council.child,
        siblings=[
            SiblingAtConference(
                amber,
                "end_plan",
                "",
                "too_young",
                "Observed: happy",
                f"c{amber.pk}_",
                {outcomes[amber.pk].pk: ("achieved", "")},
            )
        ],
        by=council.worker,
        **review,
    )
    assert [item.decision for item in reviewed] == ["continue", "end_plan"]
    plans[amber.pk].refresh_from_db()
    assert plans[amber.pk].end_date == CONFERENCE + timedelta(days=90)
    assert ChildProtectionPlan.objects.get(child=council.child).end_date is None


def test_one_core_group_reviews_two_childrens_plans_each_with_its_own_progress(council: Any) -> None:
    from datetime import date

    from hearth.protection.models import CoreGroup
    from hearth.protection.plans import cp_plan_start
    from hearth.protection.tests.plan_fixtures import add_outcome, start_plan

    start = date(2025, 3, 3)
    amber = make_child(by=council.worker, forename="Amber", surname="Smith")
    allocation_change(
        child_id=amber.pk,
        worker=council.worker,
        team=council.team,
        start_date=start,
        reason="Sibling",
        by=council.users[Role.FRONT_DOOR],
    )
    household_add_member(child=council.child, member=amber, start_date=start, by=council.worker)
    jayden_plan = start_plan(council, start)
    jayden_outcome = add_outcome(council, jayden_plan, date(2025, 6, 30))
    amber_plan = cp_plan_start(
        child=amber, cin_episode=None, start_date=start, category="EMO", risks="Left alone", by=council.worker
    )
    amber_outcome = add_outcome(
        council, amber_plan, date(2025, 6, 30), what_must_change="Amber goes to school every day"
    )
    client = Client()
    client.force_login(council.worker)
    url = reverse("protection:core_group_add", kwargs={"pk": council.child.pk, "plan_pk": jayden_plan.pk})
    page = client.get(url).content.decode()
    assert (
        "Was Amber Smith&#x27;s plan reviewed at the same meeting?" in page
        and "Amber: Amber goes to school" in page
    )
    posted = {
        "held_on": "12/03/2025",
        "attendance_social_care": "attended",
        "attendance_education": "attended",
        "summary": "Both plans kept",
        f"progress_{jayden_outcome.pk}": "good",
        f"c{amber.pk}_reviewed": "yes",
    }
    # Amber's outcome has no progress: refused on that field, nothing written for either child.
    refused = client.post(url, posted).content.decode()
    assert f'href="#id_progress_{amber_outcome.pk}_0"' in refused and not CoreGroup.objects.exists()
    done = client.post(url, posted | {f"progress_{amber_outcome.pk}": "some"})
    assert done.status_code == 302
    jayden_group, amber_group = (
        CoreGroup.objects.get(plan=jayden_plan),
        CoreGroup.objects.get(plan=amber_plan),
    )
    assert amber_group.together_with == jayden_group
    assert Event.objects.filter(child=amber, type="core_group.held").count() == 1
