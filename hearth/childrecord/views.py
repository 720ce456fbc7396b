from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hearth.childrecord.selectors import child_summary
from hearth.people.access import access_child


def child_page(request: HttpRequest, pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path)  # type: ignore[arg-type]
    return render(request, "childrecord/child_page.html", {"summary": child_summary(person), "person": person})
