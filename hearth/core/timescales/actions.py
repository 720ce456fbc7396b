"""The shortest path (issue 18): from a duty on a worklist straight to the form that meets it. Each app registers, for
its rules, how to find that form for one open duty (`rule_action_register`); a worklist row links to
`worklists:act`, which asks here and goes there, or to the child's page when no form is registered or the record
the form needs has gone."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.urls import reverse

if TYPE_CHECKING:
    from hearth.core.models import Obligation

ActionFinder = Callable[["Obligation"], "str | None"]

_ACTIONS: dict[str, ActionFinder] = {}


def rule_action_register(rule_ids: Iterable[str], finder: ActionFinder) -> None:
    """`finder(duty)` gives the address of the form that meets an open duty under these rules (None: none now); a
    later registration for a rule replaces an earlier one, as a visit kind declared again does."""
    for rule_id in rule_ids:
        _ACTIONS[rule_id] = finder


def rule_action_url(duty: Obligation) -> str | None:
    finder = _ACTIONS.get(duty.rule_id)
    return finder(duty) if finder is not None else None


def rules_with_actions() -> set[str]:
    return set(_ACTIONS)


def started_record_action(record_type: str, url_name: str, record_kwarg: str) -> ActionFinder:
    """The form of the record whose event started the duty (a failed visit's, a supervision action's): the page
    `url_name` with the child's `pk` and the record's id as `record_kwarg`."""

    def finder(duty: Obligation) -> str | None:
        from hearth.core.models import Event  # core.models reads the rules; the rules' modules register here

        if duty.started_by_id is None or duty.child_id is None:
            return None
        record_id = (
            Event.objects.filter(pk=duty.started_by_id, record_type=record_type)
            .values_list("record_id", flat=True)
            .first()
        )
        if record_id is None:
            return None
        return reverse(url_name, kwargs={"pk": duty.child_id, record_kwarg: record_id})

    return finder
