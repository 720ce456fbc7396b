from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from hearth.core import clock
from hearth.core.http import AuthenticatedRequest
from hearth.organisation.forms import AllocationForm
from hearth.organisation.roles import Role
from hearth.organisation.services import allocation_change
from hearth.people.access import access_child
from hearth.people.header import child_header

ALLOCATING_ROLES = frozenset(
    {Role.ASSISTANT_TEAM_MANAGER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.FRONT_DOOR}
)


def allocate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path)
    if request.user.role not in ALLOCATING_ROLES:
        raise PermissionDenied
    form = AllocationForm(
        request.POST or None, initial={"start_date": clock.today(), "team": request.user.team_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            allocation_change(child_id=person.pk, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"{person.full_name} allocated to {form.cleaned_data['worker']}.")
            return redirect("people:details", pk=person.pk)
    return render(
        request,
        "people/edit_form.html",
        {
            "person": person,
            "summary": child_header(person),
            "form": form,
            "title": "Allocate or transfer",
        },
    )
