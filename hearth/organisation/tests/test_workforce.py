"""The workforce: flags, weighted caseloads, transfer, the unallocated queue, the allocation meeting, staff pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.care.models import CareLeaverStatus, CarePeriod
from hearth.caseloads.selectors import unallocated_children
from hearth.children_in_need.models import CinEpisode, CinPlan
from hearth.core.council_settings import clear_cache, council_setting_set
from hearth.earlyhelp.models import EarlyHelpEpisode
from hearth.organisation.models import Allocation, StaffUser
from hearth.organisation.roles import Role
from hearth.organisation.services import allocation_change, caseload_transfer
from hearth.organisation.tests.factories import StaffUserFactory
from hearth.organisation.workforce import (
    WorkforcePolicy,
    parse_weights,
    post_qualifying_years,
    weighted_caseload,
    weighted_caseloads,
    workforce_flags,
)
from hearth.people.models import Person
from hearth.people.tests.factories import make_child
from hearth.protection.models import ChildProtectionPlan

TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def hearths_today_is_the_day_these_tests_are_written_for(settings: Any) -> None:
    """Qualification, renewal and appraisal dates here are fixed around TODAY: the pages read it as Hearth's today."""
    settings.HEARTH_TODAY = TODAY


DEFAULTS = WorkforcePolicy(
    minimum_pq_years=3,
    protected_caseload=Decimal(12),
    capacity_per_full_time=Decimal(18),
    weights=parse_weights(""),
)


def staff(**values: Any) -> StaffUser:
    """An unsaved member of staff: the flags read nothing but the settings."""
    return StaffUser(username="x", full_name="Pat Example", **{"role": Role.SOCIAL_WORKER, **values})


def allocate(child: Person, worker: StaffUser, start: date = date(2026, 1, 5)) -> None:
    assert worker.team is not None
    allocation_change(
        child_id=child.pk, worker=worker, team=worker.team, start_date=start, reason="Referral", by=None
    )


def open_work(child: Person, kind: str, start: date = date(2026, 1, 5)) -> None:
    if kind in ("assessment", "child_in_need", "child_protection"):
        episode = CinEpisode.objects.create(child=child, referral_date=start, referral_source="1A")
        if kind == "child_in_need":
            CinPlan.objects.create(episode=episode, start_date=start)
        if kind == "child_protection":
            ChildProtectionPlan.objects.create(
                child=child,
                cin_episode=episode,
                start_date=start,
                initial_category="NEG",
                latest_category="NEG",
            )
    elif kind == "early_help":
        EarlyHelpEpisode.objects.create(child=child, start_date=start, lead_professional="School")
    elif kind == "looked_after":
        CarePeriod.objects.create(child=child, start_date=start, legal_status="C2")
    elif kind == "care_leaver":
        CareLeaverStatus.objects.create(child=child, start_date=start, eligibility="former_relevant")


# Flags


def test_registration_and_vetting_renewals_due_within_30_days_and_overdue() -> None:
    due_soon = staff(registration_renewal_date=date(2026, 12, 20), vetting_renewal_date=date(2026, 11, 1))
    flags = workforce_flags(due_soon, TODAY, policy=DEFAULTS)
    assert "Social Work England registration renewal due within 30 days, on 20 December 2026" in flags
    assert "DBS check renewal overdue: it was due on 1 November 2026" in flags
    later = staff(registration_renewal_date=date(2027, 1, 10), vetting_renewal_date=date(2027, 6, 1))
    assert workforce_flags(later, TODAY, policy=DEFAULTS) == []


def test_appraisal_is_due_twelve_months_after_the_last() -> None:
    assert workforce_flags(staff(last_appraisal_date=date(2025, 11, 27)), TODAY, policy=DEFAULTS) == []
    assert workforce_flags(staff(last_appraisal_date=date(2025, 11, 26)), TODAY, policy=DEFAULTS) == [
        "Annual appraisal overdue: it was due on 26 November 2026"
    ]


@pytest.mark.django_db
def test_a_manager_under_the_councils_post_qualifying_experience_policy_is_flagged() -> None:
    manager = staff(role=Role.TEAM_MANAGER, qualification_date=date(2024, 6, 1))
    assert post_qualifying_years(manager, TODAY) == 2
    assert workforce_flags(manager, TODAY) == [
        "Manager has 2 years' post-qualifying experience; the council's policy is 3"
    ]
    assert workforce_flags(staff(role=Role.TEAM_MANAGER, qualification_date=date(2023, 11, 27)), TODAY) == []
    # A social worker with the same experience is not a manager: no flag.
    assert workforce_flags(staff(qualification_date=date(2024, 6, 1)), TODAY) == []
    council_setting_set(key="manager_minimum_pq_experience_years", value=2, effective_from=date(2026, 1, 1))
    assert workforce_flags(manager, TODAY) == []


@pytest.mark.django_db
def test_a_newly_qualified_worker_over_their_protected_caseload_is_flagged() -> None:
    newly = staff(qualification_date=date(2026, 7, 1))
    assert workforce_flags(newly, TODAY, weighted_caseload=Decimal("12.0")) == []
    assert workforce_flags(newly, TODAY, weighted_caseload=Decimal("12.5")) == [
        "Newly qualified (ASYE) worker holds 12.5 weighted cases; the protected caseload is 12"
    ]
    # After the first year the protection ends.
    experienced = staff(qualification_date=date(2025, 11, 27))
    assert workforce_flags(experienced, TODAY, weighted_caseload=Decimal(20)) == []


# Weights


def test_weights_come_from_the_setting_and_a_kind_written_wrongly_keeps_its_default() -> None:
    weights = parse_weights("child_protection=2, early_help=lots, unknown=3")
    assert weights["child_protection"] == Decimal(2)
    assert weights["early_help"] == Decimal("0.7")
    assert "unknown" not in weights


def test_a_child_counts_once_at_the_weight_of_the_most_intensive_open_work(council: Any) -> None:
    worker = StaffUserFactory(team=council.team)
    kinds = ["child_protection", "looked_after", "assessment", "child_in_need", "early_help", "care_leaver"]
    for kind in kinds:
        child = make_child()
        open_work(child, kind)
        allocate(child, worker)
    both = make_child()  # on a plan and in care: counted once, as looked after
    open_work(both, "child_in_need")
    open_work(both, "looked_after")
    allocate(both, worker)
    allocate(make_child(), worker)  # allocated with nothing open
    # 1.5 + 1.2 + 1.2 + 1.0 + 0.7 + 0.6 + 1.2 + 1.0
    assert weighted_caseload(worker, TODAY) == Decimal("8.4")
    caseload = weighted_caseloads([worker.pk, council.worker.pk], TODAY)
    assert caseload[worker.pk].children == 8
    assert caseload[worker.pk].by_kind["looked_after"] == 2
    assert caseload[council.worker.pk].weighted == Decimal("1.0")  # Jayden, allocated, nothing open


def test_a_teams_caseloads_are_one_query(council: Any, django_assert_num_queries: Any) -> None:
    workers = [StaffUserFactory(team=council.team) for _ in range(3)]
    for worker in workers:
        for kind in ("child_protection", "early_help"):
            child = make_child()
            open_work(child, kind)
            allocate(child, worker)
    clear_cache()
    with django_assert_num_queries(2):  # the settings, then the caseloads
        caseloads = weighted_caseloads([worker.pk for worker in workers], TODAY)
    assert {caseload.weighted for caseload in caseloads.values()} == {Decimal("2.2")}


# The unallocated queue


def test_the_queue_is_children_with_open_work_and_no_allocation_oldest_first(council: Any) -> None:
    front_door = council.users[Role.FRONT_DOOR]
    newer, older, allocated, closed = (make_child(by=front_door) for _ in range(4))
    open_work(newer, "early_help", date(2026, 10, 1))
    open_work(older, "care_leaver", date(2026, 3, 1))
    open_work(allocated, "assessment")
    allocate(allocated, council.worker)
    EarlyHelpEpisode.objects.create(
        child=closed, start_date=date(2026, 1, 1), end_date=date(2026, 2, 1), lead_professional="School"
    )
    assert list(unallocated_children(front_door)) == [older, newer]


def test_the_queue_and_the_meeting_pages_for_a_manager(
    council: Any, django_assert_max_num_queries: Any
) -> None:
    manager = council.manager
    waiting = make_child(by=manager, forename="Wendy", surname="Waiting")
    open_work(waiting, "assessment", date(2026, 9, 1))
    newly = StaffUserFactory(team=council.team, full_name="Nia Newly", qualification_date=date(2026, 6, 1))
    for _ in range(9):
        child = make_child()
        open_work(child, "child_protection")
        allocate(child, newly)
    client = Client()
    client.force_login(manager)
    queue = client.get(reverse("caseloads:unallocated")).content.decode()
    assert "Wendy Waiting" in queue and "Assessment from 1 Sep 2026" in queue
    assert '<td class="govuk-table__cell">1 Sep 2026</td>' in queue  # waiting since
    assert reverse("caseloads:allocate", args=[waiting.pk]) in queue
    with django_assert_max_num_queries(14):
        meeting = client.get(reverse("caseloads:allocation_meeting"))
    page = meeting.content.decode()
    assert "Nia Newly" in page and "13.5" in page and "12 (protected)" in page
    assert "Newly qualified (ASYE) worker holds 13.5 weighted cases; the protected caseload is 12" in page
    assert "Wendy Waiting" in page and reverse("caseloads:allocate", args=[waiting.pk]) in page
    assert reverse("caseloads:caseload_transfer", kwargs={"staff_pk": newly.pk}) in page
    assert "Over capacity" not in page
    busy = StaffUserFactory(team=council.team, full_time_equivalent=Decimal("0.5"))
    for _ in range(7):  # 7 x 1.5 = 10.5 against half of 18
        child = make_child()
        open_work(child, "child_protection")
        allocate(child, busy)
    assert "Over capacity" in client.get(reverse("caseloads:allocation_meeting")).content.decode()


def test_the_queue_and_the_meeting_are_for_managers_only(council: Any) -> None:
    client = Client()
    client.force_login(council.worker)
    assert client.get(reverse("caseloads:unallocated")).status_code == 403
    assert client.get(reverse("caseloads:allocation_meeting")).status_code == 403
    client.force_login(council.users[Role.HEAD_OF_SERVICE])
    assert client.get(reverse("caseloads:allocation_meeting")).status_code == 200


# Transfer


def _transfer(client: Client, holder: StaffUser, **values: Any) -> Any:
    return client.post(
        reverse("caseloads:caseload_transfer", kwargs={"staff_pk": holder.pk}),
        {"start_date": "1/12/2026", "reason": "Rebalancing caseloads", **values},
    )


def test_a_manager_transfers_a_child_with_a_reason(council: Any) -> None:
    client = Client()
    client.force_login(council.manager)
    target = StaffUserFactory(team=council.team, full_name="Tia Target")
    form = client.get(reverse("caseloads:caseload_transfer", kwargs={"staff_pk": council.worker.pk}))
    assert "Jayden Smith" in form.content.decode()
    response = _transfer(
        client, council.worker, children=[council.child.pk], worker=target.pk, team=council.team.pk
    )
    assert response.status_code == 302
    current = Allocation.objects.get(child=council.child, end_date=None)
    assert (current.worker, current.reason, current.start_date) == (
        target,
        "Rebalancing caseloads",
        date(2026, 12, 1),
    )


def test_transfer_to_an_inactive_worker_is_refused_by_field_and_nothing_changes(council: Any) -> None:
    client = Client()
    client.force_login(council.manager)
    gone = StaffUserFactory(team=council.team, full_name="Gone Away", is_active=False)
    response = _transfer(
        client, council.worker, children=[council.child.pk], worker=gone.pk, team=council.team.pk
    )
    assert response.status_code == 200
    assert response.context["form"].errors["worker"] == [
        "Gone Away is no longer active: choose an active worker."
    ]
    assert Allocation.objects.get(child=council.child, end_date=None).worker == council.worker


def test_transfer_without_a_reason_is_refused(council: Any) -> None:
    client = Client()
    client.force_login(council.manager)
    target = StaffUserFactory(team=council.team)
    response = _transfer(
        client,
        council.worker,
        children=[council.child.pk],
        worker=target.pk,
        team=council.team.pk,
        reason=" ",
    )
    assert response.context["form"].errors["reason"] == ["Enter the reason for the allocation."]
    assert Allocation.objects.get(child=council.child, end_date=None).worker == council.worker


def test_transfer_by_someone_without_authority_is_refused_and_nothing_changes(council: Any) -> None:
    target = StaffUserFactory(team=council.team)
    other_manager = StaffUserFactory(role=Role.TEAM_MANAGER, team=council.other_team)
    with pytest.raises(ValidationError) as refused:
        caseload_transfer(
            child_ids=[council.child.pk],
            worker=target,
            team=council.team,
            start_date=date(2026, 12, 1),
            reason="Rebalancing",
            by=other_manager,
        )
    assert "children" in refused.value.message_dict
    client = Client()
    client.force_login(council.worker)  # a social worker cannot open the page at all
    assert _transfer(client, council.worker, children=[council.child.pk], worker=target.pk).status_code == 403
    assert Allocation.objects.get(child=council.child, end_date=None).worker == council.worker


# The staff page


def test_the_staff_page_lists_flags_and_an_edit_with_a_bad_date_is_named(council: Any) -> None:
    manager = council.manager
    manager.qualification_date = date(2025, 1, 1)
    manager.save(update_fields=["qualification_date"])
    client = Client()
    client.force_login(council.users[Role.HEAD_OF_SERVICE])
    listing = client.get(reverse("organisation:staff_list")).content.decode()
    assert "post-qualifying experience; the council&#x27;s policy is 3" in listing
    url = reverse("organisation:staff_edit", kwargs={"staff_pk": council.worker.pk})
    fingerprint = client.get(url).context["form"].initial["version"]
    bad = client.post(
        url,
        {
            "version": fingerprint,
            "qualification_date": "31/02/2020",
            "social_work_england_number": "12345",
            "full_time_equivalent": "1",
            "last_appraisal_date": "1/1/2099",
        },
    )
    errors = bad.context["form"].errors
    assert errors["qualification_date"] == ["Enter the date qualified as a real date, for example 2/12/2026."]
    council.worker.refresh_from_db()
    assert council.worker.qualification_date is None
    later = client.post(
        url,
        {
            "version": fingerprint,
            "social_work_england_number": "12345",
            "full_time_equivalent": "1",
            "last_appraisal_date": "1/1/2099",
        },
    )
    assert later.context["form"].errors == {
        "last_appraisal_date": ["The last appraisal date must be today or earlier."],
        "social_work_england_number": [
            "Enter the Social Work England number as SW followed by digits, for example SW123456."
        ],
    }
    saved = client.post(
        url,
        {
            "version": fingerprint,
            "qualification_date": "1/9/2019",
            "social_work_england_number": "sw123456",
            "registration_renewal_date": "30/11/2027",
            "full_time_equivalent": "0.6",
        },
    )
    assert saved.status_code == 302
    council.worker.refresh_from_db()
    assert council.worker.social_work_england_number == "SW123456"
    assert council.worker.full_time_equivalent == Decimal("0.6")


def test_the_staff_page_is_for_administrators_and_heads_of_service(council: Any) -> None:
    client = Client()
    for role, status in ((Role.TEAM_MANAGER, 403), (Role.ADMINISTRATOR, 200), (Role.SOCIAL_WORKER, 403)):
        client.force_login(council.users[role])
        assert client.get(reverse("organisation:staff_list")).status_code == status, role
    client.force_login(council.users[Role.HEAD_OF_SERVICE])
    far = StaffUserFactory(team=council.far_team)
    assert client.get(reverse("organisation:staff_edit", kwargs={"staff_pk": far.pk})).status_code == 404


def test_training_is_recorded_with_its_expiry(council: Any) -> None:
    client = Client()
    client.force_login(council.users[Role.ADMINISTRATOR])
    url = reverse("organisation:training_add", kwargs={"staff_pk": council.worker.pk})
    bad = client.post(url, {"course": "Court skills", "completed_on": "1/6/2026", "expires_on": "1/1/2026"})
    assert bad.context["form"].errors["expires_on"] == [
        "The expiry date must be on or after the date the course was completed."
    ]
    assert client.post(url, {"course": "Court skills", "completed_on": "1/6/2026"}).status_code == 302
    page = client.get(reverse("organisation:staff_edit", kwargs={"staff_pk": council.worker.pk}))
    assert "Court skills" in page.content.decode()


def test_my_team_links_to_the_workforce_pages(council: Any) -> None:
    client = Client()
    client.force_login(council.manager)
    page = client.get(reverse("worklists:my_team")).content.decode()
    assert reverse("caseloads:allocation_meeting") in page and reverse("caseloads:unallocated") in page
    assert reverse("organisation:staff_list") not in page
    client.force_login(council.users[Role.HEAD_OF_SERVICE])
    assert reverse("organisation:staff_list") in client.get(reverse("worklists:my_team")).content.decode()


def test_two_people_editing_the_same_staff_details_the_second_is_told_and_nothing_is_lost(
    council: Any,
) -> None:
    first, second = Client(), Client()
    first.force_login(council.users[Role.ADMINISTRATOR])
    second.force_login(council.users[Role.HEAD_OF_SERVICE])
    url = reverse("organisation:staff_edit", kwargs={"staff_pk": council.worker.pk})
    opened = [client.get(url).context["form"].initial["version"] for client in (first, second)]
    saved = first.post(
        url, {"version": opened[0], "full_time_equivalent": "1", "last_appraisal_date": "1/3/2026"}
    )
    assert saved.status_code == 302
    refused = second.post(url, {"version": opened[1], "full_time_equivalent": "0.5"})
    assert "Someone else changed" in refused.context["form"].errors["version"][0]
    assert "Someone else changed" in refused.content.decode()
    council.worker.refresh_from_db()
    assert (council.worker.last_appraisal_date, council.worker.full_time_equivalent) == (
        date(2026, 3, 1),
        Decimal(1),
    )


def test_the_meeting_page_runs_the_same_queries_however_many_workers(council: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(council.manager)
    url = reverse("caseloads:allocation_meeting")
    open_work(make_child(by=council.manager), "early_help")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        worker = StaffUserFactory(team=council.team)
        child = make_child()
        open_work(child, "looked_after")
        allocate(child, worker)
        open_work(make_child(by=council.manager), "early_help")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.count("Early help from") == 5


# Who may open each page: written out by hand, not derived from the code under test.
STAFF_PAGE_ROLES = {Role.ADMINISTRATOR, Role.HEAD_OF_SERVICE}
MEETING_ROLES = {Role.ASSISTANT_TEAM_MANAGER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE}


@pytest.mark.parametrize("role", list(Role))
def test_every_role_is_refused_where_it_should_be(council: Any, role: Role) -> None:
    client = Client()
    client.force_login(council.users[role])
    staff_pk = {"staff_pk": council.worker.pk}
    for name, kwargs, allowed in (
        ("organisation:staff_list", {}, STAFF_PAGE_ROLES),
        ("organisation:staff_edit", staff_pk, STAFF_PAGE_ROLES),
        ("organisation:training_add", staff_pk, STAFF_PAGE_ROLES),
        ("caseloads:unallocated", {}, MEETING_ROLES),
        ("caseloads:allocation_meeting", {}, MEETING_ROLES),
        ("caseloads:caseload_transfer", staff_pk, MEETING_ROLES),
    ):
        status = client.get(reverse(name, kwargs=kwargs)).status_code
        assert status == (200 if role in allowed else 403), (name, role, status)
