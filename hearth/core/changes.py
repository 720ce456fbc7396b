"""Whoever needs to know that a child's record changed (data quality re-checks the child).

`audit_change` and `event_record` call `child_changed` for every change about a child, inside the writing
transaction, so what listens sees the record as it will be committed. Apps register in their ready().
"""

from __future__ import annotations

from collections.abc import Callable

_LISTENERS: list[Callable[[int], None]] = []


def on_child_changed(listener: Callable[[int], None]) -> None:
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def child_changed(child_id: int) -> None:
    for listener in _LISTENERS:
        listener(child_id)
