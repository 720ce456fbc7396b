"""The police domestic abuse notification queue: for the front door (its workers and the managers of its team)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Min, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from hearth.core import clock
from hearth.core.audit import audit_reads
from hearth.core.http import AuthenticatedRequest
from hearth.core.models import AccessAction, Obligation, ObligationStatus
from hearth.core.policy import guard
from hearth.core.posting import apply_errors
from hearth.frontdoor.models import DomesticAbuseNotification, DomesticAbuseNotificationDecision, RiskLevel
from hearth.frontdoor.notifications import earlier_notifications, notification_record, notification_screen
from hearth.people.access import may_open, visible_people
from hearth.people.models import Person, RecordKind

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class NotificationForm(forms.Form):
    police_reference = forms.CharField(label="Police reference", max_length=40, required=False)
    incident_on = forms.DateField(label="Date of the incident", required=False, input_formats=DATE_FORMATS)
    received_on = forms.DateField(label="Date received", required=False, input_formats=DATE_FORMATS)
    risk_level = forms.ChoiceField(
        label="Risk level (DASH)", choices=RiskLevel.choices, widget=forms.RadioSelect, required=False
    )
    summary = forms.CharField(
        label="What happened", widget=forms.Textarea(attrs={"rows": 4}), max_length=500, required=False
    )
    children = forms.CharField(
        label="IDs of the children in the household",
        help_text="Separate IDs with commas, for example C0000042, C0000043",
        required=False,
    )


class ScreeningForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=DomesticAbuseNotificationDecision.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reason = forms.CharField(
        label="Reason for the decision", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    decided_on = forms.DateField(label="Date of the decision", required=False, input_formats=DATE_FORMATS)
    marac_referred_on = forms.DateField(
        label="Date of the MARAC referral (high risk)", required=False, input_formats=DATE_FORMATS
    )


@guard("notifications.screen", every_method=True)
def queue(request: AuthenticatedRequest) -> HttpResponse:
    waiting = list(
        DomesticAbuseNotification.objects.filter(decision="")
        .prefetch_related("children")
        .order_by("received_on", "pk")[:200]
    )
    # Each child's screening clock was started by the notification's event: the earliest due is the notification's.
    due = dict(
        Obligation.objects.filter(
            rule_id="da_notification.screening",
            status=ObligationStatus.OPEN,
            started_by__record_type=DomesticAbuseNotification._meta.label_lower,
            started_by__record_id__in=[n.pk for n in waiting],
        )
        .values_list("started_by__record_id")
        .annotate(due=Min("due_date"))
    )
    today = clock.today()
    rows = [(n, due.get(n.pk), bool(due.get(n.pk) and due[n.pk] < today)) for n in waiting]
    return render(request, "frontdoor/notifications.html", {"rows": rows})


@guard("notifications.screen", every_method=True)
def new(request: AuthenticatedRequest) -> HttpResponse:
    form = NotificationForm(request.POST or None, initial={"received_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        numbers = [n.strip().upper() for n in data.pop("children").split(",") if n.strip()]
        # Children this person may open, and restricted ones (a police notification about a restricted child must
        # reach the people named on the record: the front door sees only its ID, as the police gave it); any other
        # record is "no such ID", as a missing one is.
        children = list(
            Person.objects.filter(person_number__in=numbers, kind=RecordKind.CHILD, merged_into=None).filter(
                Q(pk__in=visible_people(request.user).values("pk")) | Q(is_restricted=True)
            )
        )
        missing = set(numbers) - {child.person_number for child in children}
        try:
            if missing:
                raise ValidationError(
                    {"children": f"No child's record has the ID {', '.join(sorted(missing))}."}
                )
            notification = notification_record(children=children, by=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Notification recorded.")
            return redirect("frontdoor:notification", notification_pk=notification.pk)
    return render(request, "frontdoor/notification_form.html", {"form": form})


@guard("notifications.screen", every_method=True)
def detail(request: AuthenticatedRequest, notification_pk: int) -> HttpResponse:
    notification = get_object_or_404(DomesticAbuseNotification, pk=notification_pk)
    children = list(notification.children.all())
    audit_reads(
        user=request.user, child_ids=[c.pk for c in children], action=AccessAction.VIEW, path=request.path
    )
    form = ScreeningForm(request.POST or None, initial={"decided_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            notification_screen(notification=notification, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Screening decision recorded.")
            return redirect("frontdoor:notification", notification_pk=notification.pk)
    return render(
        request,
        "frontdoor/notification.html",
        {
            "notification": notification,
            # A child whose record this user may not open (a restricted record) is shown by ID only, as the
            # child's page would not show them either (issue 13).
            "children": [(child, may_open(request.user, child)) for child in children],
            "form": form,
            "earlier": earlier_notifications(notification),
        },
    )
