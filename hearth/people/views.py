from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from hearth.core import policy
from hearth.core.http import AuthenticatedRequest
from hearth.core.models import AccessLog, Obligation, ObligationStatus
from hearth.core.policy import guard, reads
from hearth.core.rows import planned_for_their_values
from hearth.organisation.selectors import allocation_history
from hearth.people.access import (
    access_child,
    emergency_access_grant,
    may_open,
    reachable_ids,
    reachable_statement,
    visible_among,
    visible_people,
)
from hearth.people.forms import EmergencyAccessForm, PersonForm, SearchForm
from hearth.people.header import child_header
from hearth.people.models import HouseholdMembership
from hearth.people.search import parse_query, person_search
from hearth.people.services import person_create, person_possible_duplicates, person_validate


def _apply_errors(form: PersonForm | EmergencyAccessForm, error: ValidationError) -> None:
    for field, messages_for_field in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_for_field)


@reads
def search(request: AuthenticatedRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = None
    problem = ""
    if form.is_valid() and form.cleaned_data["q"]:
        query = parse_query(form.cleaned_data["q"])
        problem = query.problem
        if not problem:
            user = request.user
            with planned_for_their_values():
                results = person_search(
                    query,
                    lambda: visible_people(user),
                    among=lambda people: visible_among(user, people),
                    reachable=lambda: reachable_ids(user),
                    reached=lambda: reachable_statement(user),
                )
    return render(request, "people/search.html", {"form": form, "results": results, "problem": problem})


@guard("person.create", every_method=True)
def create(request: AuthenticatedRequest) -> HttpResponse:
    form = PersonForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        values = form.person_values()
        try:
            clean = person_validate(values)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            duplicates = person_possible_duplicates(
                forename=clean["forename"],
                surname=clean["surname"],
                date_of_birth=clean.get("date_of_birth"),
                nhs_number=clean.get("nhs_number", ""),
            )
            seen = [d for d in duplicates if may_open(request.user, d.person)]
            if seen and not form.cleaned_data["confirm_not_duplicate"]:
                form.add_error(
                    "confirm_not_duplicate",
                    "This may be someone already recorded: check the possible matches, then confirm this is a different person.",
                )
            else:
                unseen = [d.person for d in duplicates if d not in seen]
                person = person_create(values=clean, by=request.user, unseen_matches=unseen)
                messages.success(request, f"Record created for {person.full_name} ({person.person_number}).")
                return redirect("childrecord:child_page", pk=person.pk)
    # Only matches this user may open are shown: whether records they cannot open exist is not theirs to learn.
    visible_duplicates = [d for d in duplicates if may_open(request.user, d.person)]
    return render(request, "people/create.html", {"form": form, "duplicates": visible_duplicates})


@reads
def details(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path)
    context = {
        "person": person,
        "summary": child_header(person),
        "other_names": person.other_names.all(),
        "addresses": person.addresses.order_by("-start_date"),
        "disabilities": person.disabilities.all(),
        "immigration": person.immigration_statuses.order_by("-start_date"),
        "identifiers": person.identifiers.all(),
        "household": HouseholdMembership.objects.filter(
            household_id__in=person.household_memberships.values("household_id")
        )
        .select_related("person")
        .order_by("end_date", "start_date"),
        "allocations": allocation_history(person.pk),
        "can_merge": policy.allowed(request.user, "person.merge", person, read=True),
        "duplicate_check_waiting": policy.allowed(request.user, "person.merge", person, read=True)
        and Obligation.objects.filter(
            child=person, rule_id="person.duplicate_check", status=ObligationStatus.OPEN
        ).exists(),
        "can_restrict": policy.allowed(request.user, "person.restrict", person, read=True),
    }
    return render(request, "people/details.html", context)


@guard("person.viewers", every_method=True)
def viewers(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path)
    rows = AccessLog.objects.filter(child=person).select_related("user").order_by("-at")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request, "people/viewers.html", {"person": person, "summary": child_header(person), "page_obj": page}
    )


@guard("emergency.open", every_method=True)
def emergency_access(request: AuthenticatedRequest) -> HttpResponse:
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = emergency_access_grant(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, "Emergency access granted for 24 hours. Your reason has been recorded and reported."
            )
            return redirect("childrecord:child_page", pk=person.pk)
    return render(request, "people/emergency_access.html", {"form": form})


@guard("emergency.report", every_method=True)
def emergency_access_report(request: AuthenticatedRequest) -> HttpResponse:
    from hearth.core.models import EmergencyAccess

    rows = EmergencyAccess.objects.select_related("user", "child").order_by("-granted_at")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "people/emergency_access_report.html", {"page_obj": page})
