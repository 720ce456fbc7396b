from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hearth.core import clock, policy
from hearth.core.council_settings import setting_value
from hearth.core.http import AuthenticatedRequest
from hearth.core.models import Event
from hearth.core.policy import guard
from hearth.core.posting import apply_errors, form_posted
from hearth.core.timescales.display import due_soon_until, obligation_views, open_obligations, overdue_on
from hearth.core.timescales.rules import Owner, all_rules
from hearth.core.timescales.store import council_calendar
from hearth.frontdoor.forms import ConcernForm, ContactForm, DecisionForm, FeedbackForm
from hearth.frontdoor.models import Contact
from hearth.frontdoor.services import (
    contact_concern_correct,
    contact_decide,
    contact_feedback_record,
    contact_record,
    contacts_in_year_before,
)
from hearth.people.access import access_child, visible_among
from hearth.people.families import may_write_to_all, siblings_to_write
from hearth.people.header import child_header, record_form_page


@guard("front_door.queue", every_method=True)
def queue(request: AuthenticatedRequest) -> HttpResponse:
    """Contacts waiting to be screened, for the front door team: the oldest due first; then the other duties the front
    door holds for children no one is allocated, soonest due first."""
    today = clock.today()
    soon = due_soon_until(today, council_calendar(), int(setting_value("due_soon_working_days", today)))
    waiting = open_obligations().filter(rule_id="contact.decision", team__is_front_door=True)
    waiting = waiting.exclude(child__is_restricted=True)
    page = Paginator(waiting, 50).get_page(request.GET.get("page"))
    # Each screening clock was started by its contact's event, which names the contact.
    contact_of_event = dict(
        Event.objects.filter(
            pk__in=[o.started_by_id for o in page], record_type="frontdoor.contact"
        ).values_list("pk", "record_id")
    )
    contacts = Contact.objects.in_bulk([c for c in contact_of_event.values() if c is not None])
    rows = [
        (view, contacts.get(contact_of_event.get(view.obligation.started_by_id or 0) or 0))
        for view in obligation_views(list(page.object_list), today, soon)
    ]
    overdue = waiting.filter(overdue_on(today)).count()
    # What else the front door holds: a duty for a child no one is allocated (a missing child's return interview).
    front_door_rules = [
        rule.id
        for rule in all_rules()
        if rule.owner in (Owner.FRONT_DOOR, Owner.ALLOCATED_OR_FRONT_DOOR) and rule.id != "contact.decision"
    ]
    held = (
        open_obligations()
        .filter(team__is_front_door=True, owner=None, child__isnull=False, rule_id__in=front_door_rules)
        .exclude(child__is_restricted=True)
        .order_by("due_date", "pk")[:200]
    )
    return render(
        request,
        "frontdoor/queue.html",
        {
            "rows": rows,
            "page_obj": page,
            "overdue": overdue,
            "held": obligation_views(list(held), today, soon),
        },
    )


@guard("child.record_work", every_method=True)
def new_contact(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path)
    form = ContactForm(
        request.POST or None,
        initial={"received_on": clock.today()},
        siblings=siblings_to_write(request.user, person.pk),
    )
    if request.method == "POST" and form.is_valid():
        values = {key: value for key, value in form.cleaned_data.items() if key != "also_about"}
        try:
            contact = contact_record(
                child=person, by=request.user, also_about=form.also_about_children(), **values
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            repeats = contacts_in_year_before(contact)
            note = f" This is a repeat contact: {repeats} more in the 12 months before." if repeats else ""
            messages.success(request, "Contact recorded." + note)
            return redirect("frontdoor:screen", pk=person.pk, contact_pk=contact.pk)
    return render(
        request,
        "frontdoor/contact_form.html",
        {
            "person": person,
            "summary": child_header(person),
            "form": form,
            "title": "Record a contact",
        },
    )


@guard("child.screen")
def screen(request: AuthenticatedRequest, pk: int, contact_pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path, partners=False)
    contact = get_object_or_404(Contact, pk=contact_pk, child=person)
    decision = DecisionForm(
        request.POST if "decide" in request.POST else None, initial={"decided_on": clock.today()}
    )
    feedback = FeedbackForm(
        request.POST if "feedback" in request.POST else None, initial={"sent_on": clock.today()}
    )
    if request.method == "POST":
        form, action = (decision, _decide) if "decide" in request.POST else (feedback, _feedback)
        if form.is_valid():
            try:
                action(contact, request.user, form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "Saved.")
                return redirect("frontdoor:screen", pk=person.pk, contact_pk=contact.pk)
    return render(
        request,
        "frontdoor/screen.html",
        {
            "person": person,
            "summary": child_header(person),
            "contact": contact,
            "decision": decision,
            "feedback": feedback,
            "repeats": contacts_in_year_before(contact),
            "can_screen": policy.allowed(request.user, "child.screen", person),
            "can_correct": may_write_to_all(
                request.user,
                [
                    item.child
                    for item in Contact.objects.filter(family_id=contact.family_id).select_related("child")
                ]
                if contact.family_id
                else [person],
            ),
            "family": _family_contacts(request, contact),
        },
    )


def _family_contacts(request: AuthenticatedRequest, contact: Contact) -> list[tuple[Contact | None, str]]:
    """The other children's contacts of a contact about a family: linked where the user may open the child."""
    if contact.family_id is None:
        return []
    others = list(
        Contact.objects.filter(family_id=contact.family_id).exclude(pk=contact.pk).select_related("child")
    )
    openable = visible_among(request.user, [other.child for other in others])
    return [
        (other, other.child.full_name)
        if other.child_id in openable
        else (None, "Another child, not in your scope")
        for other in others
    ]


def _decide(contact: Contact, user: Any, data: dict[str, Any]) -> None:
    contact_decide(contact=contact, by=user, **data)


def _feedback(contact: Contact, user: Any, data: dict[str, Any]) -> None:
    contact_feedback_record(contact=contact, by=user, **data)


@guard("child.record_work", every_method=True)
def contact_correct(request: AuthenticatedRequest, pk: int, contact_pk: int) -> HttpResponse:
    """Correct what a contact is about; on a family's contact, on every child's."""
    person = access_child(request.user, pk, path=request.path, partners=False)
    contact = get_object_or_404(Contact, pk=contact_pk, child=person)
    form = ConcernForm(request.POST or None, initial={"concern": contact.concern})

    def save(data: dict[str, str]) -> None:
        contact_concern_correct(contact=contact, concern=data["concern"], by=request.user)

    page = reverse("frontdoor:screen", kwargs={"pk": person.pk, "contact_pk": contact.pk})
    if request.method == "POST" and form_posted(
        request, form, save, "What the contact is about is corrected."
    ):
        return redirect(page)
    return record_form_page(
        request,
        person,
        form,
        title="Correct what the contact is about",
        intro="On a contact about several children of a family, the correction shows on each child's contact."
        if contact.family_id
        else "",
        button="Save the correction",
        required=["concern"],
        cancel_url=page,
    )
