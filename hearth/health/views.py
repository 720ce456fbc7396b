"""The child's health record and its forms: thin views over hearth.health.services (STYLE.md convention 1)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from hearth.core import clock, policy
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard, reads
from hearth.health import forms as health_forms
from hearth.health.models import HealthAction
from hearth.health.services import (
    health_action_add,
    health_action_done,
    health_assessment_record,
    health_check_record,
    health_picture,
    missed_appointment_record,
    sdq_record,
    substance_misuse_record,
)
from hearth.people.header import child_header
from hearth.people.models import Person
from hearth.people.record_forms import child_form_page, child_form_view, section_opener

RECORD = "health.record"


_child = section_opener("health.read")


@reads
def record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _child(request, pk)
    return render(
        request,
        "health/record.html",
        {
            "person": person,
            "summary": child_header(person),
            "picture": health_picture(person),
            "may_record": policy.allowed(request.user, RECORD, person, read=True),
        },
    )


def _form_page(
    request: AuthenticatedRequest,
    person: Person,
    form_class: type[forms.Form],
    save: Callable[[Person, dict[str, Any]], object],
    **page: Any,
) -> HttpResponse:
    return child_form_page(request, person, form_class, save, section="health", back="health:record", **page)


def _form(
    form_class: type[forms.Form], service: Callable[..., object], title: str, done: str, dated: str = ""
) -> Any:
    return child_form_view(
        action=RECORD,
        opener=_child,
        form_class=form_class,
        service=service,
        section="health",
        back="health:record",
        title=title,
        done=done,
        dated=dated,
    )


assessment_new = _form(
    health_forms.AssessmentForm,
    health_assessment_record,
    "Record a health assessment",
    "Health assessment recorded.",
    "assessed_on",
)
check_new = _form(
    health_forms.CheckForm,
    health_check_record,
    "Record a check or immunisations",
    "Check recorded.",
    "checked_on",
)
sdq_new = _form(
    health_forms.SdqForm,
    sdq_record,
    "Record a strengths and difficulties questionnaire",
    "Questionnaire recorded.",
    "completed_on",
)
substance_new = _form(
    health_forms.SubstanceForm,
    substance_misuse_record,
    "Record substance misuse",
    "Substance misuse recorded.",
    "identified_on",
)
action_new = _form(
    health_forms.ActionForm,
    health_action_add,
    "Add an action to the health action plan",
    "Action added to the health action plan.",
)
missed_new = _form(
    health_forms.MissedForm,
    missed_appointment_record,
    "Record a missed appointment",
    "Missed appointment recorded.",
    "missed_on",
)


@guard(RECORD, every_method=True)
def action_done(request: AuthenticatedRequest, pk: int, action_pk: int) -> HttpResponse:
    person = _child(request, pk)  # opened (and the read logged) before the action is looked for
    action = get_object_or_404(HealthAction.objects.select_related("child"), child=person, pk=action_pk)
    return _form_page(
        request,
        person,
        health_forms.ActionDoneForm,
        lambda person, data: health_action_done(action=action, values=data, by=request.user),
        title="Record an action done",
        done="Action recorded as done.",
        initial={"done_on": clock.today()},
        about=f"{action.action} ({action.who}, due by {action.due_on:%-d %b %Y})",
    )
