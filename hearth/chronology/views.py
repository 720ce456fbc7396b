from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from hearth.chronology.forms import VIEW_CHOICES, ChronologyFilterForm, ManualEntryForm
from hearth.chronology.pdf import chronology_pdf
from hearth.chronology.selectors import ChronologyFilter, chronology_events
from hearth.chronology.services import chronology_add_entry
from hearth.core.http import AuthenticatedRequest
from hearth.core.models import AccessAction
from hearth.core.policy import guard, reads
from hearth.people.access import access_child
from hearth.people.header import child_header

PRINT_LIMIT = 5000


def _filter(request: AuthenticatedRequest) -> tuple[ChronologyFilterForm, ChronologyFilter]:
    form = ChronologyFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, ChronologyFilter(
            view=data.get("view") or "key",
            types=tuple(data.get("type") or ()),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
    return form, ChronologyFilter()


@reads
def chronology(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path)
    form, chosen = _filter(request)
    events = chronology_events(person.pk, chosen, partner=request.user.is_partner)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "chronology/chronology.html",
        {
            "person": person,
            "summary": child_header(person),
            "form": form,
            "page_obj": page,
            "querystring": query.urlencode(),
            "entry_form": ManualEntryForm(),
            "view_label": dict(VIEW_CHOICES)[chosen.view],
        },
    )


@guard("child.print", every_method=True)
def chronology_print(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access_child(request.user, pk, action=AccessAction.PRINT, path=request.path)
    _, chosen = _filter(request)
    events = list(chronology_events(person.pk, chosen, partner=request.user.is_partner)[:PRINT_LIMIT])
    content = chronology_pdf(person, events, dict(VIEW_CHOICES)[chosen.view], request.user.full_name)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="chronology-{person.person_number}.pdf"'
    return response


@guard("child.record_work", every_method=True)
def chronology_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path)
    form = ManualEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            chronology_add_entry(child=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field, errors)
        else:
            messages.success(request, "Entry added to the chronology.")
            return redirect("chronology:chronology", pk=person.pk)
    return render(
        request,
        "chronology/add_entry.html",
        {"person": person, "summary": child_header(person), "form": form},
    )
