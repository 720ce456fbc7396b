"""Drafts kept on the server (issue 18): every long form (a form that warns before leaving it unsaved and has a text
area) sends what is typed to `/drafts/` every second or two (`hearth.js`); opening the page again puts it back,
beside what the record holds now where the record changed meanwhile. A post that arrives after the session has
ended is kept as a draft of the person who was signed in on that browser (a signed cookie set at sign-in names
them), and is put back once they sign in again. A successful post of the page (answered with a redirect) settles its
drafts."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware

from hearth.core import clock
from hearth.core.models import FormDraft

COOKIE = "hearth_drafts_for"
COOKIE_SALT = "hearth.core.drafts"
COOKIE_DAYS = 14
KEPT_DAYS = 30  # a draft not touched for this long is dropped when next read
MAX_BYTES = 200_000  # more than any form holds; a bigger draft is refused
POSTED = "posted"  # the key of a draft kept from a post made after the session ended
_NOT_KEPT = {"csrfmiddlewaretoken"}


class DraftProblem(ValueError):
    pass


def _clean(values: Any) -> dict[str, list[str]]:
    if not isinstance(values, dict):
        raise DraftProblem("fields must be an object of lists")
    cleaned = {}
    for name, items in values.items():
        if not isinstance(name, str) or name in _NOT_KEPT or not isinstance(items, list):
            continue
        cleaned[name[:100]] = [str(item) for item in items][:50]
    return cleaned


def draft_save(*, user_id: int, path: str, form_key: str, fields: Any, initial: Any) -> FormDraft | None:
    """Keep (or replace) one form's draft; an empty draft removes it. Raises DraftProblem for a malformed one."""
    if not path.startswith("/") or len(path) > 300 or not form_key or len(form_key) > 120:
        raise DraftProblem("path and form key are required")
    cleaned, first = _clean(fields), _clean(initial or {})
    if len(json.dumps(cleaned)) + len(json.dumps(first)) > MAX_BYTES:
        raise DraftProblem("the draft is too large")
    if not any(value.strip() for values in cleaned.values() for value in values):
        FormDraft.objects.filter(user_id=user_id, path=path, form_key=form_key).delete()
        return None
    existing = FormDraft.objects.filter(user_id=user_id, path=path, form_key=form_key).first()
    if existing is not None:
        # What the page showed when the typing began stays as it was first kept.
        existing.fields, existing.saved_at = cleaned, clock.now()
        existing.initial = {**first, **existing.initial}
        existing.save(update_fields=["fields", "initial", "saved_at"])
        return existing
    return FormDraft.objects.create(
        user_id=user_id, path=path, form_key=form_key, fields=cleaned, initial=first, saved_at=clock.now()
    )


def drafts_for(*, user_id: int, path: str) -> list[FormDraft]:
    """The person's drafts of the forms on this page, newest first; drafts too old to trust are dropped."""
    FormDraft.objects.filter(user_id=user_id, saved_at__lt=clock.now() - timedelta(days=KEPT_DAYS)).delete()
    return list(FormDraft.objects.filter(user_id=user_id, path=path).order_by("-saved_at"))


def drafts_settle(*, user_id: int, path: str, form_key: str | None = None) -> None:
    """The page was saved (or its draft discarded): its drafts are done with."""
    found = FormDraft.objects.filter(user_id=user_id, path=path)
    if form_key is not None:
        found = found.filter(form_key=form_key)
    found.delete()


def remember_who_signed_in(response: HttpResponse, user_id: int) -> None:
    """At sign-in: name the person on this browser, so a post after their session ends is kept as their draft."""
    response.set_signed_cookie(
        COOKIE,
        str(user_id),
        salt=COOKIE_SALT,
        max_age=COOKIE_DAYS * 24 * 3600,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def keep_post_after_timeout(request: HttpRequest) -> bool:
    """A post that reached a page after the session ended: keep its fields as the draft of the person last signed in
    on this browser (only a post that passes the CSRF check, only for a person the signed cookie names). True when
    kept."""
    try:
        user_id = int(
            request.get_signed_cookie(COOKIE, salt=COOKIE_SALT, max_age=COOKIE_DAYS * 24 * 3600) or ""
        )
    except (KeyError, ValueError, signing.BadSignature):
        return False
    if CsrfViewMiddleware(lambda _: HttpResponse()).process_view(request, lambda _: HttpResponse(), (), {}):
        return False  # refused by the CSRF check: not a post from our own page
    fields = {name: request.POST.getlist(name) for name in request.POST if name not in _NOT_KEPT}
    try:
        return (
            draft_save(user_id=user_id, path=request.path, form_key=POSTED, fields=fields, initial={})
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
