"""A person's notifications: what happened, to which child (when they may still open the record), and a link to
act; marking them read; choosing per kind how news reaches them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard, reads
from hearth.core.posting import apply_errors
from hearth.notifications.kinds import notification_kind, notification_kinds
from hearth.notifications.models import Delivery, Notification
from hearth.notifications.services import delivery_for, notifications_read, preferences_save
from hearth.people.access import visible_among
from hearth.people.models import Person

SHOWN = 100


@reads
def notifications(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    found = list(Notification.objects.filter(recipient=user).order_by("-created_at")[:SHOWN])
    people = Person.objects.in_bulk({n.child_id for n in found if n.child_id})
    openable = visible_among(user, list(people.values()))
    for notification in found:
        kind = notification_kind(notification.kind)
        notification.label = kind.label if kind else notification.kind  # type: ignore[attr-defined]
        child = people.get(notification.child_id) if notification.child_id else None
        still_open = child is not None and child.pk in openable
        notification.child_name = child.full_name if still_open and child else ""  # type: ignore[attr-defined]
        if notification.child_id and not still_open:
            notification.text = ""  # what happened is the child's record's: not shown once it is not theirs
    refused = next((n.email_error for n in found if n.email_error), "")
    return render(
        request,
        "notifications/notifications.html",
        {
            "notifications": found,
            "unread": sum(1 for n in found if n.read_at is None),
            "email_problem": refused,
        },
    )


@guard("notifications.own")
def notification_open(request: AuthenticatedRequest, notification_pk: int) -> HttpResponse:
    """Mark one read and go where it says to act."""
    notification = Notification.objects.filter(pk=notification_pk, recipient=request.user).first()
    if notification is None:
        raise Http404("No such notification")
    notifications_read(user=request.user, ids=[notification.pk])
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:notifications")


@guard("notifications.own")
def read_all(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "POST":
        count = notifications_read(user=request.user)
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("notifications:notifications")


class PreferencesForm(forms.Form):
    def __init__(self, *args: object, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for kind in notification_kinds():
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                initial=delivery_for(user, kind.code),  # type: ignore[arg-type]
                required=False,
            )


@guard("notifications.own")
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    form = PreferencesForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            preferences_save(
                user=request.user, choices={code: value for code, value in form.cleaned_data.items() if value}
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Your choices are saved.")
            return redirect("notifications:notifications")
    return render(request, "notifications/preferences.html", {"form": form})
