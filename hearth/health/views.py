"""The child's health record and its forms: thin views over hearth.health.services (STYLE.md convention 1)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from hearth.core import clock, policy
from hearth.core.calendar import add_calendar_months
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
from hearth.people.access import access_child
from hearth.people.header import child_header
from hearth.people.models import Person
from hearth.people.record_forms import child_form_page

RECORD = "health.record"


def _child(request: AuthenticatedRequest, pk: int) -> Person:
    """The child's record for their health: staff who may read the child's work, and health partners in the
    child's network (other partners are told what they may not see)."""
    person = access_child(request.user, pk, path=request.path)
    policy.require(request.user, "health.read", person, path=request.path, read=True)
    return person


@reads
def record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _child(request, pk)
    today = clock.today()
    return render(
        request,
        "health/record.html",
        {
            "person": person,
            "summary": child_header(person),
            "picture": health_picture(person),
            "year_ago": add_calendar_months(today, -12),
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


@guard(RECORD, every_method=True)
def assessment_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        _child(request, pk),
        health_forms.AssessmentForm,
        lambda person, data: health_assessment_record(child=person, values=data, by=request.user),
        title="Record a health assessment",
        done="Health assessment recorded.",
        initial={"assessed_on": clock.today()},
    )


@guard(RECORD, every_method=True)
def check_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        _child(request, pk),
        health_forms.CheckForm,
        lambda person, data: health_check_record(child=person, values=data, by=request.user),
        title="Record a check or immunisations",
        done="Check recorded.",
        initial={"checked_on": clock.today(), "kind": request.GET.get("kind", "")},
    )


@guard(RECORD, every_method=True)
def sdq_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        _child(request, pk),
        health_forms.SdqForm,
        lambda person, data: sdq_record(child=person, values=data, by=request.user),
        title="Record a strengths and difficulties questionnaire",
        done="Questionnaire recorded.",
        initial={"completed_on": clock.today()},
    )


@guard(RECORD, every_method=True)
def substance_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        _child(request, pk),
        health_forms.SubstanceForm,
        lambda person, data: substance_misuse_record(child=person, values=data, by=request.user),
        title="Record substance misuse",
        done="Substance misuse recorded.",
        initial={"identified_on": clock.today()},
    )


@guard(RECORD, every_method=True)
def action_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        _child(request, pk),
        health_forms.ActionForm,
        lambda person, data: health_action_add(child=person, values=data, by=request.user),
        title="Add an action to the health action plan",
        done="Action added to the health action plan.",
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


@guard(RECORD, every_method=True)
def missed_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        _child(request, pk),
        health_forms.MissedForm,
        lambda person, data: missed_appointment_record(child=person, values=data, by=request.user),
        title="Record a missed appointment",
        done="Missed appointment recorded.",
        initial={"missed_on": clock.today()},
    )
