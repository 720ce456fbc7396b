"""One form about a child's record, on its own page under the child's identity bar: the shape the health and
education pages share (a title, what it is about, the form, Save or Cancel back to the section)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from hearth.core.http import AuthenticatedRequest
from hearth.core.posting import form_posted
from hearth.people.header import child_header
from hearth.people.models import Person


def child_form_page(
    request: AuthenticatedRequest,
    person: Person,
    form_class: type[forms.Form],
    save: Callable[[Person, dict[str, Any]], object],
    *,
    section: str,
    back: str,
    title: str,
    done: str,
    initial: dict[str, Any] | None = None,
    about: str = "",
    then: str = "",
) -> HttpResponse:
    """`section` names the identity bar's tab and `back` the section's page (a URL name taking the child's pk);
    after a save the user goes back there (or to `then`)."""
    form = form_class(request.POST or None, initial=initial or {})
    if request.method == "POST" and form_posted(request, form, lambda data: save(person, data), done):
        return redirect(then or reverse(back, args=[person.pk]))
    return render(
        request,
        "people/child_form.html",
        {
            "person": person,
            "summary": child_header(person),
            "form": form,
            "title": title,
            "about": about,
            "section": section,
            "back_url": reverse(back, args=[person.pk]),
            "back_label": section.capitalize(),
        },
    )
