"""Drafts kept on the server (issue 18): kept as the person types, read only by their author, settled when the page is
saved; a post after the session ended is kept for the person last signed in on that browser and given back after they
sign in again; a malformed draft or a post that fails the CSRF check keeps nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hearth.core import clock
from hearth.core.models import FormDraft
from hearth.organisation.tests.factories import TEST_PASSWORD
from hearth.protection.plans import cp_plan_start
from hearth.visits.models import Visit

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, user: Any, next_path: str = "") -> Any:
    url = reverse("core:login") + (f"?next={next_path}" if next_path else "")
    return client.post(url, {"username": user.username, "password": TEST_PASSWORD})


def _keep(
    client: Client, path: str, fields: dict[str, list[str]], initial: Any = None, load: str = "load-1"
) -> Any:
    return client.post(
        reverse("core:drafts"),
        {
            "path": path,
            "key": "form-0",
            "fields": json.dumps(fields),
            "initial": json.dumps(initial or {}),
            "load": load,
        },
    )


def _drafts(client: Client, path: str) -> list[dict[str, Any]]:
    return client.get(reverse("core:drafts"), {"path": path}).json()["drafts"]


@pytest.fixture
def visit_page(council: Any) -> str:
    plan = cp_plan_start(
        child=council.child,
        cin_episode=None,
        start_date=clock.today() - timedelta(days=10),
        category="NEG",
        risks="Left alone",
        by=council.worker,
    )
    return reverse("visits:new", kwargs={"pk": council.child.pk, "kind": "cp", "plan_pk": plan.pk})


def test_a_draft_is_kept_as_typed_read_only_by_its_author_and_settled_when_the_page_is_saved(
    council: Any, visit_page: str
) -> None:
    worker = Client()
    worker.force_login(council.worker)
    assert _keep(worker, visit_page, {"note": ["Mother engaged"]}, {"note": [""]}).status_code == 204
    assert _keep(worker, visit_page, {"note": ["Mother engaged and calm"]}, {"note": [""]}).status_code == 204
    [draft] = _drafts(worker, visit_page)
    assert draft["fields"] == {"note": ["Mother engaged and calm"]} and draft["initial"] == {"note": [""]}
    # Someone else sees none of it, even on the same page.
    manager = Client()
    manager.force_login(council.manager)
    assert _drafts(manager, visit_page) == []
    # Malformed: refused with a reason, nothing changed (nested too deep to read, not an object, not JSON).
    for bad in ("{not json", "[" * 5000 + "]" * 5000, '"text"'):
        refused = worker.post(reverse("core:drafts"), {"path": visit_page, "key": "form-0", "fields": bad})
        assert refused.status_code == 400 and "The draft was not kept" in refused.content.decode()
    assert _drafts(worker, visit_page)[0]["fields"] == {"note": ["Mother engaged and calm"]}
    # A post the page refuses keeps the draft; the post that saves settles that form's draft, and a late draft from
    # the same page load is refused rather than coming back into the next new visit.
    marker = {"_hearth_draft": "form-0|load-1"}
    worker.post(visit_page, {"visit_date": "", "seen": "yes", "note": "Mother engaged and calm"} | marker)
    assert FormDraft.objects.filter(user=council.worker).exists()
    day = (clock.today() - timedelta(days=1)).strftime("%d/%m/%Y")
    saved = worker.post(
        visit_page, {"visit_date": day, "seen": "yes", "note": "Mother engaged and calm"} | marker
    )
    assert saved.status_code == 302 and not FormDraft.objects.filter(user=council.worker).exists()
    assert _keep(worker, visit_page, {"note": ["Mother engaged and calm"]}).status_code == 204
    assert not FormDraft.objects.filter(user=council.worker).exists()
    assert _keep(worker, visit_page, {"note": ["The next visit"]}, load="load-2").status_code == 204
    assert FormDraft.objects.filter(user=council.worker).count() == 1


def test_a_post_after_the_session_ended_is_kept_and_given_back_after_signing_in_again(
    council: Any, visit_page: str
) -> None:
    client = Client()
    _sign_in(client, council.worker)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))  # noqa: TID251 - sessions run on the real clock
    day = (clock.today() - timedelta(days=1)).strftime("%d/%m/%Y")
    sent = client.post(
        visit_page,
        {
            "visit_date": day,
            "seen": "yes",
            "note": "Typed for twenty minutes",
            "_hearth_draft": "form-0|load-1",
        },
    )
    assert sent.status_code == 302 and sent["Location"].startswith(reverse("core:login"))
    assert "kept=1" in sent["Location"] and not Visit.objects.exists()
    login_page = client.get(sent["Location"]).content.decode()
    assert "Your session had ended" in login_page
    # Signing in goes back to the form, and the form's draft holds what was sent.
    back = client.post(sent["Location"], {"username": council.worker.username, "password": TEST_PASSWORD})
    assert back["Location"] == visit_page
    [draft] = _drafts(client, visit_page)
    assert draft["key"] == "posted" and draft["fields"]["note"] == ["Typed for twenty minutes"]
    assert "csrfmiddlewaretoken" not in draft["fields"] and "_hearth_draft" not in draft["fields"]


def test_no_draft_is_kept_for_a_post_from_another_browser_session_without_the_marker_or_failing_csrf(
    council: Any, visit_page: str
) -> None:
    planted = {"note": "planted", "_hearth_draft": "form-0|x"}
    stranger = Client()
    assert stranger.post(visit_page, planted).status_code == 302
    # Signed in, then the session ends: a post without a long form's marker, or to a page that does not exist, is
    # not kept.
    client = Client()
    _sign_in(client, council.worker)
    Session.objects.all().delete()
    assert client.post(visit_page, {"note": "no marker"}).status_code == 302
    assert client.post("/people/nowhere/", planted).status_code == 302
    # The signed cookie in another browser session (a new session cookie): not kept.
    other = Client()
    other.cookies["hearth_drafts_for"] = client.cookies["hearth_drafts_for"].value
    other.cookies["sessionid"] = "another-session"
    assert other.post(visit_page, planted).status_code == 302
    # Failing the CSRF check: not kept.
    forged = Client(enforce_csrf_checks=True)
    _sign_in(forged, council.worker)
    Session.objects.all().delete()
    assert forged.post(visit_page, planted).status_code == 302
    assert not FormDraft.objects.exists()
    # The drafts page itself, after the session ended, says so to the page's script.
    assert forged.post(reverse("core:drafts"), {"path": visit_page}).status_code == 401
    # Signing out forgets who was signed in on the browser.
    again = Client()
    _sign_in(again, council.worker)
    assert again.cookies["hearth_drafts_for"].value
    again.post(reverse("core:logout"))
    assert not again.cookies["hearth_drafts_for"].value
