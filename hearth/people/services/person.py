"""Actions on a person's record: create, change, names, duplicates, merge, restriction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import clock, policy
from hearth.core.audit import audit_change, snapshot
from hearth.core.codesets import (
    Ethnicity,
    Religion,
    Sex,
    UpnUnknown,
)
from hearth.core.events import event_record
from hearth.core.identifiers import (
    nhs_number_is_valid,
    normalise_nhs_number,
    normalise_upn,
    upn_is_valid,
)
from hearth.core.versions import locked_at_version, save_new_version
from hearth.organisation.models import StaffUser
from hearth.people.models import (
    NameToken,
    Person,
    PersonName,
    RecordKind,
    RestrictedAccess,
)
from hearth.people.names import name_words, pair_keys, phonetic_keys

PERSON_FIELDS = (
    "kind",
    "forename",
    "middle_names",
    "surname",
    "preferred_name",
    "date_of_birth",
    "expected_date_of_birth",
    "date_of_death",
    "sex",
    "gender_identity",
    "ethnicity",
    "first_language",
    "interpreter_needed",
    "religion",
    "nationality",
    "upn",
    "former_upn",
    "upn_unknown",
    "nhs_number",
    "warnings",
)
CODED_FIELDS: dict[str, Any] = {
    "sex": Sex,
    "ethnicity": Ethnicity,
    "religion": Religion,
    "upn_unknown": UpnUnknown,
    "kind": RecordKind,
}


def _today() -> date:
    return clock.today()


def person_validate(values: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise a person's details; raise ValidationError naming each field that is wrong."""
    errors: dict[str, str] = {}
    clean = dict(values)
    today = _today()
    for field in ("forename", "surname"):
        clean[field] = str(clean.get(field) or "").strip()
        if not clean[field]:
            errors[field] = f"Enter the person's {'first name' if field == 'forename' else 'last name'}."
    dob, expected = clean.get("date_of_birth"), clean.get("expected_date_of_birth")
    if dob and dob > today:
        errors["date_of_birth"] = "Date of birth must be today or in the past."
    if expected and dob:
        errors["expected_date_of_birth"] = (
            "Give either a date of birth or an expected date of birth, not both."
        )
    death = clean.get("date_of_death")
    if death and death > today:
        errors["date_of_death"] = "Date of death must be today or in the past."
    elif death and dob and death < dob:
        errors["date_of_death"] = "Date of death must be on or after the date of birth."
    for field, code_set in CODED_FIELDS.items():
        value = clean.get(field) or ""
        if value and value not in code_set.values:
            errors[field] = f"{value!r} is not a known code for {field.replace('_', ' ')}."
    nhs = normalise_nhs_number(str(clean.get("nhs_number") or ""))
    if nhs and not nhs_number_is_valid(nhs):
        errors["nhs_number"] = (
            "NHS number must be 10 digits and pass the NHS check digit: check it was copied correctly."
        )
    clean["nhs_number"] = nhs
    for field in ("upn", "former_upn"):
        upn = normalise_upn(str(clean.get(field) or ""))
        if upn and not upn_is_valid(upn):
            errors[field] = (
                f"{'UPN' if field == 'upn' else 'Former UPN'} must be 13 characters with a correct check letter."
            )
        clean[field] = upn
    if errors:
        raise ValidationError(errors)
    return clean


@dataclass(frozen=True)
class PossibleDuplicate:
    person: Person
    reasons: tuple[str, ...]


def person_possible_duplicates(
    *,
    forename: str,
    surname: str,
    date_of_birth: date | None,
    nhs_number: str = "",
    exclude_pk: int | None = None,
) -> list[PossibleDuplicate]:
    """Records that may be the same person: same NHS number, or sound-alike name with the same date of birth."""
    from hearth.people.search import candidates_by_name

    found: dict[int, list[str]] = {}
    nhs = normalise_nhs_number(nhs_number)
    if nhs:
        for pk in Person.objects.filter(nhs_number=nhs, merged_into=None).values_list("pk", flat=True):
            found.setdefault(pk, []).append("same NHS number")
    if date_of_birth is not None:
        same_dob = Person.objects.filter(date_of_birth=date_of_birth, merged_into=None)
        for pk in candidates_by_name(f"{forename} {surname}", same_dob).values_list("pk", flat=True)[:20]:
            found.setdefault(pk, []).append("similar name and the same date of birth")
    found.pop(exclude_pk or 0, None)
    people = Person.objects.in_bulk(list(found))
    return [PossibleDuplicate(people[pk], tuple(reasons)) for pk, reasons in found.items() if pk in people]


def name_tokens_for(person: Person, *, other_names: list[PersonName] | None = None) -> list[NameToken]:
    """The name search index rows for a person (ADR 4).

    One row per word and phonetic key (token = the word), and one per given-name and family-name pair of each
    name the person is known by (token empty): a two-word search then finds its few candidates directly.
    """
    names: list[tuple[str, str]] = [
        (f"{person.forename} {person.middle_names} {person.preferred_name}", person.surname)
    ]
    if other_names is None and person.pk:
        other_names = list(person.other_names.all())
    names += [(n.forename, n.surname) for n in other_names or []]
    singles: set[tuple[str, str]] = set()
    pairs: set[str] = set()
    for given, family in names:
        given_words, family_words = name_words(given), name_words(family)
        for word in given_words + family_words:
            singles.update((word[:40], key) for key in phonetic_keys(word))
        for first in given_words:
            for last in family_words:
                pairs.update(pair_keys(first, last))
    rows = [NameToken(person_id=person.pk, token=token, phonetic=key) for token, key in sorted(singles)]
    rows += [NameToken(person_id=person.pk, token="", phonetic=key) for key in sorted(pairs)]
    return rows


def _reindex_names(person: Person) -> None:
    NameToken.objects.filter(person_id=person.pk).delete()
    NameToken.objects.bulk_create(name_tokens_for(person))


def _next_person_number(kind: str) -> str:
    prefix = "C" if kind == RecordKind.CHILD else "A"
    last = Person.objects.filter(person_number__startswith=prefix).order_by("-person_number").first()
    number = int(last.person_number[1:]) + 1 if last and last.person_number[1:].isdigit() else 1
    return f"{prefix}{number:07d}"


def person_create(
    *, values: dict[str, Any], by: StaffUser | None, unseen_matches: Sequence[Person] = ()
) -> Person:
    """Create a child's or an adult's record. Check `person_possible_duplicates` first and show the warning for
    the matches the creator may open. `unseen_matches`, those they may not, are not shown to them (that would say
    who is recorded): each is put on the front door's list to check against the new record
    (`person.duplicate_check`, on the existing record, which the creator cannot open, so nothing on the new
    record says a match was found)."""
    policy.require(by, "person.create")
    clean = person_validate(values)
    with transaction.atomic():
        person = Person(
            person_number=_next_person_number(clean.get("kind") or RecordKind.CHILD),
            created_at=clock.now(),
            created_by=by,
            **{key: clean[key] for key in PERSON_FIELDS if key in clean and clean[key] is not None},
        )
        person.full_clean()
        person.save()
        _reindex_names(person)
        audit_change(user=by, instance=person, action="create", before=None, child_id=person.pk)
        event_record(
            child_id=person.pk, type="person.created", occurred_on=_today(), recorded_by=by, record=person
        )
        for match in unseen_matches:
            event_record(
                child_id=match.pk,
                type="person.possible_duplicate",
                occurred_on=_today(),
                recorded_by=by,
                record=match,
                payload={"new_id": person.person_number},
            )
    return person


def person_duplicate_checked(*, person: Person, note: str, by: StaffUser) -> Person:
    """The front door records that a record put on its list (a new record may be this person) is not the same
    person, and what they checked. Refused, nothing saved, without a note or when no check is waiting."""
    policy.require(by, "person.merge", person)
    from hearth.core.models import Obligation, ObligationStatus

    if not note.strip():
        raise ValidationError({"note": "Enter what you checked, for example the records searched."})
    waiting = Obligation.objects.filter(
        child=person, rule_id="person.duplicate_check", status=ObligationStatus.OPEN
    ).exists()
    if not waiting:
        raise ValidationError({"note": "This record is not waiting for a duplicate check."})
    with transaction.atomic():
        event_record(
            child_id=person.pk,
            type="person.duplicate_checked",
            occurred_on=_today(),
            recorded_by=by,
            record=person,
            payload={"note": note.strip()[:200]},
        )
    return person


def person_update(*, person: Person, values: dict[str, Any], version: int, by: StaffUser | None) -> Person:
    """Change a person's details. Refused if someone else saved the record since it was opened."""
    policy.require(by, "child.record_work", person)
    current = {key: getattr(person, key) for key in PERSON_FIELDS}
    clean = person_validate({**current, **values})
    with transaction.atomic():
        locked = locked_at_version(Person.objects.get(pk=person.pk), version, what="record")
        before = snapshot(locked)
        changed = [key for key in PERSON_FIELDS if key in clean and getattr(locked, key) != clean[key]]
        for key in changed:
            setattr(locked, key, clean[key])
        if not changed:
            return locked
        locked.full_clean()
        save_new_version(locked, changed)
        _reindex_names(locked)
        audit_change(user=by, instance=locked, action="update", before=before, child_id=locked.pk)
        event_record(
            child_id=locked.pk,
            type="person.updated",
            occurred_on=_today(),
            recorded_by=by,
            record=locked,
            payload={"fields": ", ".join(key.replace("_", " ") for key in changed)},
        )
        if (
            "date_of_birth" in changed
            and before.get("date_of_birth") is None
            and before.get("expected_date_of_birth")
        ):
            # An unborn child is born: the pre-birth plan's clocks start from the birth (protection's rules).
            assert locked.date_of_birth is not None
            event_record(
                child_id=locked.pk,
                type="person.born",
                occurred_on=locked.date_of_birth,
                recorded_by=by,
                record=locked,
            )
        if "date_of_birth" in changed:
            # Clocks that start on a birthday move with it: met ones stay met, open ones are re-dated (audited).
            from hearth.core.timescales.store import obligations_rebuild_audited

            obligations_rebuild_audited(locked.pk, by=by)
    return locked


def person_add_name(
    *, person: Person, kind: str, forename: str, surname: str, by: StaffUser | None
) -> PersonName:
    policy.require(by, "child.record_work", person)
    if not forename.strip() or not surname.strip():
        raise ValidationError({"forename": "Enter both the first and the last name."})
    with transaction.atomic():
        name = PersonName(person=person, kind=kind, forename=forename.strip(), surname=surname.strip())
        name.full_clean()
        name.save()
        _reindex_names(person)
        audit_change(user=by, instance=name, action="create", before=None, child_id=person.pk)
    return name


def person_merge(*, keep: Person, merge: Person, by: StaffUser | None) -> Person:
    """Merge a duplicate into the record kept: everything moves across; the duplicate points at the one kept."""
    policy.require(by, "person.merge", keep)
    policy.require(by, "person.merge", merge)  # both records: the duplicate's history moves onto the kept one
    from hearth.core.models import Event, Obligation
    from hearth.core.timescales.store import obligations_rebuild

    if keep.pk == merge.pk:
        raise ValidationError({"merge": "Choose two different records to merge."})
    if merge.merged_into_id is not None or keep.merged_into_id is not None:
        raise ValidationError({"merge": "One of these records has already been merged."})
    if merge.is_restricted and not keep.is_restricted:
        raise ValidationError(
            {"merge": "The duplicate is restricted: restrict the record you keep to the same people first."}
        )
    if keep.kind != merge.kind:
        raise ValidationError({"merge": "A child's record and an adult's record cannot be merged."})
    moved_relations = (
        "other_names",
        "identifiers",
        "addresses",
        "disabilities",
        "immigration_statuses",
        "relationships_from",
        "relationships_to",
        "household_memberships",
        "professionals",
        "allocations",
        "cin_episodes",
        "protection_plans",
        "care_periods",
        "early_help_episodes",
        "care_leaver_statuses",
        "contacts",
        "visits",
        "step_changes",
        "strategy_discussions",
        "section_47s",
        "conferences",
        "case_notes",
    )
    if keep.allocations.filter(end_date=None).exists() and merge.allocations.filter(end_date=None).exists():
        raise ValidationError({"merge": "Both records are allocated: end one allocation before merging."})
    with transaction.atomic():
        before = snapshot(merge)
        for relation in moved_relations:
            field = Person._meta.get_field(relation)
            field.related_model._default_manager.filter(**{field.field.name: merge}).update(  # type: ignore[union-attr]
                **{field.field.name: keep}  # type: ignore[union-attr]
            )
        Event.objects.filter(child=merge).update(child=keep)
        Obligation.objects.filter(child=merge).delete()
        PersonName.objects.create(person=keep, kind="alias", forename=merge.forename, surname=merge.surname)
        for name in ("nhs_number", "upn", "former_upn", "ethnicity", "date_of_birth"):
            if not getattr(keep, name) and getattr(merge, name):
                setattr(keep, name, getattr(merge, name))
        keep.save()
        merge.merged_into = keep
        merge.save(update_fields=["merged_into"])
        NameToken.objects.filter(person_id=merge.pk).delete()
        _reindex_names(keep)
        audit_change(user=by, instance=merge, action="merge", before=before, child_id=keep.pk)
        event_record(
            child_id=keep.pk,
            type="person.merged",
            occurred_on=_today(),
            recorded_by=by,
            record=keep,
            payload={"merged_id": merge.person_number},
        )
        obligations_rebuild(keep.pk)
    return keep


def person_restrict(*, person: Person, restricted: bool, named: list[StaffUser], by: StaffUser) -> Person:
    """Restrict a record to the people named (always including whoever restricts it), or lift the restriction."""
    policy.require(by, "person.restrict", person)
    if restricted and not named:
        raise ValidationError({"named": "Name at least one person who may open the record."})
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        before = snapshot(locked)
        locked.is_restricted = restricted
        locked.save(update_fields=["is_restricted"])
        RestrictedAccess.objects.filter(child=locked).delete()
        if restricted:
            RestrictedAccess.objects.bulk_create(
                [RestrictedAccess(child=locked, user=user) for user in {by, *named}]
            )
        audit_change(
            user=by,
            instance=locked,
            action="restrict" if restricted else "unrestrict",
            before=before,
            child_id=locked.pk,
        )
    return locked
