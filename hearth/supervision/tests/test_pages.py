"""The supervision pages: render, record through the form, and who may open a worker's history."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client
from django.urls import reverse

from hearth.core.models import Obligation, ObligationStatus
from hearth.supervision.models import Supervision, SupervisionAction
from hearth.supervision.services import supervision_record


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(council: Any, **extra: str) -> Any:
    data = {
        "worker": str(council.worker.pk),
        "held_on": "3/3/2025",
        "reflective_discussion": "What it is like to visit this family.",
        "wellbeing": "Well.",
        "child_1": str(council.child.pk),
        "decision_1": "Ask for a strategy discussion if bruising is seen again.",
        "action_1_1": "Speak to the school nurse",
        "owner_1_1": str(council.worker.pk),
        "due_date_1_1": "14/3/2025",
        **extra,
    }
    return _client(council.manager).post(reverse("supervision:record"), data)


def test_the_pages_render(council: Any) -> None:
    manager = _client(council.manager)
    assert "Supervision due" in manager.get(reverse("supervision:due")).content.decode()
    choose = manager.get(reverse("supervision:record")).content.decode()
    assert council.worker.full_name in choose
    form = manager.get(reverse("supervision:record") + f"?worker={council.worker.pk}").content.decode()
    assert "Supervision of" in form and "Jayden Smith" in form and "owner_5_2" in form
    history = manager.get(reverse("supervision:history", kwargs={"worker_id": council.worker.pk}))
    assert history.status_code == 200
    team = manager.get(reverse("worklists:my_team")).content.decode()
    assert 'id="supervision-due"' in team


def test_recording_through_the_page_and_marking_the_action_done(council: Any) -> None:
    response = _post(council)
    assert response.status_code == 302
    supervision = Supervision.objects.get()
    history = _client(council.worker).get(response.url).content.decode()
    assert "Speak to the school nurse" in history and "Mark done" in history
    action = SupervisionAction.objects.get(decision__supervision=supervision)
    url = reverse("supervision:action_done", kwargs={"pk": council.child.pk, "action_id": action.pk})
    worker = _client(council.worker)
    assert "Mark the action done" in worker.get(url).content.decode()
    assert worker.post(url).status_code == 302
    assert Obligation.objects.get(rule_id="supervision.action").status == ObligationStatus.MET


def test_the_page_names_the_missing_owner_and_date_and_saves_nothing(council: Any) -> None:
    response = _post(council, owner_1_1="", due_date_1_1="")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose who will do Jayden Smith&#x27;s action 1" in page
    assert "Enter the date by when Jayden Smith&#x27;s action 1 must be done." in page
    assert not Supervision.objects.exists()


def test_the_page_refuses_a_worker_the_manager_does_not_manage(council: Any) -> None:
    data = {
        "worker": str(council.colleague.pk),
        "held_on": "3/3/2025",
        "reflective_discussion": "r",
        "wellbeing": "w",
    }
    page = _client(council.manager).post(reverse("supervision:record"), data).content.decode()
    assert "You do not supervise this worker" in page and "Colleague Worker" not in page
    assert not Supervision.objects.exists()


def test_a_workers_history_is_for_them_and_their_managers_only(council: Any) -> None:
    url = reverse("supervision:history", kwargs={"worker_id": council.worker.pk})
    assert _client(council.worker).get(url).status_code == 200
    assert _client(council.colleague).get(url).status_code == 404


def test_supervision_due_on_the_team_page_flags_overdue(council: Any) -> None:
    supervision_record(
        manager=council.manager,
        worker=council.worker,
        held_on=date(2020, 1, 6),
        reflective_discussion="r",
        wellbeing="w",
        children=[],
    )
    team = _client(council.manager).get(reverse("worklists:my_team")).content.decode()
    assert "Overdue" in team and "3 Feb 2020" in team


def test_only_someone_who_supervises_the_worker_sees_the_form_and_its_list_of_staff(council: Any) -> None:
    """Issue 13: any role, partners included, could list every member of staff through the supervision form."""
    from hearth.organisation.roles import Role

    url = reverse("supervision:record") + f"?worker={council.worker.pk}"
    manager = _client(council.manager).get(url)
    assert manager.status_code == 200 and council.colleague.full_name in manager.content.decode()
    for role in (Role.PARTNER_HEALTH, Role.SOCIAL_WORKER, Role.PERFORMANCE):
        refused = _client(council.users[role]).get(url)
        page = refused.content.decode()
        assert refused.status_code == 403, role
        assert "You do not supervise this worker" in page and council.colleague.full_name not in page, role
    assert _client(council.manager).get(reverse("supervision:record") + "?worker=999999").status_code == 404
