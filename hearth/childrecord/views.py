from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from hearth.childrecord.selectors import child_summary
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import reads
from hearth.people.access import access_child


@reads
def child_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path)
    return render(
        request,
        "childrecord/child_page.html",
        {"summary": child_summary(person, partner=request.user.is_partner), "person": person},
    )
