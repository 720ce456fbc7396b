"""The demo council: proportions, agreement with the timescale engine and the event registry, identifiers."""

from __future__ import annotations

import io
import random
import stat
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F

from hearth.care.models import CarePeriod
from hearth.core import clock
from hearth.core.events import event_type
from hearth.core.identifiers import nhs_number_is_valid, postcode_is_valid, upn_is_valid
from hearth.core.models import Event, Obligation, ObligationStatus
from hearth.core.timescales.engine import EngineContext
from hearth.core.timescales.store import obligations_rebuild
from hearth.demo.generation.context import GenContext
from hearth.demo.generation.family import generate_chunk
from hearth.demo.generation.plan import CP, DEFAULT_CHILDREN, LAC, plan_council, status_counts
from hearth.demo.generation.rows import ID_TABLES
from hearth.demo.generation.staff import Organisation, Worker
from hearth.demo.generation.story import birthday
from hearth.organisation.models import Allocation, StaffUser
from hearth.organisation.roles import Role
from hearth.people.models import Address, NameToken, Person
from hearth.protection.models import ChildProtectionPlan

pytestmark = pytest.mark.dates  # reads Hearth's today: run again on each date by `make test-dates`

CHILDREN = 300


def _seed(settings, tmp_path, **options) -> str:
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("seed", children=CHILDREN, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_creates_the_scaled_council(settings, tmp_path):
    _seed(settings, tmp_path)
    expected = status_counts(CHILDREN)
    assert Person.objects.filter(kind="child").count() == CHILDREN
    assert (
        CarePeriod.objects.filter(end_date=None).count()
        == expected["looked_after"]
        == round(CHILDREN * 388 / 6000)
    )
    assert ChildProtectionPlan.objects.filter(end_date=None).count() == expected["protection"]
    assert expected["protection"] == round(CHILDREN * 227 / 6000)
    adults = Person.objects.filter(kind="adult").count()
    assert 1.0 * CHILDREN <= adults <= 1.6 * CHILDREN
    # Every child and adult can be found by name.
    assert NameToken.objects.values("person_id").distinct().count() == Person.objects.count()
    connection.check_constraints()  # every foreign key points at a row


@pytest.mark.django_db
def test_default_size_plans_exactly_388_looked_after_and_227_on_plans():
    plan = plan_council(DEFAULT_CHILDREN, seed=1, today=date(2025, 6, 30))
    assert plan.children_in_status(LAC) == 388
    assert plan.children_in_status(CP) == 227
    assert sum(plan.family_size) == DEFAULT_CHILDREN
    assert plan.counts["looked_after"] == 388 and plan.counts["protection"] == 227


@pytest.mark.django_db
def test_every_child_on_a_plan_has_an_open_visit_owned_by_their_worker(settings, tmp_path):
    _seed(settings, tmp_path)
    on_plans = set(ChildProtectionPlan.objects.filter(end_date=None).values_list("child_id", flat=True))
    assert on_plans
    allocated = dict(Allocation.objects.filter(end_date=None).values_list("child_id", "worker_id"))
    visits = dict(
        Obligation.objects.filter(
            rule_id="cp.visit", status=ObligationStatus.OPEN, child_id__in=on_plans
        ).values_list("child_id", "owner_id")
    )
    assert set(visits) == on_plans
    for child_id in on_plans:
        assert visits[child_id] == allocated[child_id]
    # Worklists show some overdue work, but most of it is not.
    open_work = Obligation.objects.filter(status=ObligationStatus.OPEN)
    overdue = open_work.filter(due_date__lt=clock.today()).count()
    assert 0 < overdue < open_work.count() / 3


@pytest.mark.django_db
def test_events_read_as_the_registry_says(settings, tmp_path):
    _seed(settings, tmp_path)
    events = list(Event.objects.all())
    assert len(events) > 10 * CHILDREN
    for event in events:
        declared = event_type(event.type)
        assert event.summary == declared.summarise(event.payload), event.type
        assert event.significance == declared.significance
    # Each event's record is a real row of the model it names.
    from django.apps import apps

    for record_type in {event.record_type for event in events if event.record_type}:
        model = apps.get_model(record_type)
        ids = {event.record_id for event in events if event.record_type == record_type}
        assert model.objects.filter(pk__in=ids).count() == len(ids), record_type


@pytest.mark.django_db
def test_identifiers_are_valid(settings, tmp_path):
    _seed(settings, tmp_path)
    people = list(Person.objects.values("person_number", "kind", "nhs_number", "upn", "upn_unknown"))
    nhs = [person["nhs_number"] for person in people if person["nhs_number"]]
    assert len(nhs) >= CHILDREN
    assert all(nhs_number_is_valid(number) and number.startswith("999") for number in nhs)
    assert len(set(nhs)) == len(nhs)
    children = [person for person in people if person["kind"] == "child"]
    assert all(
        person["upn"] and upn_is_valid(person["upn"]) or person["upn_unknown"] == "UN1" for person in children
    )
    assert any(person["upn"] for person in children)
    for person in people:
        prefix = "C" if person["kind"] == "child" else "A"
        number = person["person_number"]
        assert number[0] == prefix and len(number) == 8 and number[1:].isdigit()
    postcodes = set(Address.objects.values_list("postcode", flat=True))
    assert all(postcode_is_valid(postcode) for postcode in postcodes)
    assert all(postcode[:2] in ("NM", "ZY") for postcode in postcodes)


@pytest.mark.django_db
def test_seeded_obligations_are_what_the_engine_rebuilds(settings, tmp_path):
    _seed(settings, tmp_path)
    children = list(Person.objects.filter(kind="child").values_list("pk", flat=True))
    open_children = set(Allocation.objects.filter(end_date=None).values_list("child_id", flat=True))
    sample = sorted(set(random.Random(5).sample(children, 40)) | set(list(open_children)[:40]))

    def stored(child_id):
        return sorted(
            Obligation.objects.filter(child_id=child_id).values_list(
                "rule_id", "start_date", "due_date", "status", "closed_on", "owner_id", "team_id"
            )
        )

    for child_id in sample:
        before = stored(child_id)
        obligations_rebuild(child_id)
        assert stored(child_id) == before, child_id


@pytest.mark.django_db
def test_about_a_third_of_enquiries_end_without_a_conference(settings, tmp_path):
    _seed(settings, tmp_path)
    counts = Counter(
        Event.objects.filter(type__in=["icpc.held", "icpc.not_required"]).values_list("type", flat=True)
    )
    concluded = counts["icpc.held"] + counts["icpc.not_required"]
    assert 0.2 < counts["icpc.not_required"] / concluded < 0.5
    # The strategy discussion's conference clock ends (neither met nor left running) when none is needed.
    ended = Obligation.objects.filter(rule_id="cp.icpc", status=ObligationStatus.NO_LONGER_REQUIRED)
    assert ended.count() >= counts["icpc.not_required"] * 0.9


@pytest.mark.django_db
def test_core_groups_meet_about_every_four_weeks_and_a_few_late(settings, tmp_path):
    _seed(settings, tmp_path)
    met = Obligation.objects.filter(rule_id="cp.core_group", status=ObligationStatus.MET)
    late = met.filter(closed_on__gt=F("due_date")).count()
    assert met.count() > 10 * ChildProtectionPlan.objects.filter(end_date=None).count()
    assert 0 < late < 0.15 * met.count()


@pytest.mark.django_db
def test_if_empty_does_nothing_the_second_time(settings, tmp_path):
    _seed(settings, tmp_path, if_empty=True)
    people, users, events = Person.objects.count(), StaffUser.objects.count(), Event.objects.count()
    output = _seed(settings, tmp_path, if_empty=True)
    assert "not seeded again" in output
    assert (Person.objects.count(), StaffUser.objects.count(), Event.objects.count()) == (
        people,
        users,
        events,
    )


@pytest.mark.django_db
def test_demo_logins_shows_a_login_for_each_role(settings, tmp_path):
    output = _seed(settings, tmp_path)
    path = tmp_path / "demo_logins.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    password = path.read_text().split("password\t", 1)[1].split("\n", 1)[0]
    assert password in output  # printed once at the end of seeding
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    shown = out.getvalue()
    assert "http://127.0.0.1:8000/" in shown and password in shown
    for role in Role:
        assert role.label in shown
    worker = StaffUser.objects.filter(role=Role.SOCIAL_WORKER).first()
    assert worker is not None and worker.check_password(password)


def _fake_organisation(plan) -> Organisation:
    workers = {
        kind: [Worker(1000 + i, 10, f"Worker {i}", "Team", 1, kind) for i in range(plan.workers[kind])]
        for kind in plan.workers
    }
    return Organisation(workers, front_door=[2], chairs=[3], iros=[4], health=[5], education=[6], police=[7])


def _generate(seed: int) -> dict:
    plan = plan_council(120, seed=seed, today=date(2025, 6, 30))
    from hearth.core.calendar import WorkingDayCalendar
    from hearth.core.council_settings import SettingsSnapshot

    engine = EngineContext.build(WorkingDayCalendar(), SettingsSnapshot([]))
    context = GenContext.build(
        plan, _fake_organisation(plan), engine, la_number=931, next_id=dict.fromkeys(ID_TABLES, 1)
    )
    return generate_chunk(context, 0)


def test_generation_is_deterministic_from_the_seed():
    first, again, other = _generate(3), _generate(3), _generate(4)
    assert first == again
    assert first["event"] != other["event"]


@pytest.mark.django_db
def test_the_seed_builds_one_engine_context_for_every_chunk(settings, tmp_path, monkeypatch):
    built: list[EngineContext] = []
    build = EngineContext.build.__func__

    def counted(cls, calendar, snapshot, *subject):
        built.append(build(cls, calendar, snapshot, *subject))
        return built[-1]

    monkeypatch.setattr(EngineContext, "build", classmethod(counted))
    monkeypatch.setattr("hearth.demo.generation.plan.CHUNK_CHILDREN", CHILDREN // 3)
    # The plans sent for sign-off afterwards go through the services, each event with the engine as usual.
    monkeypatch.setattr("hearth.demo.management.commands.seed.demo_sign_offs", lambda today: 0)
    _seed(settings, tmp_path)
    assert len(built) == 1
    assert len(plan_council(CHILDREN, seed=1, today=clock.today()).chunks) > 1
    # That context did the work: its calendar remembers the due dates it worked out.
    assert built[0].calendar._added


def test_default_histories_average_about_fifty_events_a_child_with_contacts_of_every_outcome():
    """Measured on the first chunk of the default council (about 5,000 children), generated without writing."""
    from hearth.core.calendar import WorkingDayCalendar
    from hearth.core.council_settings import SettingsSnapshot
    from hearth.frontdoor.models import ContactOutcome

    today = date(2025, 6, 30)
    plan = plan_council(DEFAULT_CHILDREN, seed=1, today=today)
    engine = EngineContext.build(WorkingDayCalendar(), SettingsSnapshot([]))
    context = GenContext.build(
        plan, _fake_organisation(plan), engine, la_number=931, next_id=dict.fromkeys(ID_TABLES, 1)
    )
    rows = generate_chunk(context, 0)
    children = sum(1 for person in rows["person"] if person[2] == "child")
    assert children >= 3000
    # 60 since families fall behind by plan, 66 with the health records of children in care (issue 17)
    assert 40 <= len(rows["event"]) / children <= 70
    contacts = rows["contact"]
    outcomes = Counter(contact[5] for contact in contacts)
    assert set(ContactOutcome.values) <= set(outcomes)
    # About four contacts for each referral, most screened on the day or the next working day.
    referrals = len(rows["cin"])
    assert 3 * referrals <= len(contacts) <= 6 * referrals
    assert outcomes[""] < 0.002 * len(contacts)
    # The front door's worklist: hardly any contact is overdue for screening.
    overdue = [
        row
        for row in rows["obligation"]
        if row[1] == "contact.decision" and row[7] == ObligationStatus.OPEN and row[3] < today.isoformat()
    ]
    assert len(overdue) <= 10


@pytest.mark.django_db
def test_assessments_plans_and_visits_are_recorded_in_full(settings, tmp_path):
    from hearth.children_in_need.models import Assessment, AssessmentKind, CinPlan
    from hearth.people.models import Person as People
    from hearth.plans.models import OutcomeProgress, PlanOutcome, PlanReview
    from hearth.visits.models import Visit

    _seed(settings, tmp_path)
    changed_profile = date(2013, 4, 15)
    assessments = list(Assessment.objects.select_related("episode"))
    assert assessments
    # Initial assessments before 15 April 2013, single ones from then; some initial ones led to a core assessment.
    for assessment in assessments:
        if assessment.kind == AssessmentKind.SINGLE:
            assert assessment.start_date >= changed_profile
        else:
            assert assessment.start_date < changed_profile
    births = dict(People.objects.filter(kind="child").values_list("pk", "date_of_birth"))
    seen = [assessment for assessment in assessments if assessment.child_seen_date]
    assert 0.9 < len(seen) / len(assessments) < 1
    older = []
    for assessment in assessments:
        if assessment.child_seen_date is None:
            assert assessment.child_views_not_obtained and not assessment.child_seen_alone
            continue
        assert assessment.child_seen_date >= assessment.start_date
        assert assessment.child_views or assessment.child_views_not_obtained
        fourth_birthday = birthday(births[assessment.episode.child_id].toordinal(), 4)
        if assessment.child_seen_date.toordinal() < fourth_birthday:  # views observed, not given in words
            assert not assessment.child_seen_alone and assessment.child_views_not_obtained
        else:
            older.append(assessment)
    assert 0.35 < sum(a.child_seen_alone for a in older) / len(older) < 0.65
    authorised = [assessment for assessment in assessments if assessment.authorisation_date]
    for assessment in authorised:
        assert assessment.start_date <= assessment.completed_on <= assessment.authorisation_date
        assert assessment.outcome and assessment.analysis and assessment.authorisation_rationale
        assert assessment.parents_views and assessment.household_considered
        assert assessment.worker_id and assessment.authorised_by_id
    managers = set(
        StaffUser.objects.filter(role__in=[Role.TEAM_MANAGER, Role.ASSISTANT_TEAM_MANAGER]).values_list(
            "pk", flat=True
        )
    )
    assert {assessment.authorised_by_id for assessment in authorised} <= managers
    assert 0.75 < sum(bool(a.shared_with_parents_on) for a in authorised) / len(authorised) < 0.95
    assert any(assessment.late_reason for assessment in authorised)
    people = set(People.objects.values_list("pk", flat=True))
    assert all(member["person_id"] in people for a in authorised for member in a.household_considered)

    # Every child in need plan has two to four outcomes, each with its owner, date and measure; reviews record
    # progress on them, about every three months.
    plans = list(CinPlan.objects.all())
    assert plans
    outcomes = Counter(
        PlanOutcome.objects.filter(cin_plan__isnull=False).values_list("cin_plan_id", flat=True)
    )
    assert all(2 <= outcomes[plan.pk] <= 4 for plan in plans)
    assert (
        not PlanOutcome.objects.filter(owner="").exists()
        and not PlanOutcome.objects.filter(measure="").exists()
    )
    assert not PlanOutcome.objects.filter(due_date__lt=F("added_on")).exists()
    reviews = PlanReview.objects.filter(cin_plan__isnull=False)
    assert reviews.count() == Event.objects.filter(type="cin_plan.reviewed").count() > len(plans) / 2
    assert not reviews.exclude(kind="review").exists()
    assert OutcomeProgress.objects.filter(review__cin_plan__isnull=False).count() >= reviews.count()
    assert PlanOutcome.objects.count() == Event.objects.filter(type="plan.outcome_added").count()
    met = Obligation.objects.filter(rule_id="cin_plan.review", status=ObligationStatus.MET)
    assert 0 < met.filter(closed_on__gt=F("due_date")).count() < 0.2 * met.count()
    # Children on a child in need plan today mostly have their review and visit up to date.
    open_reviews = Obligation.objects.filter(
        rule_id__in=["cin_plan.review", "cin.visit"], status=ObligationStatus.OPEN
    )
    assert open_reviews.filter(due_date__lt=clock.today()).count() < 0.25 * open_reviews.count()

    # Each visit event is a Visit row that says the same.
    visits = {visit.pk: visit for visit in Visit.objects.filter(kind="cin")}
    events = list(Event.objects.filter(type="cin_visit.completed"))
    assert len(events) == len(visits) > 0
    for event in events:
        assert event.record_type == "visits.visit"
        visit = visits[event.record_id]
        assert (visit.child_id, visit.visit_date) == (event.child_id, event.occurred_on)
        assert event.payload == {
            "seen": visit.seen,
            "seen_alone": visit.seen_alone,
            "seen_text": "yes, seen alone" if visit.seen_alone else "yes" if visit.seen else "no",
            "bedroom_seen": visit.bedroom_seen,
        }
        assert visit.seen or visit.not_seen_reason
        assert visit.recorded_by_id == event.recorded_by_id


@pytest.mark.django_db
def test_early_help_and_step_downs(settings, tmp_path):
    from hearth.children_in_need.models import CinEpisode, CinPlan
    from hearth.earlyhelp.models import EarlyHelpEpisode, StepChange
    from hearth.plans.models import PlanOutcome, PlanReview

    _seed(settings, tmp_path)
    episodes = list(EarlyHelpEpisode.objects.all())
    assert episodes
    assert all(episode.reason for episode in episodes)
    assert all(episode.end_reason for episode in episodes if episode.end_date)
    assert not any(episode.end_reason for episode in episodes if not episode.end_date)
    assessed = [episode for episode in episodes if episode.assessment_date]
    assert len(assessed) > 0.8 * len(episodes)
    assert all(
        episode.assessment_summary and episode.assessment_date >= episode.start_date for episode in assessed
    )
    outcomes = Counter(
        PlanOutcome.objects.filter(early_help__isnull=False).values_list("early_help_id", flat=True)
    )
    assert all(2 <= outcomes[episode.pk] <= 3 for episode in assessed)
    tac = PlanReview.objects.filter(early_help__isnull=False)
    assert not tac.exclude(kind="tac").exists()
    assert tac.count() == Event.objects.filter(type="early_help.reviewed").count() > len(episodes)
    assert Event.objects.filter(type="early_help.assessed").count() == len(assessed)

    # Step-downs: the episode closes at handover (RC9 without a plan, RC7 after one) and early help starts on
    # the day the step-down was accepted; the child is followed up.
    steps = list(StepChange.objects.select_related("cin_episode", "early_help", "to_service"))
    assert steps
    planned = set(CinPlan.objects.values_list("episode_id", flat=True))
    for step in steps:
        assert step.direction == "down" and step.to_service.name == "Early help"
        episode = step.cin_episode
        assert episode is not None and episode.child_id == step.child_id
        assert episode.closure_date == step.handover_on
        assert episode.reason_for_closure == ("RC7" if episode.pk in planned else "RC9")
        assert step.requested_on <= step.accepted_on <= step.handover_on
        assert step.early_help is not None and step.early_help.child_id == step.child_id
        assert step.early_help.start_date == step.accepted_on
        assert step.followed_up_on is not None and step.followed_up_on >= step.handover_on
        if step.re_referral is not None:
            assert step.re_referral.child_id == step.child_id
            assert step.handover_on < step.re_referral.referral_date <= step.follow_up_until
            assert step.early_help.end_reason == "stepped_up"
    for kind in (
        "step_down.requested",
        "step_change.accepted",
        "step_down.completed",
        "step_down.followed_up",
    ):
        assert Event.objects.filter(type=kind).count() == len(steps)
    # Some closures after an assessment or a child in need plan step down: about 9% at the default size on any
    # date (587 of 6,437 on 5 Dec 2026, 598 of 6,636 on 15 Jun 2027); 4% to 11% of this council's 330 or so.
    closed = CinEpisode.objects.exclude(closure_date=None).filter(
        reason_for_closure__in=["RC7", "RC8", "RC9"]
    )
    assert 0.02 < len(steps) / closed.count() < 0.2
    # No closure says "referred to early help" without the step-down that does it.
    assert closed.filter(reason_for_closure="RC9").count() == sum(
        1 for s in steps if s.cin_episode_id not in planned
    )


def _default_council_rows() -> tuple[dict, date, EngineContext]:
    """Every chunk of the default council, generated without writing."""
    from hearth.core.calendar import WorkingDayCalendar
    from hearth.core.council_settings import SettingsSnapshot

    today = date(2025, 6, 30)
    plan = plan_council(DEFAULT_CHILDREN, seed=1, today=today)
    engine = EngineContext.build(WorkingDayCalendar(), SettingsSnapshot([]))
    context = GenContext.build(
        plan, _fake_organisation(plan), engine, la_number=931, next_id=dict.fromkeys(ID_TABLES, 1)
    )
    rows: dict = {}
    for chunk in range(len(plan.chunks)):
        for table, found in generate_chunk(context, chunk).items():
            rows.setdefault(table, []).extend(found)
    return rows, today, engine


def test_default_council_has_police_notifications_in_proportion():
    rows, today, engine = _default_council_rows()
    notifications = {row[0]: row for row in rows["dan"]}
    # id, reference, incident, received, risk, summary, decision, reason, decided on, decided by, MARAC
    household_of = {row[1]: row[0] for row in rows["membership"]}
    children: dict[int, set[int]] = {}
    for notification, child in rows["danchild"]:
        children.setdefault(notification, set()).add(child)
    assert set(children) == set(notifications)  # every notification is about at least one child
    households: dict[int, list[tuple]] = {}
    for notification, row in notifications.items():
        (household,) = {household_of[child] for child in children[notification]}  # one household's children
        households.setdefault(household, []).append(row)
    # About one family in eight, with one to four notifications (the waiting ones aside).
    assert 0.09 < len(households) / len(rows["household"]) < 0.17
    assert all(len(found) <= 5 for found in households.values())
    risks = Counter(row[4] for row in notifications.values())
    assert 0.52 < risks["standard"] / len(notifications) < 0.68
    assert 0.2 < risks["medium"] / len(notifications) < 0.36
    assert 0.07 < risks["high"] / len(notifications) < 0.18

    def to_referral(risk: str) -> float:
        decided = [row for row in notifications.values() if row[4] == risk and row[6]]
        return sum(row[6] in ("referral", "strategy") for row in decided) / len(decided)

    assert to_referral("high") > 0.25 > 4 * to_referral("standard")
    screened = [row for row in notifications.values() if row[6]]
    late = [
        row
        for row in screened
        if date.fromisoformat(row[8]) > engine.calendar.add_working_days(date.fromisoformat(row[3]), 1)
    ]
    assert 0.03 < len(late) / len(screened) < 0.13
    for row in screened:
        assert row[3] >= row[2] and row[8] >= row[3] and row[7] and row[9]
        if row[4] == "high":  # the MARAC referral within a few days
            assert row[3] <= row[10] <= (date.fromisoformat(row[3]) + timedelta(days=5)).isoformat()
        else:
            assert row[10] is None
    # A repeat notification within twelve months is common for families with several.
    several = [sorted(row[3] for row in found) for found in households.values() if len(found) > 1]
    within_year = [
        any(
            date.fromisoformat(later) - date.fromisoformat(earlier) <= timedelta(days=365)
            for earlier, later in zip(days, days[1:], strict=False)
        )
        for days in several
    ]
    assert sum(within_year) > 0.5 * len(several)
    # A referral or strategy discussion is a referral the history has: a child's, from the police, that day or
    # within the next few.
    referrals = {(row[1], row[2]) for row in rows["cin"] if row[3] == "6"}
    for notification, row in notifications.items():
        if row[6] in ("referral", "strategy"):
            received = date.fromisoformat(row[3])
            assert any(
                (child, (received + timedelta(days=days)).isoformat()) in referrals
                for child in children[notification]
                for days in range(6)
            ), row
    # Two or three are waiting to be screened, received today or yesterday.
    waiting = [row for row in notifications.values() if not row[6]]
    assert 2 <= len(waiting) <= 3
    for row in waiting:
        assert row[3] >= (today - timedelta(days=1)).isoformat()
        assert row[7] == "" and row[8] is None and row[9] is None and row[10] is None


def test_some_notification_waits_to_be_screened_however_small_the_council():
    from hearth.demo.generation.notifications import waiting_families

    for children in (5, 20, 120, 300, DEFAULT_CHILDREN, 20_000):
        plan = plan_council(children, seed=2, today=date(2025, 6, 30))
        waiting = waiting_families(plan)
        assert 1 <= len(waiting) <= max(1, round(children / 2000)), children
    assert len(waiting_families(plan_council(DEFAULT_CHILDREN, seed=1, today=clock.today()))) in (2, 3)


@pytest.mark.django_db
def test_seeded_notifications_reach_every_child_and_the_front_door_queue(settings, tmp_path):
    from django.test import Client
    from django.urls import reverse

    from hearth.frontdoor.models import DomesticAbuseNotification

    _seed(settings, tmp_path)
    notifications = list(DomesticAbuseNotification.objects.prefetch_related("children"))
    assert notifications
    label = DomesticAbuseNotification._meta.label_lower
    received: dict[int, set[int]] = {}
    screened: dict[int, set[int]] = {}
    for event in Event.objects.filter(record_type=label):
        found = received if event.type == "da_notification.received" else screened
        found.setdefault(event.record_id, set()).add(event.child_id)
    for notification in notifications:
        children = {child.pk for child in notification.children.all()}
        assert children and received[notification.pk] == children
        assert all(child.kind == "child" for child in notification.children.all())
        if notification.decision:
            assert screened[notification.pk] == children
            assert notification.decided_by_id and notification.decision_reason
            if notification.risk_level == "high":
                assert notification.marac_referred_on is not None
                assert 0 <= (notification.marac_referred_on - notification.received_on).days <= 5
        else:
            assert notification.pk not in screened
    # However small the council, the front door has a notification to screen today, on its team's worklist.
    today = clock.today()
    waiting = [notification for notification in notifications if not notification.decision]
    assert waiting
    assert all(notification.received_on >= today - timedelta(days=1) for notification in waiting)
    clocks = Obligation.objects.filter(rule_id="da_notification.screening", status=ObligationStatus.OPEN)
    assert clocks.count() == sum(notification.children.count() for notification in waiting)
    assert set(clocks.values_list("team__is_front_door", flat=True)) == {True}
    client = Client()
    client.force_login(StaffUser.objects.filter(role=Role.FRONT_DOOR).first())
    page = client.get(reverse("frontdoor:notifications")).content.decode()
    assert all(notification.police_reference in page for notification in waiting)
    assert "No notifications are waiting." not in page


@pytest.mark.django_db
def test_closed_episodes_are_signed_off_with_a_summary(settings, tmp_path):
    from hearth.children_in_need.models import CinEpisode

    _seed(settings, tmp_path)
    closed = list(CinEpisode.objects.exclude(closure_date=None))
    assert closed
    assert all(episode.closure_summary and episode.closure_signed_off_by_id for episode in closed)
    assert not CinEpisode.objects.filter(closure_date=None).exclude(closure_signed_off_by=None).exists()
    assert not Event.objects.filter(type="cin_episode.closure_proposed").exists()
    # The manager of the worker's team at the time (who allocated the worker); no further action on a referral,
    # whoever decided it.
    allocated_by: dict[tuple[int, date], set[int]] = {}
    for child_id, ended, manager in Allocation.objects.exclude(end_date=None).values_list(
        "child_id", "end_date", "created_by_id"
    ):
        allocated_by.setdefault((child_id, ended), set()).add(manager)
    decided_by = {
        event.record_id: event.recorded_by_id for event in Event.objects.filter(type="referral.decided")
    }
    managers = set(
        StaffUser.objects.filter(role__in=[Role.TEAM_MANAGER, Role.ASSISTANT_TEAM_MANAGER]).values_list(
            "pk", flat=True
        )
    )
    for episode in closed:
        closed_event = Event.objects.get(type="cin_episode.closed", record_id=episode.pk)
        assert closed_event.recorded_by_id == episode.closure_signed_off_by_id
        if episode.referral_nfa:
            assert episode.closure_signed_off_by_id == decided_by[episode.pk]
            assert episode.closure_summary == "No further action on the referral."
        else:
            assert episode.closure_signed_off_by_id in managers
            assert episode.closure_signed_off_by_id in allocated_by[(episode.child_id, episode.closure_date)]


@pytest.mark.django_db
def test_child_protection_histories_carry_the_records_the_services_write(settings, tmp_path, client):
    from django.urls import reverse

    from hearth.plans.models import OutcomeProgress, PlanOutcome, PlanReview
    from hearth.protection.models import (
        Attendance,
        Conference,
        ConferenceReport,
        CoreGroup,
        Section47Enquiry,
        StrategyDiscussion,
    )
    from hearth.visits.models import Visit

    _seed(settings, tmp_path)
    today = clock.today()
    plans = list(ChildProtectionPlan.objects.all())
    assert plans
    # Every plan carries the chair's risks and is finalised within days of starting, with two to four measurable
    # outcomes each saying what the parents and the professionals will do, who, by when and how we will know.
    outcomes = Counter(PlanOutcome.objects.filter(cp_plan__isnull=False).values_list("cp_plan_id", flat=True))
    for plan in plans:
        assert plan.risks and plan.finalised_on is not None
        assert plan.start_date <= plan.finalised_on <= plan.start_date + timedelta(days=14)
        assert 2 <= outcomes[plan.pk] <= 4
    for outcome in PlanOutcome.objects.filter(cp_plan__isnull=False):
        assert outcome.parents_will_do and outcome.professionals_will_do and outcome.owner and outcome.measure
        assert outcome.due_date >= outcome.added_on
    # A strategy discussion and a section 47 enquiry for each event; most discussions led by a manager.
    discussions = list(StrategyDiscussion.objects.all())
    assert len(discussions) == Event.objects.filter(type="strategy_discussion.held").count() > 0
    not_led = sum(not discussion.led_by_manager for discussion in discussions)
    assert 0 < not_led < 0.3 * len(discussions)
    managers = set(
        StaffUser.objects.filter(role__in=[Role.TEAM_MANAGER, Role.ASSISTANT_TEAM_MANAGER]).values_list(
            "pk", flat=True
        )
    )
    assert all((d.led_by_id in managers) == d.led_by_manager for d in discussions)
    enquiries = Section47Enquiry.objects.all()
    assert enquiries.count() == Event.objects.filter(type="s47.started").count()
    concluded = enquiries.exclude(end_date=None)
    assert concluded.filter(outcome="conference").count() == Conference.objects.filter(kind="initial").count()
    assert (
        concluded.exclude(outcome="conference").count()
        == Event.objects.filter(type="icpc.not_required").count()
    )
    # A conference for each initial and review conference event, chaired by a chair, with attendance and reports.
    conferences = list(Conference.objects.all())
    assert len(conferences) == Event.objects.filter(type__in=["icpc.held", "rcpc.held"]).count()
    chairs = set(StaffUser.objects.filter(role=Role.CHILD_PROTECTION_CHAIR).values_list("pk", flat=True))
    assert {conference.chair_id for conference in conferences} <= chairs
    assert all(c.plan_id for c in conferences if c.decision != "no_plan")
    education = Attendance.objects.filter(conference__isnull=False, agency="education")
    assert 0.05 < education.filter(attended=False).count() / education.count() < 0.3
    reports = Counter(ConferenceReport.objects.values_list("conference_id", flat=True))
    assert all(1 <= reports[conference.pk] <= 3 for conference in conferences)
    # A core group for each core group event, with attendance and its plan review with progress on each outcome.
    groups = {group.pk: group for group in CoreGroup.objects.select_related("review")}
    events = list(Event.objects.filter(type="core_group.held"))
    assert len(events) == len(groups) > 0
    for event in events:
        group = groups[event.record_id]
        assert event.record_type == "protection.coregroup" and group.held_on == event.occurred_on
        assert group.review is not None and group.review.kind == "core_group" and group.review.cp_plan_id
    assert Attendance.objects.filter(core_group__isnull=False).values(
        "core_group_id"
    ).distinct().count() == len(groups)
    assert OutcomeProgress.objects.filter(review__kind="core_group").count() >= len(groups)
    reviews = PlanReview.objects.filter(kind="rcpc")
    assert reviews.count() == Event.objects.filter(type="rcpc.held").count()
    recorded = [group for group in groups.values() if group.minutes_recorded_on]
    assert len(recorded) > 0.9 * len(groups)
    # Every child protection visit event is a Visit row; failed ones older than two days seen by a manager.
    visits = {visit.pk: visit for visit in Visit.objects.filter(kind="cp")}
    events = list(Event.objects.filter(type__in=["cp_visit.completed", "cp_visit.failed"]))
    assert len(events) == len(visits) > 0
    for event in events:
        visit = visits[event.record_id]
        assert (visit.child_id, visit.visit_date, visit.seen) == (
            event.child_id,
            event.occurred_on,
            event.type == "cp_visit.completed",
        )
        assert visit.cp_plan_id and visit.recorded_by_id == event.recorded_by_id
        if not visit.seen:
            assert visit.not_seen_reason == event.payload["reason"]
    failed = [visit for visit in visits.values() if not visit.seen]
    assert failed
    for visit in failed:
        if visit.visit_date < today - timedelta(days=2):
            assert visit.manager_seen_by_id in managers and visit.manager_note
    # Work on open plans is mostly up to date.
    open_plans = set(ChildProtectionPlan.objects.filter(end_date=None).values_list("child_id", flat=True))
    open_work = Obligation.objects.filter(
        status=ObligationStatus.OPEN, child_id__in=open_plans, rule_id__startswith="cp."
    )
    assert open_work.filter(due_date__lt=today).count() < 0.2 * open_work.count()
    # The manager of a team with a failed visit waiting sees it on their team page.
    waiting = Obligation.objects.filter(
        rule_id="cp.failed_visit_seen_by_manager", status=ObligationStatus.OPEN
    ).select_related("team")
    assert waiting.exists()
    item = waiting.first()
    client.force_login(item.team.manager)
    page = client.get(reverse("worklists:my_team")).content.decode()
    assert 'id="failed-visits"' in page and "No failed visit is waiting for a manager." not in page
    started = Event.objects.get(pk=item.started_by_id)
    assert visits[started.record_id].not_seen_reason in page


@pytest.mark.django_db
def test_some_plans_and_assessments_wait_for_a_manager_and_some_plans_came_back(settings, tmp_path):

    from hearth.core.models import Obligation
    from hearth.demo.sign_offs import demo_sign_offs
    from hearth.signoff.models import SignOff
    from hearth.signoff.selectors import waiting_for

    output = _seed(settings, tmp_path)
    assert "waiting for a manager's sign-off" in output
    today = clock.today()
    waiting = SignOff.objects.filter(status="waiting")
    assert waiting.filter(kind="cin_plan").exists() and waiting.filter(kind="assessment").exists()
    for row in waiting.filter(kind="cin_plan"):
        assert Obligation.objects.filter(
            child_id=row.child_id, rule_id="cin_plan.sign_off", status="open"
        ).exists()
    managers = StaffUser.objects.filter(role=Role.TEAM_MANAGER)
    assert sum(len(waiting_for(manager, today)) for manager in managers) >= waiting.count() - 5
    # Sending the rest (every plan): one in five comes back to the worker with what must change.
    sent = demo_sign_offs(today, every=1)
    returned = SignOff.objects.filter(kind="cin_plan", status="returned")
    assert returned.count() >= sent // 5 > 0
    for row in returned:
        assert (
            Obligation.objects.get(child_id=row.child_id, rule_id="cin_plan.returned", status="open").owner_id
            == row.requested_by_id
        )


@pytest.mark.django_db
def test_no_further_action_closes_a_referral_in_its_own_census_year(settings, tmp_path):
    """A no-further-action referral received before 1 April and closed after it would be in the next census,
    which queries it (8569Q): the demo never writes one, whatever the date it is built for."""
    from hearth.children_in_need.models import CinEpisode

    _seed(settings, tmp_path)
    nfa = list(CinEpisode.objects.filter(referral_nfa=True).values_list("referral_date", "closure_date"))
    assert len(nfa) > 10
    for received, closed in nfa:
        assert closed is not None
        assert clock.current_collection_year(closed) == clock.current_collection_year(received), (
            received,
            closed,
        )


@pytest.mark.parametrize("children", [120, 300, DEFAULT_CHILDREN])
def test_families_behind_hold_at_most_their_share_of_each_status(children):
    from hearth.demo.generation.plan import BEHIND_SHARE, KIND_OF_STATUS

    plan = plan_council(children, seed=1, today=clock.today())
    for status in KIND_OF_STATUS:
        families = [f for f in range(plan.families) if plan.family_status[f] == status]
        behind = sum(plan.family_size[f] for f in families if plan.family_behind[f])
        total = sum(plan.family_size[f] for f in families)
        assert behind <= BEHIND_SHARE * total
        if total >= 50:  # a council of any size shows some work fallen behind
            assert behind >= BEHIND_SHARE * total / 2
    assert not any(
        plan.family_behind[f] for f in range(plan.families) if plan.family_status[f] not in KIND_OF_STATUS
    )


def _written_events() -> Counter:
    return Counter(
        (number, etype, on.isoformat())
        for number, etype, on in Event.objects.values_list("child__person_number", "type", "occurred_on")
    )


def _written_obligations() -> Counter:
    return Counter(
        (number, rule, start.isoformat(), due.isoformat())
        for number, rule, start, due in Obligation.objects.values_list(
            "child__person_number", "rule_id", "start_date", "due_date"
        )
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the pipelined load runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_generating_processes_write_the_council_one_process_generates(settings, tmp_path, monkeypatch):
    from hearth.demo.loading import children as loading

    monkeypatch.setattr("hearth.demo.generation.plan.CHUNK_CHILDREN", CHILDREN // 4)
    monkeypatch.setattr("hearth.demo.management.commands.seed.demo_sign_offs", lambda today: 0)
    given: dict = {}
    load = loading.load_children

    def recorded(plan, organisation, engine, **options):
        given.update(plan=plan, organisation=organisation, engine=engine, la_number=options["la_number"])
        stats = load(plan, organisation, engine, **options)
        given.update(events=_written_events(), obligations=_written_obligations())
        return stats

    monkeypatch.setattr("hearth.demo.management.commands.seed.load_children", recorded)
    _seed(settings, tmp_path)
    plan = given["plan"]
    shares = loading._shares(
        GenContext.build(
            plan, given["organisation"], given["engine"], la_number=1, next_id=dict.fromkeys(ID_TABLES, 1)
        ),
        list(range(len(plan.chunks))),
        loading.GENERATORS,
    )
    assert len(shares) == 2 and sorted(shares[0].chunks + shares[1].chunks) == list(range(len(plan.chunks)))

    # The same council generated in this process, one chunk after another, as the SQLite load does.
    context = GenContext.build(
        plan,
        given["organisation"],
        given["engine"],
        la_number=given["la_number"],
        next_id=dict.fromkeys(ID_TABLES, 1),
    )
    numbers: dict[int, str] = {}
    expected_events: Counter = Counter()
    expected_obligations: Counter = Counter()
    for chunk in range(len(plan.chunks)):
        rows = generate_chunk(context, chunk)
        numbers.update((row[0], row[1]) for row in rows["person"] if row[2] == "child")
        expected_events.update((numbers[row[1]], row[2], str(row[4])) for row in rows["event"])
        expected_obligations.update(
            (numbers[row[0]], row[1], str(row[2]), str(row[3])) for row in rows["obligation"]
        )

    assert len(given["events"]) > 1000
    assert given["events"] == expected_events
    assert given["obligations"] == expected_obligations
    # The second process's ids are its own block; every number and identifier is used once.
    second = plan.family_first[plan.chunks[shares[1].chunks[0]][0]] + 1
    assert Person.objects.get(person_number=f"C{second:07d}").pk > loading.IDS_PER_CHILD
    for field in ("person_number", "nhs_number", "upn"):
        values = list(Person.objects.exclude(**{field: ""}).values_list(field, flat=True))
        assert len(values) == len(set(values)), field
    connection.check_constraints()


def test_some_children_in_care_go_missing_and_are_offered_a_return_interview_after_each_return():
    from hearth.core.calendar import WorkingDayCalendar
    from hearth.core.council_settings import SettingsSnapshot

    plan = plan_council(3000, seed=1, today=date(2026, 12, 6))
    engine = EngineContext.build(WorkingDayCalendar(), SettingsSnapshot([]))
    context = GenContext.build(
        plan, _fake_organisation(plan), engine, la_number=931, next_id=dict.fromkeys(ID_TABLES, 1)
    )
    episodes, interviews = [], []
    for chunk in range(len(plan.chunks)):
        rows = generate_chunk(context, chunk)
        episodes += rows["missing"]
        interviews += [row for row in rows["obligation"] if row[1] == "missing.return_interview"]
    assert len({row[1] for row in episodes}) >= 5  # children
    returned = [row for row in episodes if row[9] is not None]
    assert len(interviews) == len(returned)  # a return interview owed after every return
    assert all((row[9], row[10] or "") >= (row[3], row[4] or "") for row in returned)  # back after they left
    outcomes = Counter(row[13] for row in returned)
    assert outcomes["held"] > outcomes["declined"] > 0
