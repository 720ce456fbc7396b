"""Who may do what (ADR 16): one declaration per action on a kind of record, asked by pages and services alike.

An app declares its actions in its `policies.py` (loaded at start-up): which roles may take the action, on which kind
of record (a *subject*: a child's record, a member of staff, or the council as a whole), and, where the answer
depends on the record, a rule that says why not. The subject says who may read one, and which ones. So one
declaration answers both questions:

- `problem(user, name, record)`: why this user may not do this to this record (None when they may);
- `records(user, name)`: every record of that kind this user may do it to (a queryset that agrees, a test checks).

`require` is what a service calls with the acting user before it changes anything, and `guard` wraps a view: a
refusal changes nothing and is logged (`Refusal`); someone who may not read the record at all gets "not found",
anyone else a plain sentence saying what they may not do. This module is the only place that raises
PermissionDenied; Django turns it into the 403 page, which shows the sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpResponseNotAllowed
from django.http.response import HttpResponseBase

from hearth.core import clock
from hearth.core.changes import on_child_changed

if TYPE_CHECKING:
    from hearth.core.http import AuthenticatedRequest
    from hearth.organisation.models import StaffUser

COUNCIL = "council"
NOT_FOUND = "No such record"


class Refused(PermissionDenied):
    """The user may read the record but may not do this to it: the message says what they may not do."""


@dataclass(frozen=True)
class Subject:
    """A kind of record actions are taken on: who may read one (`may_read`), which ones (`readable`), how a page's
    URL names one (`fetch`, from the view's arguments) and which child, if any, a refusal is logged against."""

    name: str
    may_read: Callable[[StaffUser, Any], bool]
    readable: Callable[[StaffUser], QuerySet[Any]]
    fetch: Callable[[dict[str, Any]], Any]
    child_id: Callable[[Any], int | None] = lambda record: None


@dataclass(frozen=True)
class Action:
    """One thing a user may do: `doing` finishes the sentence "You may not ..."; `roles` may do it; `rule`, where the
    record decides too, says why not (None when allowed), and `rule_records` is the same rule as a filter."""

    name: str
    doing: str
    roles: frozenset[str]
    subject: str = COUNCIL
    rule: Callable[[StaffUser, Any], str | None] | None = None
    rule_records: Callable[[StaffUser], Q] | None = None
    refused: str = ""  # the sentence to show instead of "Your role may not ...", where one says it better

    def refusal(self) -> str:
        return self.refused or f"Your role may not {self.doing}."


_SUBJECTS: dict[str, Subject] = {
    COUNCIL: Subject(
        name=COUNCIL,
        may_read=lambda user, record: True,
        readable=lambda user: _no_records(),
        fetch=lambda kwargs: None,
    )
}
_ACTIONS: dict[str, Action] = {}


def _no_records() -> QuerySet[Any]:
    """The council as a whole is not a record to list: its actions have no `records`."""
    from hearth.core.models import Refusal

    return Refusal.objects.none()


def subject_register(subject: Subject) -> None:
    _SUBJECTS[subject.name] = subject


def declare(action: Action) -> Action:
    """Declare an action once (its app's `policies.py`); a second declaration under the same name is a mistake."""
    existing = _ACTIONS.get(action.name)
    if existing is not None and existing != action:
        raise ValueError(f"The action {action.name} is declared twice.")
    _ACTIONS[action.name] = action
    return action


def action_of(name: str) -> Action:
    try:
        return _ACTIONS[name]
    except KeyError:
        raise LookupError(
            f"No policy declares the action {name!r}: add it to its app's policies.py."
        ) from None


def declared() -> list[Action]:
    return sorted(_ACTIONS.values(), key=lambda action: action.name)


def _active(user: StaffUser | None) -> bool:
    return user is not None and user.is_authenticated and user.is_active


# The record a page's guard has just found the signed-in user may read (user, subject, record), for the rest of that
# view: the page then opens it (`access_child`) and its service asks the policy again of the same record, and neither
# needs to ask the database again. A change written about a child forgets it (a check after a write asks afresh).
_READ_BY_GUARD: ContextVar[tuple[int, str, Model] | None] = ContextVar("hearth_read_by_guard", default=None)


def read_by_guard(user: StaffUser, subject: str, pk: Any) -> Any:
    """The record of this subject and primary key the page's guard has just found this user may read, or None."""
    known = _READ_BY_GUARD.get()
    if known is None or known[0] != user.pk or known[1] != subject or known[2].pk != pk:
        return None
    return known[2]


def _forget_read_by_guard(child_id: int) -> None:
    if _READ_BY_GUARD.get() is not None:
        _READ_BY_GUARD.set(None)


on_child_changed(_forget_read_by_guard)


def may_read(user: StaffUser, name: str, record: Any = None) -> bool:
    if not _active(user):
        return False
    subject = action_of(name).subject
    if isinstance(record, Model) and read_by_guard(user, subject, record.pk) is not None:
        return True
    return _SUBJECTS[subject].may_read(user, record)


def problem(user: StaffUser, name: str, record: Any = None) -> str | None:
    """Why this user may not take this action on this record (None when they may). Someone who may not read the
    record gets the same answer as for a record that does not exist."""
    if not may_read(user, name, record):
        return NOT_FOUND
    return _action_problem(user, name, record)


def _action_problem(user: StaffUser, name: str, record: Any) -> str | None:
    action = action_of(name)
    if user.role not in action.roles:
        return action.refusal()
    if action.rule is not None:
        return action.rule(user, record)
    return None


def allowed(user: StaffUser, name: str, record: Any = None, *, read: bool = False) -> bool:
    """May this user take this action on this record? `read`: the page has already opened the record for them."""
    if read:
        return _active(user) and _action_problem(user, name, record) is None
    return problem(user, name, record) is None


def records(user: StaffUser, name: str) -> QuerySet[Any]:
    """Every record of the action's kind this user may take it on: the same answer as `problem`, as a queryset."""
    action = action_of(name)
    subject = _SUBJECTS[action.subject]
    if not _active(user) or user.role not in action.roles:
        return subject.readable(user).none()
    found = subject.readable(user)
    if action.rule_records is not None:
        found = found.filter(action.rule_records(user))
    return found


def record_of(name: str, **kwargs: Any) -> Any:
    """The record an action is taken on, found as a page's URL would name it (for a service that has only its id:
    `record_of("child.allocate", pk=child_id)`); None when there is no such record."""
    return _SUBJECTS[action_of(name).subject].fetch(kwargs)


def refusal(user: StaffUser | None, name: str, record: Any = None, *, path: str = "") -> str | None:
    """For a service that shows a refusal on its form: the sentence to show (logged), or None when allowed (and
    for Hearth itself acting, as `require`)."""
    if user is None:
        return None
    reason = problem(user, name, record)
    if reason is not None:
        log_refusal(user, name, record, path=path, reason=reason)
    return reason


def require(
    user: StaffUser | None, name: str, record: Any = None, *, path: str = "", read: bool = False
) -> None:
    """Refuse (and log the attempt) unless this user may take this action on this record: Http404 when they may not
    read it, else Refused with the sentence to show. `read`: the caller has just found that the user may read it.
    No user (None) is Hearth itself acting, with no person behind it: the demo council's seed and start-up
    migrations. Pages, commands and imports run by a person always pass that person."""
    if user is None:
        return
    reason = _action_problem(user, name, record) if read else problem(user, name, record)
    if reason is None:
        return
    log_refusal(user, name, record, path=path, reason=reason)
    if reason == NOT_FOUND:
        raise Http404(NOT_FOUND)
    raise Refused(reason)


def log_refusal(user: StaffUser, name: str, record: Any, *, path: str, reason: str) -> None:
    """Log a refused try (a read refused by need-to-know logs here too, as `person.open`)."""
    from hearth.core.models import Refusal

    subject = _SUBJECTS[action_of(name).subject]
    Refusal.objects.create(
        user=user if _active(user) else None,
        at=clock.now(),
        action=name,
        child_id=subject.child_id(record) if record is not None else None,
        record=f"{record._meta.label_lower}:{record.pk}" if isinstance(record, Model) else "",
        path=path[:300],
        reason=reason[:300],
    )


SAFE_METHODS = ("GET", "HEAD")
View = Callable[..., HttpResponseBase]


def guard(name: str, *, every_method: bool = False) -> Callable[[View], View]:
    """A page whose posts take this action (or, `every_method`, a page only those allowed may even open): the
    policy is asked before the view runs, on the record the URL names."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if every_method or request.method not in SAFE_METHODS:
                subject = _SUBJECTS[action_of(name).subject]
                record = subject.fetch(kwargs)
                if record is None and subject.name != COUNCIL:
                    raise Http404(NOT_FOUND)
                require(request.user, name, record, path=request.path)
                if isinstance(record, Model):
                    token = _READ_BY_GUARD.set((request.user.pk, subject.name, record))
                    try:
                        return view(request, *args, **kwargs)
                    finally:
                        _READ_BY_GUARD.reset(token)
            return view(request, *args, **kwargs)

        guarded.policy = name  # type: ignore[attr-defined]
        guarded.policy_kind = "guard"  # type: ignore[attr-defined]
        return guarded

    return decorate


def reads(view: View) -> View:
    """A page that only shows: it changes nothing, so a post to it is refused (its reads are need-to-know through
    the record it opens)."""

    @wraps(view)
    def read_only(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in SAFE_METHODS:
            return HttpResponseNotAllowed(list(SAFE_METHODS))
        return view(request, *args, **kwargs)

    read_only.policy = None  # type: ignore[attr-defined]
    read_only.policy_kind = "reads"  # type: ignore[attr-defined]
    return read_only


def within(name: str) -> Callable[[View], View]:
    """A page whose record is chosen on its form rather than named by its URL: the view asks the policy for this
    action itself, once it knows the record (and its service asks again)."""

    def decorate(view: View) -> View:
        view.policy = name  # type: ignore[attr-defined]
        view.policy_kind = "within"  # type: ignore[attr-defined]
        return view

    return decorate


def anyone(view: View) -> View:
    """A page for anyone, signed in or not (signing in and out, the health check)."""
    view.policy = "anyone"  # type: ignore[attr-defined]
    view.policy_kind = "anyone"  # type: ignore[attr-defined]
    return view
