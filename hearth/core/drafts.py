"""Drafts kept on the server (issue 18): every long form (a form that warns before leaving it unsaved and has a text
area) sends what is typed to `/drafts/` every second or two (`hearth.js`); opening the page again puts it back,
beside what the record holds now where the record changed meanwhile.

A post that arrives after the session has ended is kept as a draft of the person who was signed in on that browser,
and put back once they sign in again: only a post from a long form (its marker field, which the page's script adds),
to a page that exists, passing the CSRF check, from the browser session the person signed in with (a signed cookie
set at sign-in names them and that session; signing out deletes it).

A successful post of a form (answered with a redirect) settles that form's draft and any kept post of the page; the
page load that sent it is remembered in the session, so a draft from it that arrives late is refused rather than
coming back into the next new form."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import Resolver404, resolve

from hearth.core import clock
from hearth.core.http import AuthenticatedRequest
from hearth.core.models import FormDraft

COOKIE = "hearth_drafts_for"
COOKIE_SALT = "hearth.core.drafts"
COOKIE_DAYS = 14
KEPT_DAYS = 30  # a draft not touched for this long is dropped when next read
MAX_BYTES = 200_000  # more than any form holds; a bigger draft is refused
MAX_PER_PERSON = 50  # the oldest beyond this are dropped
MARKER = "_hearth_draft"  # the long form's "key|load" field, added by hearth.js
POSTED = "posted"  # the key of a draft kept from a post made after the session ended
SETTLED = "hearth_drafts_settled"  # the session's page loads whose form was saved
_NOT_KEPT = {"csrfmiddlewaretoken", MARKER}


class DraftProblem(ValueError):
    pass


def _clean(values: Any) -> dict[str, list[str]]:
    if not isinstance(values, dict):
        raise DraftProblem("fields must be an object of lists")
    cleaned = {}
    for name, items in list(values.items())[:500]:
        if not isinstance(name, str) or name in _NOT_KEPT or not isinstance(items, list):
            continue
        cleaned[name[:100]] = [str(item) for item in items if isinstance(item, str | int | float)][:50]
    return cleaned


def parse_json(text: str) -> Any:
    """A draft's JSON as sent; DraftProblem for anything unreadable (including nesting too deep to read)."""
    try:
        return json.loads(text or "{}")
    except (ValueError, RecursionError) as problem:
        raise DraftProblem("it is not readable") from problem


def draft_save(
    *, user_id: int, path: str, form_key: str, fields: Any, initial: Any, load_id: str = ""
) -> FormDraft | None:
    """Keep (or replace) one form's draft; an empty draft removes it. Raises DraftProblem for a malformed one."""
    if (
        not path.startswith("/")
        or len(path) > 300
        or not form_key
        or len(form_key) > 120
        or len(load_id) > 40
    ):
        raise DraftProblem("path and form key are required")
    cleaned, first = _clean(fields), _clean(initial or {})
    found = FormDraft.objects.filter(user_id=user_id, path=path, form_key=form_key)
    if not any(value.strip() for values in cleaned.values() for value in values):
        found.delete()
        return None
    existing = found.first()
    if existing is not None:
        first = {
            **first,
            **existing.initial,
        }  # what the page showed when the typing began stays as first kept
    if len(json.dumps(cleaned)) + len(json.dumps(first)) > MAX_BYTES:
        raise DraftProblem("it is too large")
    values = {"fields": cleaned, "initial": first, "saved_at": clock.now(), "load_id": load_id}
    try:
        with transaction.atomic():
            draft, _ = FormDraft.objects.update_or_create(
                user_id=user_id, path=path, form_key=form_key, defaults=values
            )
    except IntegrityError:  # two saves of a new draft at once: the other made it, so this one updates it
        found.update(**values)
        draft = found.get()
    stale = FormDraft.objects.filter(user_id=user_id).order_by("-saved_at").values_list("pk", flat=True)
    FormDraft.objects.filter(pk__in=list(stale[MAX_PER_PERSON:])).delete()
    return draft


def draft_keep(request: AuthenticatedRequest, *, fields: Any, initial: Any) -> FormDraft | None:
    """The page's script keeps a draft: refused when the page load that typed it has had its form saved."""
    load_id = request.POST.get("load", "")
    if load_id and load_id in request.session.get(SETTLED, []):
        return None
    return draft_save(
        user_id=request.user.pk,
        path=request.POST.get("path", ""),
        form_key=request.POST.get("key", ""),
        fields=fields,
        initial=initial,
        load_id=load_id,
    )


def drafts_for(*, user_id: int, path: str) -> list[FormDraft]:
    """The person's drafts of the forms on this page, newest first; drafts too old to trust are dropped."""
    FormDraft.objects.filter(user_id=user_id, saved_at__lt=clock.now() - timedelta(days=KEPT_DAYS)).delete()
    return list(FormDraft.objects.filter(user_id=user_id, path=path).order_by("-saved_at"))


def drafts_settle(*, user_id: int, path: str, form_key: str | None = None) -> None:
    """A form of the page was saved (or its draft discarded): its draft is done with (every draft of the page when
    no form is named)."""
    found = FormDraft.objects.filter(user_id=user_id, path=path)
    if form_key is not None:
        found = found.filter(form_key__in=[form_key, POSTED])
    # One DELETE statement: a draft has no rows that refer to it, so the ORM's collector and the transaction it opens
    # around the DELETE add nothing but round trips (this runs after every successful post).
    found._raw_delete(found.db)


def settle_saved_post(request: AuthenticatedRequest) -> None:
    """After a successful post: the form's draft and any kept post of the page are settled, and the page load that
    sent it is remembered, so a draft from it arriving late is refused."""
    key, _, load_id = request.POST.get(MARKER, "").partition("|")
    drafts_settle(user_id=request.user.pk, path=request.path, form_key=key or POSTED)
    if load_id:
        request.session[SETTLED] = [*request.session.get(SETTLED, [])[-19:], load_id[:40]]


def _session_mark(session_key: str) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest()[:32]


def remember_who_signed_in(response: HttpResponse, user_id: int, session_key: str) -> None:
    """At sign-in: name the person and their browser session, so a post after that session ends is kept as theirs."""
    response.set_signed_cookie(
        COOKIE,
        f"{user_id}:{_session_mark(session_key)}",
        salt=COOKIE_SALT,
        max_age=COOKIE_DAYS * 24 * 3600,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def forget_who_signed_in(response: HttpResponse) -> None:
    response.delete_cookie(COOKIE, samesite="Lax")


def keep_post_after_timeout(request: HttpRequest) -> bool:
    """A post that reached a page after the session ended: keep its fields as the draft of the person signed in on
    this browser session. True when kept."""
    if MARKER not in request.POST:
        return False  # not a long form's post
    try:
        resolve(request.path)
        named = request.get_signed_cookie(COOKIE, salt=COOKIE_SALT, max_age=COOKIE_DAYS * 24 * 3600) or ""
        user_id, mark = named.split(":", 1)
        owner = int(user_id)
    except (Resolver404, KeyError, ValueError, signing.BadSignature):
        return False
    if mark != _session_mark(request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")):
        return False  # another browser session than the one they signed in with
    if CsrfViewMiddleware(lambda _: HttpResponse()).process_view(request, lambda _: HttpResponse(), (), {}):
        return False  # refused by the CSRF check: not a post from our own page
    fields = {name: request.POST.getlist(name) for name in request.POST if name not in _NOT_KEPT}
    try:
        return (
            draft_save(user_id=owner, path=request.path, form_key=POSTED, fields=fields, initial={})
            is not None
        )
    except DraftProblem:
        return False


def draft_json(draft: FormDraft) -> dict[str, Any]:
    return {
        "key": draft.form_key,
        "fields": draft.fields,
        "initial": draft.initial,
        "savedAt": draft.saved_at.isoformat(),
    }
