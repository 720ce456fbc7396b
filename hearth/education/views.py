"""The child's education record, its forms and the personal education plan: thin views over
hearth.education.services (STYLE.md convention 1)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hearth.core import clock, policy
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard, reads
from hearth.core.posting import form_posted
from hearth.education import forms as education_forms
from hearth.education.models import Pep
from hearth.education.services import (
    EDUCATION_SECTIONS,
    attainment_record,
    attendance_record,
    education_picture,
    exclusion_record,
    pep_sign_off,
    pep_start,
    pep_update,
    school_start,
    sen_record,
)
from hearth.people.header import child_header
from hearth.people.models import Person
from hearth.people.record_forms import child_form_page, child_form_view, section_opener

RECORD = "education.record"


_child = section_opener("education.read")


@reads
def record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _child(request, pk)
    return render(
        request,
        "education/record.html",
        {
            "person": person,
            "summary": child_header(person),
            "picture": education_picture(person),
            "may_record": policy.allowed(request.user, RECORD, person, read=True),
        },
    )


def _form(form_class: type[forms.Form], service: Callable[..., object], title: str, done: str) -> Any:
    return child_form_view(
        action=RECORD,
        opener=_child,
        form_class=form_class,
        service=service,
        section="education",
        back="education:record",
        title=title,
        done=done,
    )


school_new = _form(education_forms.SchoolForm, school_start, "Record a new school", "School recorded.")
attendance_new = _form(
    education_forms.AttendanceForm, attendance_record, "Record attendance", "Attendance recorded."
)
exclusion_new = _form(
    education_forms.ExclusionForm, exclusion_record, "Record a suspension or exclusion", "Exclusion recorded."
)
sen_new = _form(
    education_forms.SenForm,
    sen_record,
    "Record special educational needs",
    "Special educational needs recorded.",
)
attainment_new = _form(
    education_forms.AttainmentForm, attainment_record, "Record attainment", "Attainment recorded."
)


@guard(RECORD, every_method=True)
def pep_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return child_form_page(
        request,
        _child(request, pk),
        education_forms.PepStartForm,
        lambda person, data: pep_start(child=person, values=data, by=request.user),
        section="education",
        back="education:record",
        title="Start a personal education plan",
        done="Personal education plan started: write its sections.",
        initial={"started_on": clock.today()},
        then=lambda pep: reverse("education:pep", args=[pk, pep.pk]),
    )


def _pep(person: Person, pep_pk: int) -> Pep:
    return get_object_or_404(Pep.objects.select_related("child", "school"), child=person, pk=pep_pk)


@guard(RECORD)
def pep_page(request: AuthenticatedRequest, pk: int, pep_pk: int) -> HttpResponse:
    """A version of the plan: read, and while a draft, its sections written (a partner the education sections)."""
    person = _child(request, pk)
    pep = _pep(person, pep_pk)
    form = education_forms.PepSectionsForm(request.POST or None, initial=vars(pep))
    if request.user.is_partner:
        for name in list(form.fields):
            if name not in EDUCATION_SECTIONS:
                del form.fields[name]
    if request.method == "POST" and form_posted(
        request, form, lambda data: pep_update(pep=pep, values=data, by=request.user), "Plan saved."
    ):
        return redirect("education:pep", pk=person.pk, pep_pk=pep.pk)
    return render(
        request,
        "education/pep.html",
        {
            "person": person,
            "summary": child_header(person),
            "pep": pep,
            "form": form,
            "may_record": policy.allowed(request.user, RECORD, person, read=True),
            "may_sign_off": policy.allowed(request.user, "education.pep_sign_off", person, read=True),
        },
    )


@guard("education.pep_sign_off", every_method=True)
def pep_sign_off_page(request: AuthenticatedRequest, pk: int, pep_pk: int) -> HttpResponse:
    person = _child(request, pk)
    pep = _pep(person, pep_pk)
    return child_form_page(
        request,
        person,
        education_forms.PepSignOffForm,
        lambda person, data: pep_sign_off(pep=pep, values=data, by=request.user),
        section="education",
        back="education:record",
        title=f"Sign off the personal education plan (version {pep.version})",
        done="Personal education plan signed off: it is now locked.",
        initial={"meeting_on": clock.today()},
        about="Once signed off, the plan is locked: a correction, or next term's review, is a new version.",
    )
