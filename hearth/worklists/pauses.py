"""The pages that pause a child's duty with a reason and restart it (issue 14 item 5), and the manager's list."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from hearth.core import clock
from hearth.core.forms import date_field
from hearth.core.http import AuthenticatedRequest
from hearth.core.models import Obligation, ObligationStatus
from hearth.core.policy import guard
from hearth.core.posting import form_posted
from hearth.core.timescales.pauses import REASONS, obligation_pause, obligation_resume
from hearth.core.timescales.rules import rule
from hearth.organisation.models import StaffUser, Team
from hearth.people.access import access_child
from hearth.people.header import record_form_page
from hearth.worklists.selectors import _openable_by


class PauseForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is the clock paused?",
        choices=list(REASONS.items()),
        widget=forms.RadioSelect,
        required=False,
    )
    details = forms.CharField(label="More about the reason", required=False, max_length=300)
    review_on = date_field("When will the pause be reviewed?")


@guard("child.record_work", every_method=True)
def pause(request: AuthenticatedRequest, pk: int, obligation_pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path)
    obligation = get_object_or_404(
        Obligation.objects.select_related("child"),
        pk=obligation_pk,
        child=person,
        status=ObligationStatus.OPEN,
    )
    declared = rule(obligation.rule_id, obligation.start_date)
    if not declared.pausable:
        raise Http404("This duty cannot be paused")
    title = declared.title
    form = PauseForm(request.POST or None)

    def save(data: dict[str, object]) -> None:
        obligation_pause(
            obligation=obligation,
            by=request.user,
            reason=str(data["reason"] or ""),
            details=str(data["details"] or ""),
            review_on=data["review_on"],  # type: ignore[arg-type]
            on=clock.today(),
        )

    if request.method == "POST" and form_posted(request, form, save, f"“{title}” is paused."):
        return redirect("childrecord:child_page", pk=person.pk)
    return record_form_page(
        request,
        person,
        form,
        title=f"Pause “{title}”",
        intro=f"Due {obligation.due_date:%-d %B %Y}. While paused it is not overdue, until its review date; resuming "
        "it moves the due date on by the days it was paused. Your manager sees every pause and its review date.",
        button="Pause the clock",
        required=["reason", "review_on"],
        cancel_url=f"/people/{person.pk}/",
    )


@guard("child.record_work")
def resume(request: AuthenticatedRequest, pk: int, obligation_pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path)
    obligation = get_object_or_404(
        Obligation.objects.select_related("child"),
        pk=obligation_pk,
        child=person,
        status=ObligationStatus.OPEN,
    )
    if request.method != "POST":
        return redirect("childrecord:child_page", pk=person.pk)
    form = forms.Form(request.POST)
    title = rule(obligation.rule_id, obligation.start_date).title

    def save(_: object) -> None:
        obligation_resume(obligation=obligation, by=request.user, on=clock.today())

    form_posted(request, form, save, f"“{title}” is resumed.")
    for error in form.non_field_errors():
        messages.error(request, str(error))
    return redirect("childrecord:child_page", pk=person.pk)


def team_paused(user: StaffUser, teams: list[Team]) -> QuerySet[Obligation]:
    """The team's paused duties, the review due soonest first (the pause's event holds the reason and date)."""
    return (
        Obligation.objects.filter(
            team_id__in=[team.pk for team in teams], status=ObligationStatus.OPEN, paused_on__isnull=False
        )
        .filter(_openable_by(user))
        .select_related("child", "owner", "paused_by")
        .order_by("paused_by__payload__review_on", "pk")
    )


def paused_lines(user: StaffUser, teams: list[Team], today: date) -> list[dict[str, object]]:
    lines = []
    for item in team_paused(user, teams)[:100]:
        payload = item.paused_by.payload if item.paused_by is not None else {}
        review = date.fromisoformat(payload["review_on"]) if payload.get("review_on") else None
        lines.append(
            {
                "obligation": item,
                "title": rule(item.rule_id, item.start_date).title,
                "reason": payload.get("reason", ""),
                "review_on": review,
                "review_due": review is not None and review <= today,
            }
        )
    return lines
