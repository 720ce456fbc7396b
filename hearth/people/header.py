"""The child's header on every page of their record: who they are, their age and the status of the work open
(ADR 15). Two queries, whichever page shows it; the child's page (hearth.childrecord) adds the rest."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hearth.core import clock
from hearth.people.models import Person
from hearth.people.open_work import Badge, LivePlan, badges_and_plans, open_episodes


@dataclass
class ChildHeader:
    person: Person
    age: str
    badges: list[Badge] = field(default_factory=list)
    plans: list[LivePlan] = field(default_factory=list)


def age_text(person: Person, today: date) -> str:
    if person.date_of_birth is None:
        if person.expected_date_of_birth:
            return f"Unborn (expected {person.expected_date_of_birth:%-d %b %Y})"
        return "Age not known"
    end = person.date_of_death or today
    years = (
        end.year
        - person.date_of_birth.year
        - ((end.month, end.day) < (person.date_of_birth.month, person.date_of_birth.day))
    )
    if years < 2:
        months = (
            (end.year - person.date_of_birth.year) * 12
            + end.month
            - person.date_of_birth.month
            - (end.day < person.date_of_birth.day)
        )
        return f"{months} months"
    return f"{years} years"


def child_header(person: Person) -> ChildHeader:
    """Identity, age, status badges and the live plans behind them, read in one query across the domains."""
    badges, plans = badges_and_plans(person.pk, open_episodes(person.pk), restricted=person.is_restricted)
    return ChildHeader(person=person, age=age_text(person, clock.today()), badges=badges, plans=plans)


def record_form_page(
    request: HttpRequest,
    person: Person,
    form: forms.Form,
    *,
    title: str,
    cancel_url: str,
    button: str = "Save",
    required: Iterable[str] = (),
    intro: str = "",
    section: str = "overview",
    before_form: str = "",
    context: dict[str, Any] | None = None,
    template: str = "core/form_page.html",
) -> HttpResponse:
    """One form about a child on its own page, under the child's header (`core/form_page.html`): the page every
    domain's "record a ..." view shows, with the fields the service requires named so they are not "(optional)";
    `before_form` names a template shown above the fields (with `context`), such as what to read before a meeting."""
    return render(
        request,
        template,
        {
            "person": person,
            "summary": child_header(person),
            "form": form,
            "title": title,
            "intro": intro,
            "button": button,
            "required": list(required),
            "cancel_url": cancel_url,
            "section": section,
            "before_form": before_form,
            **(context or {}),
        },
    )
