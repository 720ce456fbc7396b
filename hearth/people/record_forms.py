"""One form about a child's record and its one service, on its own page under the child's identity bar (the
health and education pages): the form posted to the service, then back to the section's page. A form class names the
fields its service requires in `required`, so their labels do not say "(optional)"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from hearth.core import clock, policy
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard
from hearth.core.posting import form_posted
from hearth.people.access import access_child
from hearth.people.header import record_form_page
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
    then: Callable[[Any], str] | None = None,
) -> HttpResponse:
    """`section` names the identity bar's tab and `back` the section's page (a URL name taking the child's pk);
    after a save the user goes back there, or where `then` says for what was saved."""
    form = form_class(request.POST or None, initial=initial or {})
    saved: list[object] = []
    if request.method == "POST" and form_posted(
        request, form, lambda data: saved.append(save(person, data)), done
    ):
        return redirect(then(saved[0]) if then is not None else reverse(back, args=[person.pk]))
    intro = about
    if request.user.is_partner:
        intro += (
            f"{' ' if intro else ''}You are recording for {request.user.partner_organisation or 'your agency'}: "
            "the child's social worker will see it on their list."
        )
    return record_form_page(
        request,
        person,
        form,
        title=title,
        cancel_url=reverse(back, args=[person.pk]),
        required=getattr(form_class, "required", ()),
        intro=intro,
        section=section,
    )


def child_form_view(
    *,
    action: str,
    opener: Callable[[AuthenticatedRequest, int], Person],
    form_class: type[forms.Form],
    service: Callable[..., object],
    section: str,
    back: str,
    title: str,
    done: str,
    dated: str = "",
) -> Callable[..., HttpResponseBase]:
    """A page for one form about a child whose service is `service(child=, values=, by=)`, guarded by `action`; the
    child opened by `opener` (which logs the read); `dated` names a date field that starts as today."""

    @guard(action, every_method=True)
    def view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
        return child_form_page(
            request,
            opener(request, pk),
            form_class,
            lambda person, data: service(child=person, values=data, by=request.user),
            section=section,
            back=back,
            title=title,
            done=done,
            initial={dated: clock.today()} if dated else None,
        )

    return view


def section_opener(read_action: str) -> Callable[[AuthenticatedRequest, int], Person]:
    """How a section of the record (health, education) opens the child: opened and the read logged as any record,
    then the section's own read policy (a partner of another kind is told what they may not see)."""

    def opener(request: AuthenticatedRequest, pk: int) -> Person:
        person = access_child(request.user, pk, path=request.path)
        policy.require(request.user, read_action, person, path=request.path, read=True)
        return person

    return opener
