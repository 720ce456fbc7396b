from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from hearth.childrecord.family import family_of
from hearth.childrecord.selectors import child_summary
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import reads
from hearth.people.access import access_child
from hearth.people.header import child_header


@reads
def child_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path)
    return render(
        request,
        "childrecord/child_page.html",
        {"summary": child_summary(person, partner=request.user.is_partner), "person": person},
    )


@reads
def family_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The family around the child (issue 18): children and adults, status, workers, plans, key events, genogram and
    ecomap. Not for partner agencies: the family's record is children's social care's."""
    person = access_child(request.user, pk, path=request.path, partners=False)
    return render(
        request,
        "childrecord/family.html",
        {
            "family": family_of(request.user, person, request.path),
            "person": person,
            "summary": child_header(person),
        },
    )
