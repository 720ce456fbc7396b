"""The records a document may be attached to, declared by the app that holds each in its `attachments.py` (ADR 15:
a lower layer learns of a higher one by registration). A document is always about a child; attached to a record, it
shows on that record's page as well as among the child's documents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Model
from django.urls import reverse


@dataclass(frozen=True)
class Attachable:
    key: str  # "frontdoor.contact"
    title: str  # "Contact"
    model: str  # "frontdoor.Contact"
    url_name: str  # the record's page: "frontdoor:screen"
    url_kwarg: str  # its record argument: "contact_pk"; "" for a record shown on the child's section page
    child_path: str = "child"  # how the record reaches its child
    describe: Callable[[Any], str] | None = None  # "Contact received 3 Mar 2026"
    # a record without a page of its own: its row's id on the section page is "<anchor>-<pk>"
    anchor: str = ""

    def record(self, child_id: int, record_id: int) -> Model | None:
        """The child's record of this kind with this id (None for another child's, or none)."""
        model = apps.get_model(self.model)
        return model._default_manager.filter(pk=record_id, **{f"{self.child_path}_id": child_id}).first()

    def url(self, child_id: int, record_id: int) -> str:
        if not self.url_kwarg:
            return reverse(self.url_name, kwargs={"pk": child_id}) + f"#{self.anchor}-{record_id}"
        return reverse(self.url_name, kwargs={"pk": child_id, self.url_kwarg: record_id})

    def label(self, record: Model) -> str:
        return self.describe(record) if self.describe is not None else self.title


_KINDS: dict[str, Attachable] = {}


def attachable_register(kind: Attachable) -> None:
    if kind.key in _KINDS and _KINDS[kind.key] != kind:
        raise ValueError(f"The attachable record {kind.key!r} is declared twice")
    _KINDS[kind.key] = kind


def attachable(key: str) -> Attachable | None:
    return _KINDS.get(key)
