"""Legal holds and disposal (issue 20, ADR 41).

Disposal erases a record whose retention has ended: the person's row and every row that hangs from it across the
domains (found by Django's own deletion collector, so a new app's records go too), the change history and read
log of those rows, and the files of its documents; what is left is a `Disposal` tombstone with no personal content.
It is an audited action by an authorised person with a reason, refused (nothing changed) while a legal hold is in
force, before the period has ended, while work is open, under a period the council has not confirmed, or while a
case note recorded on the record is also about another child whose record is kept."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models.deletion import Collector, ProtectedError

from hearth.casenotes.models import CaseNoteChild
from hearth.core import clock, policy
from hearth.core.audit import audit_change, locked_fresh, snapshot
from hearth.core.models import ChangeLog
from hearth.documents.models import Document, DocumentVersion
from hearth.governance.models import Disposal, LegalHold, SubjectAccessRequest
from hearth.governance.retention import document_retention, record_retention
from hearth.organisation.models import StaffUser
from hearth.people.models import Person, RecordKind


def _child_id(person: Person) -> int | None:
    return person.pk if person.kind == RecordKind.CHILD else None


def legal_hold_place(*, person: Person, reason: str, until: date | None, by: StaffUser) -> LegalHold:
    """Hold a record against disposal, with a reason and, if known, the day the hold ends."""
    policy.require(by, "governance.hold", person)
    problems = {}
    if not reason.strip():
        problems["reason"] = "Enter why the record is held (the claim, inquiry or complaint)."
    if until is not None and until < clock.today():
        problems["until"] = (
            f"The hold would end on {until:%-d %B %Y}, which has passed: give a later day or none."
        )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        hold = LegalHold.objects.create(
            person=person, reason=reason.strip(), until=until, placed_by=by, placed_at=clock.now()
        )
        audit_change(user=by, instance=hold, action="create", before=None, child_id=_child_id(person))
    return hold


def legal_hold_lift(*, hold: LegalHold, reason: str, by: StaffUser) -> LegalHold:
    policy.require(by, "governance.hold", hold.person)
    if not reason.strip():
        raise ValidationError({"lifted_reason": "Enter why the hold is lifted."})
    with transaction.atomic():
        locked_fresh(hold)
        if hold.lifted_at is not None:
            raise ValidationError({"lifted_reason": "The hold has already been lifted."})
        before = snapshot(hold)
        hold.lifted_by, hold.lifted_at, hold.lifted_reason = by, clock.now(), reason.strip()
        hold.save(update_fields=["lifted_by", "lifted_at", "lifted_reason"])
        audit_change(user=by, instance=hold, action="update", before=before, child_id=_child_id(hold.person))
    return hold


@dataclass(frozen=True)
class DisposalPreview:
    removed: dict[str, int]  # rows by kind of record (the model's verbose name)
    files: int


def _row_ids(collector: Collector) -> dict[str, list[int]]:
    """Every row the collector will delete, by model label."""
    found: dict[str, list[int]] = {}
    for model, instances in collector.data.items():
        found.setdefault(model._meta.label_lower, []).extend(instance.pk for instance in instances)
    for queryset in collector.fast_deletes:
        found.setdefault(queryset.model._meta.label_lower, []).extend(queryset.values_list("pk", flat=True))
    return found


def _erase(objects: list[models.Model], removed: Counter[str], depth: int = 0) -> None:
    """Delete these rows and everything that hangs from them (Django's deletion collector), with the change history
    of each. A record that protects itself from deletion (a document, a sign-off, a letter about the child) is part
    of the record: it is erased first, the same way."""
    if depth > 10:
        raise ValidationError("The record is held by other records Hearth cannot remove with it.")
    while True:
        collector = Collector(using=DEFAULT_DB_ALIAS)
        try:
            collector.collect(objects)
        except ProtectedError as error:
            by_model: dict[type[models.Model], list[models.Model]] = {}
            for protected in error.protected_objects:
                by_model.setdefault(type(protected), []).append(protected)
            for group in by_model.values():
                _erase(group, removed, depth + 1)
            continue
        rows = _row_ids(collector)
        # The change history of the erased rows holds their content too (before and after each change).
        for label, ids in rows.items():
            if ids:
                ChangeLog.objects.filter(model=label, object_id__in=ids).delete()
        collector.delete()
        removed.update({label: len(ids) for label, ids in rows.items() if ids})
        return


class _Preview(Exception):  # noqa: N818 (rolls the preview's deletions back)
    pass


def disposal_preview(person: Person) -> DisposalPreview:
    """What disposing of the record would erase, counted by erasing it in a transaction rolled back."""
    removed: Counter[str] = Counter()
    try:
        with transaction.atomic():
            _erase([Person.objects.get(pk=person.pk)], removed)
            raise _Preview
    except _Preview:
        pass
    names = {
        model._meta.label_lower: str(model._meta.verbose_name).capitalize() for model in apps.get_models()
    }
    return DisposalPreview(
        removed={names.get(label, label): count for label, count in sorted(removed.items())},
        files=DocumentVersion.objects.filter(document__child=person).count(),
    )


def _shared_notes_problem(person: Person) -> str | None:
    others = (
        CaseNoteChild.objects.filter(note__child=person)
        .exclude(child=person)
        .values_list("child__person_number", flat=True)
        .distinct()
    )
    numbers = sorted(others)
    if numbers:
        return (
            "Case notes recorded on this record are also about "
            f"{', '.join(numbers)}, whose record is kept: dispose of this record with theirs."
        )
    return None


def record_dispose(*, person: Person, reason: str, by: StaffUser) -> Disposal:
    """Erase a record whose retention has ended and leave its tombstone."""
    policy.require(by, "governance.dispose", person)
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for disposal (the review that found it due)."})
    with transaction.atomic():
        locked_fresh(person)
        retention = record_retention(person)
        problem = retention.problem() or _shared_notes_problem(person)
        if problem:
            raise ValidationError({"reason": problem})
        files = list(DocumentVersion.objects.filter(document__child=person).values_list("file", flat=True))
        files += (
            SubjectAccessRequest.objects.filter(subject=person)
            .exclude(file="")
            .values_list("file", flat=True)
        )
        assert retention.ends_on is not None  # a record with no date to count from has a problem above
        removed: Counter[str] = Counter()
        _erase([person], removed)
        tombstone = Disposal.objects.create(
            person_number=person.person_number,
            kind=person.kind,
            rule=retention.rule.key,
            rule_title=retention.rule.title,
            period_years=retention.years,
            setting=retention.rule.setting,
            retention_ended_on=retention.ends_on,
            reason=reason.strip(),
            disposed_by=by,
            disposed_at=clock.now(),
            removed=dict(sorted(removed.items())),
            files_removed=len(files),
        )
        audit_change(user=by, instance=tombstone, action="create", before=None, child_id=None)
        transaction.on_commit(lambda: _erase_files(files))
    return tombstone


def document_dispose(*, document: Document, reason: str, by: StaffUser) -> Disposal:
    """Erase a working copy whose retention has ended (its versions and files) and leave its tombstone. Any other
    document is kept with its record and goes with it."""
    policy.require(by, "governance.dispose", document.child)
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for disposal (the review that found it due)."})
    with transaction.atomic():
        locked_fresh(document)
        retention = document_retention(document)
        if retention is None:
            raise ValidationError(
                {
                    "reason": "This document is kept with the child's record, not as a working copy: it goes with the record."
                }
            )
        problem = retention.problem()
        if problem:
            raise ValidationError({"reason": problem})
        files = list(document.versions.values_list("file", flat=True))
        removed: Counter[str] = Counter()
        number, type_name = document.child.person_number, document.document_type.name
        _erase([document], removed)
        tombstone = Disposal.objects.create(
            person_number=number,
            kind="document",
            rule=retention.rule.key,
            rule_title=f"{retention.rule.title}: {type_name}",
            period_years=retention.years,
            setting=retention.rule.setting,
            retention_ended_on=retention.ends_on,
            reason=reason.strip(),
            disposed_by=by,
            disposed_at=clock.now(),
            removed=dict(sorted(removed.items())),
            files_removed=len(files),
        )
        audit_change(
            user=by, instance=tombstone, action="create", before=None, child_id=_child_id(document.child)
        )
        transaction.on_commit(lambda: _erase_files(files))
    return tombstone


def _erase_files(files: list[str]) -> None:
    store = storages["documents"]
    for name in files:
        store.delete(name)


def disposals(**filters: Any) -> list[Disposal]:
    return list(Disposal.objects.filter(**filters).select_related("disposed_by").order_by("-disposed_at"))
