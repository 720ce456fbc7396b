"""Contacts to the front door: recorded, screened within the local timescale, feedback to the referrer recorded."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.children_in_need.models import CinEpisode
from hearth.children_in_need.services import referral_receive
from hearth.core import clock, policy
from hearth.core.audit import audit_change, snapshot
from hearth.core.codesets import ReferralSource
from hearth.core.events import event_record
from hearth.core.validation import past_date_problem
from hearth.frontdoor.models import Contact, ContactOutcome, FamilyContact
from hearth.organisation.models import StaffUser
from hearth.people.families import also_about_problems
from hearth.people.models import Person

REPEAT_WINDOW = timedelta(days=365)
REFERRING_OUTCOMES = frozenset({ContactOutcome.REFERRAL, ContactOutcome.STRATEGY_DISCUSSION})


def contacts_in_year_before(contact: Contact) -> int:
    """How many earlier contacts about the same child in the 12 months before this one (a repeat contact flag)."""
    return (
        Contact.objects.filter(
            child_id=contact.child_id, received_on__gte=contact.received_on - REPEAT_WINDOW
        )
        .filter(received_on__lte=contact.received_on)
        .exclude(pk=contact.pk)
        .count()
    )


def contact_record(
    *,
    child: Person,
    received_on: date | None,
    source: str,
    concern: str,
    referrer_name: str = "",
    referrer_organisation: str = "",
    also_about: list[Person] | None = None,
    by: StaffUser,
) -> Contact:
    """A contact about the child; `also_about`, the other children of the family it is about too: one contact recorded
    once, each child with their own contact, event and screening clock (issue 18). Returns the child's."""
    policy.require(by, "child.record_work", child)
    others = [other for other in (also_about or []) if other.pk != child.pk]
    errors: dict[str, str] = {}
    if problem := past_date_problem(received_on, "the date the contact was received"):
        errors["received_on"] = problem
    if source not in ReferralSource.values:
        errors["source"] = "Choose who made the contact."
    if not concern.strip():
        errors["concern"] = "Enter what the contact is about."
    if problems := also_about_problems(child, others, by):
        errors["also_about"] = " ".join(problems)
    if errors:
        raise ValidationError(errors)
    assert received_on is not None
    with transaction.atomic():
        family = FamilyContact.objects.create(recorded_by=by, recorded_at=clock.now()) if others else None
        contacts = [
            _contact_write(
                child=about,
                family=family,
                received_on=received_on,
                source=source,
                concern=concern,
                referrer_name=referrer_name,
                referrer_organisation=referrer_organisation,
                by=by,
            )
            for about in [child, *others]
        ]
    return contacts[0]


def _contact_write(
    *,
    child: Person,
    family: FamilyContact | None,
    received_on: date,
    source: str,
    concern: str,
    referrer_name: str,
    referrer_organisation: str,
    by: StaffUser,
) -> Contact:
    contact = Contact.objects.create(
        child=child,
        family=family,
        received_on=received_on,
        source=source,
        concern=concern.strip()[:300],
        referrer_name=referrer_name.strip(),
        referrer_organisation=referrer_organisation.strip(),
    )
    audit_change(user=by, instance=contact, action="create", before=None, child_id=child.pk)
    event_record(
        child_id=child.pk,
        type="contact.received",
        occurred_on=received_on,
        recorded_by=by,
        record=contact,
        payload={"source": ReferralSource(source).label, "concern": contact.concern[:120]},
    )
    return contact


def contact_concern_correct(*, contact: Contact, concern: str, by: StaffUser) -> list[Contact]:
    """Correct what a contact is about: on a family's contact, on every child's (each audited on its child, the
    policy asked for each)."""
    group = list(contact.family.contacts.select_related("child")) if contact.family is not None else [contact]
    for item in group:
        policy.require(by, "child.record_work", item.child)
    if not concern.strip():
        raise ValidationError({"concern": "Enter what the contact is about."})
    with transaction.atomic():
        for item in group:
            locked = Contact.objects.select_for_update().get(pk=item.pk)
            before = snapshot(locked)
            locked.concern = concern.strip()[:300]
            locked.save(update_fields=["concern"])
            audit_change(user=by, instance=locked, action="update", before=before, child_id=locked.child_id)
            event_record(
                child_id=locked.child_id,
                type="contact.corrected",
                occurred_on=clock.today(),
                recorded_by=by,
                record=locked,
                payload={"concern": locked.concern[:120]},
            )
            item.concern = locked.concern
    return group


def contact_decide(
    *, contact: Contact, outcome: str, reason: str, decided_on: date | None, by: StaffUser
) -> Contact:
    """The screening decision, with its reason; meets the contact's screening obligation."""
    policy.require(by, "child.screen", contact.child)
    errors: dict[str, str] = {}
    if contact.outcome:
        errors["outcome"] = "This contact has already been screened."
    if outcome not in ContactOutcome.values:
        errors["outcome"] = "Choose the screening decision."
    if not reason.strip():
        errors["reason"] = "Enter the reason for the decision."
    if problem := past_date_problem(decided_on, "the date of the decision"):
        errors["decided_on"] = problem
    elif decided_on and decided_on < contact.received_on:
        errors["decided_on"] = (
            f"The decision cannot be before the contact was received ({contact.received_on:%-d %B %Y})."
        )
    if errors:
        raise ValidationError(errors)
    assert decided_on is not None
    if (
        outcome in REFERRING_OUTCOMES
        and CinEpisode.objects.filter(child_id=contact.child_id, closure_date=None).exists()
    ):
        raise ValidationError(
            {
                "outcome": "The child already has an open child in need episode: pass the contact to its worker."
            }
        )
    with transaction.atomic():
        before = snapshot(contact)
        contact.outcome, contact.decision_reason, contact.decided_on, contact.decided_by = (
            outcome,
            reason.strip(),
            decided_on,
            by,
        )
        contact.save(update_fields=["outcome", "decision_reason", "decided_on", "decided_by"])
        audit_change(user=by, instance=contact, action="update", before=before, child_id=contact.child_id)
        event_record(
            child_id=contact.child_id,
            type="contact.decided",
            occurred_on=decided_on,
            recorded_by=by,
            record=contact,
            payload={"outcome": ContactOutcome(outcome).label},
        )
        if outcome in REFERRING_OUTCOMES:
            # Typed once: the contact's decision is the referral, from the same source on the same day.
            referral_receive(child=contact.child, referral_date=decided_on, source=contact.source, by=by)
    return contact


def contact_feedback_record(*, contact: Contact, sent_on: date | None, by: StaffUser) -> Contact:
    """Written feedback to the referrer, with its date."""
    policy.require(by, "child.screen", contact.child)
    if sent_on is None:
        raise ValidationError({"sent_on": "Enter the date the feedback was sent."})
    if sent_on > clock.today():
        raise ValidationError({"sent_on": "The date the feedback was sent must be today or in the past."})
    if sent_on < contact.received_on:
        raise ValidationError({"sent_on": "Feedback cannot be sent before the contact was received."})
    with transaction.atomic():
        before = snapshot(contact)
        contact.feedback_sent_on = sent_on
        contact.save(update_fields=["feedback_sent_on"])
        audit_change(user=by, instance=contact, action="update", before=before, child_id=contact.child_id)
    return contact
