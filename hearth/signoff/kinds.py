"""The kinds of record a manager signs off, declared once by the app that owns each record (its `sign_offs.py`).

A kind says which model it signs off, how to find the child and the record's page, what the manager's approval
and return do to the record (each through the record's own service, which settles the request), what must be
true before a worker may ask, and whether the council has switched sign-off on for it (a setting). A kind whose
record has no events of its own for the request and decision (`generic_events`) gets the `sign_off.*` events and
a timescale rule of its own, owned by the team like every decision waiting for a manager (ADR 8).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models

from hearth.core.timescales.rules import Owner, Profile, Rule, register_rules

Approve = Callable[[Any, Any, date, str], object]
SendBack = Callable[[Any, Any, date, str], object]


@dataclass(frozen=True)
class SignOffKind:
    key: str
    label: str
    model: type[models.Model]
    rule_id: str
    child_id: Callable[[Any], int]
    url: Callable[[Any], str]
    describe: Callable[[Any], str]
    # The manager's approval (subject, manager, date, rationale) and return (subject, manager, date, what must change),
    # each through the record's own service, which refuses with field-named errors and settles the request.
    approve: Approve
    send_back: SendBack
    # Why a worker may not ask for sign-off yet (the record is incomplete), or None.
    request_problem: Callable[[Any], str | None] = lambda subject: None
    # A council setting (True/False) that switches sign-off on for this kind; None: always required.
    required_setting: str | None = None
    generic_events: bool = True
    # Relations `child_id`, `url` and `describe` read, fetched with the records in lists.
    related: tuple[str, ...] = ()
    # Whether the record's sign-off panel offers a manager to sign off there and then (False where the record's
    # own page has the manager's action: finalising a plan, recording a handover).
    direct_on_panel: bool = True


_KINDS: dict[str, SignOffKind] = {}

SIGN_OFF_SOURCE = (
    "Local standard: records needing a manager's authority are signed off on the record "
    "(inspection report 2012 paragraphs 17, 34; issue 5)"
)


def register_kind(kind: SignOffKind) -> SignOffKind:
    existing = _KINDS.get(kind.key)
    if existing is not None and existing != kind:
        raise ValueError(f"Sign-off kind {kind.key} is declared twice")
    _KINDS[kind.key] = kind
    if kind.generic_events:
        register_rules(
            Rule(
                id=kind.rule_id,
                title=f"{kind.label} waiting for a manager's sign-off",
                source=SIGN_OFF_SOURCE,
                profile=Profile.LOCAL,
                in_force_from=date(2010, 1, 1),
                starts_on=("sign_off.requested",),
                starts_when={"kind": kind.key},
                satisfied_by=("sign_off.approved", "sign_off.returned", "sign_off.withdrawn"),
                satisfied_when={"kind": kind.key},
                interval_setting="manager_decision_working_days",
                owner=Owner.TEAM,
            ),
            # A returned record is the worker's to put right and send again: on their worklist until they do.
            Rule(
                id=f"{kind.key}.returned",
                title=f"{kind.label} returned by the manager: change it and send it again",
                source=SIGN_OFF_SOURCE,
                profile=Profile.LOCAL,
                in_force_from=date(2010, 1, 1),
                starts_on=("sign_off.returned",),
                starts_when={"kind": kind.key},
                satisfied_by=("sign_off.requested", "sign_off.withdrawn"),
                satisfied_when={"kind": kind.key},
                interval_setting="returned_work_working_days",
                owner=Owner.NAMED,
                owner_from="requested_by",
            ),
        )
    return kind


def kind_of(key: str) -> SignOffKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"No sign-off kind {key!r}") from None


def all_kinds() -> list[SignOffKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.label)
