"""The CIN census export on the web: who may start one, its progress, its file and the reads it logs."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import pytest
from defusedxml.ElementTree import parse as parse_xml
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from hearth.children_in_need.services import referral_receive
from hearth.core import clock
from hearth.core.models import AccessAction, AccessLog, Refusal
from hearth.core.policy import Refused
from hearth.core.tests.queue import run_queued
from hearth.organisation.roles import Role, Scope
from hearth.people.tests.factories import make_child
from hearth.returns import export_runs
from hearth.returns.cin_census import cin_census_write
from hearth.returns.export_runs import return_export_request
from hearth.returns.models import ExportStatus, ReturnExport

pytestmark = pytest.mark.dates  # reads Hearth's today: run again on each date by `make test-dates`

YEAR = 2026
EXPORTERS = {
    Role.PERFORMANCE
}  # a council-wide return: only roles whose scope is the whole council (issue 13)


@pytest.fixture(autouse=True)
def exports_in_tmp(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Files under a temporary var folder."""
    settings.VAR_DIR = tmp_path
    return tmp_path


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _referred(council: Any, forename: str = "") -> list[Any]:
    """The council's child, and another if named, each with a child in need episode open in the year."""
    front_door = council.users[Role.FRONT_DOOR]
    children = [council.child]
    if forename:
        children.append(make_child(forename=forename, surname="Second", date_of_birth=date(2019, 6, 1)))
    for child in children:
        referral_receive(child=child, referral_date=date(2025, 5, 6), source="2A", by=front_door)
    return children


def _export(client: Client, year: Any = YEAR) -> Any:
    """Ask for the export on the page, then let the worker run what the queue holds (as `hearth worker` does)."""
    response = client.post(reverse("returns:exports"), {"year": year})
    run_queued()
    return response


@pytest.mark.parametrize("role", list(Role))
def test_only_whole_council_scopes_may_export(council: Any, role: Role) -> None:
    client = _client(council.users[role])
    page = client.get(reverse("returns:exports"))
    posted = _export(client)
    if role in EXPORTERS:
        assert page.status_code == 200
        assert posted.status_code == 302
        assert ReturnExport.objects.filter(requested_by=council.users[role]).count() == 1
    else:
        assert page.status_code == 403
        assert posted.status_code == 403
        assert not ReturnExport.objects.exists()
        assert not AccessLog.objects.filter(action=AccessAction.EXPORT).exists()


def test_the_menu_shows_returns_to_exporters_only(council: Any) -> None:
    link = f'href="{reverse("returns:exports")}"'
    assert link in _client(council.users[Role.PERFORMANCE]).get(reverse("worklists:my_work")).content.decode()
    assert (
        link
        not in _client(council.users[Role.HEAD_OF_SERVICE]).get(reverse("worklists:my_work")).content.decode()
    )
    assert link not in _client(council.worker).get(reverse("worklists:my_work")).content.decode()
    assert (
        link
        not in _client(council.users[Role.ADMINISTRATOR]).get(reverse("worklists:my_work")).content.decode()
    )


def test_the_form_offers_the_latest_complete_year(council: Any) -> None:
    assert clock.latest_complete_collection_year(date(2026, 3, 31)) == 2025
    assert clock.latest_complete_collection_year(date(2026, 4, 1)) == 2026
    assert clock.latest_complete_collection_year(date(2027, 1, 15)) == 2026
    page = _client(council.users[Role.PERFORMANCE]).get(reverse("returns:exports"))
    assert page.context["form"]["year"].value() == clock.latest_complete_collection_year(clock.today())


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("", "Enter the collection year"),
        ("twenty", "Enter the collection year as a number"),
        ("1999", "Enter a collection year from 2011 to"),
        ("2300", "Enter a collection year from 2011 to"),
    ],
)
def test_a_bad_year_is_named_on_its_field(council: Any, year: str, message: str) -> None:
    response = _export(_client(council.users[Role.PERFORMANCE]), year)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["year"])
    assert 'href="#id_year"' in response.content.decode()
    assert not ReturnExport.objects.exists()


def test_an_export_runs_and_its_file_parses_back_with_the_children(council: Any, tmp_path: Path) -> None:
    children = _referred(council, forename="Amara")
    performance = council.users[Role.PERFORMANCE]
    client = _client(performance)
    response = _export(client)
    export = ReturnExport.objects.get()
    assert response["Location"] == reverse("returns:export", kwargs={"export_pk": export.pk})
    assert export.status == ExportStatus.DONE
    assert (export.children_done, export.children_total, export.episodes) == (2, 2, 2)
    assert export.finished_at is not None
    assert (tmp_path / "exports" / export.file_path).is_file()
    assert not list((tmp_path / "exports").glob("*.part"))

    page = client.get(response["Location"])
    text = page.content.decode()
    assert "Export complete" in text
    assert "2 children, 2 child in need episodes" in text
    assert 'http-equiv="refresh"' not in text
    download_url = reverse("returns:download", kwargs={"export_pk": export.pk})
    assert download_url in text

    download = client.get(download_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/xml"
    assert download["Content-Disposition"] == 'attachment; filename="931_cin_2026.xml"'
    root = parse_xml(BytesIO(b"".join(download.streaming_content))).getroot()
    assert root.findtext("Header/CollectionDetails/Year") == "2026"
    numbers = {child.findtext("ChildIdentifiers/LAchildID") for child in root.iter("Child")}
    assert numbers == {child.person_number for child in children}


def test_every_child_in_the_export_is_logged_once_as_read_by_the_requester(council: Any) -> None:
    children = _referred(council, forename="Amara")
    head = council.users[Role.PERFORMANCE]
    client = _client(head)
    _export(client)
    export = ReturnExport.objects.get()
    logged = AccessLog.objects.filter(action=AccessAction.EXPORT)
    assert sorted(logged.values_list("child_id", flat=True)) == sorted(child.pk for child in children)
    assert set(logged.values_list("user_id", flat=True)) == {head.pk}
    assert all(path.startswith(f"/returns/{export.pk}/") for path in logged.values_list("path", flat=True))
    # Looking at the export and downloading it log nothing more: the reads were logged when it completed.
    client.get(reverse("returns:export", kwargs={"export_pk": export.pk}))
    client.get(reverse("returns:download", kwargs={"export_pk": export.pk}))
    assert AccessLog.objects.filter(action=AccessAction.EXPORT).count() == len(children)


def test_only_the_requester_may_download_the_file(council: Any) -> None:
    _referred(council)
    _export(_client(council.users[Role.PERFORMANCE]))
    export = ReturnExport.objects.get()
    other = council.users[Role.HEAD_OF_SERVICE]
    other.scope = (
        Scope.ALL
    )  # a head of service whose scope is the council may export, but not download another's
    other.save(update_fields=["scope"])
    head = _client(other)
    page = head.get(reverse("returns:export", kwargs={"export_pk": export.pk}))
    assert page.status_code == 200
    assert reverse("returns:download", kwargs={"export_pk": export.pk}) not in page.content.decode()
    assert head.get(reverse("returns:download", kwargs={"export_pk": export.pk})).status_code == 403
    worker = _client(council.worker)
    assert worker.get(reverse("returns:export", kwargs={"export_pk": export.pk})).status_code == 403
    # Someone who may not export returns may not know this one exists.
    assert worker.get(reverse("returns:download", kwargs={"export_pk": export.pk})).status_code == 404


def test_a_running_export_shows_its_progress_and_refreshes(council: Any) -> None:
    performance = council.users[Role.PERFORMANCE]
    export = ReturnExport.objects.create(
        return_name="cin-census",
        collection_year=YEAR,
        requested_by=performance,
        requested_at=clock.now(),
        status=ExportStatus.RUNNING,
        children_done=2000,
        children_total=5123,
    )
    client = _client(performance)
    text = client.get(reverse("returns:export", kwargs={"export_pk": export.pk})).content.decode()
    assert "<strong>2,000</strong> of <strong>5,123</strong> children written" in text
    assert '<meta http-equiv="refresh" content="2">' in text
    assert reverse("returns:download", kwargs={"export_pk": export.pk}) not in text
    assert client.get(reverse("returns:download", kwargs={"export_pk": export.pk})).status_code == 404
    listed = client.get(reverse("returns:exports")).content.decode()
    assert "2,000 of 5,123" in listed


def test_progress_is_reported_before_the_first_chunk_and_after_each(
    council: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _referred(council, forename="Amara")
    monkeypatch.setattr("hearth.returns.cin_census.CHUNK", 1)
    calls: list[tuple[int, int]] = []
    cin_census_write(
        YEAR, StringIO(), now=clock.now(), progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(0, 2), (1, 2), (2, 2)]


def test_a_failed_export_shows_its_error(
    council: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _referred(council)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("The census could not be read: disk full")

    monkeypatch.setattr(export_runs, "cin_census_write", broken)
    client = _client(council.users[Role.PERFORMANCE])
    response = _export(client)
    export = ReturnExport.objects.get()
    assert export.status == ExportStatus.FAILED
    assert export.error == "The census could not be read: disk full"
    assert export.finished_at is not None
    assert not list((tmp_path / "exports").iterdir())
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT).exists()
    text = client.get(response["Location"]).content.decode()
    assert "The export failed" in text
    assert "The census could not be read: disk full" in text
    assert 'http-equiv="refresh"' not in text
    assert client.get(reverse("returns:download", kwargs={"export_pk": export.pk})).status_code == 404


def test_an_export_waits_on_the_queue_until_the_worker_runs_it(council: Any) -> None:
    children = _referred(council, forename="Amara")
    performance = council.users[Role.PERFORMANCE]
    client = _client(performance)
    response = client.post(reverse("returns:exports"), {"year": YEAR})
    export = ReturnExport.objects.get()
    assert response["Location"] == reverse("returns:export", kwargs={"export_pk": export.pk})
    waiting = client.get(response["Location"]).content.decode()
    assert export.status == ExportStatus.QUEUED and 'http-equiv="refresh"' in waiting
    queued = DBTaskResult.objects.get(task_path="hearth.returns.export_runs.return_export_task")
    assert queued.args_kwargs["kwargs"] == {"export_pk": export.pk}
    run_queued()
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE, export.error
    assert export.children_total == len(children)
    assert AccessLog.objects.filter(action=AccessAction.EXPORT, user=performance).count() == len(children)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"


def test_an_export_that_stopped_moving_is_shown_as_failed_and_stops_refreshing(council: Any) -> None:
    performance = council.users[Role.PERFORMANCE]
    long_ago = clock.now() - export_runs.STALLED_AFTER - timedelta(minutes=1)
    stalled = ReturnExport.objects.create(
        return_name="cin-census",
        collection_year=YEAR,
        requested_by=performance,
        requested_at=long_ago,
        status=ExportStatus.RUNNING,
        children_done=2000,
        children_total=5123,
        progress_at=long_ago,
    )
    moving = ReturnExport.objects.create(
        return_name="cin-census",
        collection_year=YEAR,
        requested_by=performance,
        requested_at=long_ago,
        status=ExportStatus.RUNNING,
        progress_at=clock.now(),
    )
    text = (
        _client(performance).get(reverse("returns:export", kwargs={"export_pk": stalled.pk})).content.decode()
    )
    assert "stopped before it finished" in text and 'http-equiv="refresh"' not in text
    stalled.refresh_from_db()
    moving.refresh_from_db()
    assert (stalled.status, moving.status) == (ExportStatus.FAILED, ExportStatus.RUNNING)


def test_a_head_of_service_over_one_service_may_not_export_the_council_wide_census(council: Any) -> None:
    """Issue 13: the census holds every child in the council, and a head of service's scope is their service."""
    _referred(council)
    head = council.users[Role.HEAD_OF_SERVICE]
    client = _client(head)
    page = client.get(reverse("returns:exports"))
    assert (
        page.status_code == 403 and "only someone whose scope is the whole council" in page.content.decode()
    )
    assert _export(client).status_code == 403
    with pytest.raises(Refused):
        return_export_request(year=YEAR, by=head, today=clock.today())
    assert (
        not ReturnExport.objects.exists()
        and not AccessLog.objects.filter(action=AccessAction.EXPORT).exists()
    )
    assert Refusal.objects.filter(user=head, action="returns.export").count() == 3
