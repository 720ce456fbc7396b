"""Supervision pages: the manager's list of supervision due, recording a supervision, a worker's history, and
marking an action done from the child's record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hearth.core import clock, policy
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard, reads, within
from hearth.core.posting import apply_errors
from hearth.organisation.models import StaffUser
from hearth.people.access import access_child
from hearth.people.header import child_header
from hearth.supervision.forms import ChooseWorkerForm, SupervisionForm
from hearth.supervision.selectors import (
    action_for_child,
    managed_workers,
    manages,
    open_actions_owned_by,
    staff_choices,
    supervision_due,
    supervision_due_lines,
    supervision_history,
    worker_caseload,
)
from hearth.supervision.services import (
    action_done_problem,
    supervision_action_done,
    supervision_record,
)


@reads
def due_list(request: AuthenticatedRequest) -> HttpResponse:
    """Supervision due for the workers this user supervises, and the actions from supervision they own."""
    lines = supervision_due_lines(request.user, clock.today())
    return render(
        request,
        "supervision/due.html",
        {"lines": lines, "actions": open_actions_owned_by(request.user), "today": clock.today()},
    )


@within("supervision.record")
def record(request: AuthenticatedRequest) -> HttpResponse:
    workers = list(managed_workers(request.user))
    chosen = request.POST.get("worker") if request.method == "POST" else request.GET.get("worker")
    worker = None
    if chosen and chosen.isdigit():
        worker = StaffUser.objects.select_related("team").filter(pk=int(chosen)).first()
        if worker is None:
            raise Http404("No such worker")
    refused = ""
    if worker is not None and (problem := policy.refusal(request.user, "supervision.record", worker)):
        # A plain refusal, and none of the form: its list of every member of staff is not theirs to see.
        refused, worker = problem, None
    if worker is None:  # first, which worker
        choose = ChooseWorkerForm(workers=workers)
        return render(
            request,
            "supervision/choose_worker.html",
            {"form": choose, "workers": workers, "refused": refused},
            status=403 if refused else 200,
        )
    children = list(worker_caseload(worker, request.user))
    form = SupervisionForm(
        request.POST or None,
        initial={"worker": worker.pk, "held_on": clock.today()},
        children=children,
        staff=staff_choices(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            supervision_record(
                manager=request.user,
                worker=worker,
                held_on=form.cleaned_data["held_on"],
                reflective_discussion=form.cleaned_data["reflective_discussion"],
                wellbeing=form.cleaned_data["wellbeing"],
                children=form.discussed(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Supervision of {worker} recorded.")
            return redirect("supervision:history", worker_id=worker.pk)
    return render(
        request,
        "supervision/record.html",
        {"form": form, "worker": worker, "rows": form.rows(), "has_caseload": bool(children)},
    )


@reads
def history(request: AuthenticatedRequest, worker_id: int) -> HttpResponse:
    """The worker's supervision record: for the worker and the managers who supervise them only."""
    worker = get_object_or_404(StaffUser.objects.select_related("team"), pk=worker_id)
    if request.user.pk != worker.pk and not manages(request.user, worker):
        raise Http404("No such worker")
    return render(
        request,
        "supervision/history.html",
        {
            "worker": worker,
            "supervisions": supervision_history(worker),
            "due": supervision_due(worker, clock.today()),
            "is_manager": request.user.pk != worker.pk,
        },
    )


@guard("child.record_work")
def action_done(request: AuthenticatedRequest, pk: int, action_id: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path)
    action = action_for_child(person.pk, action_id)
    if action is None:
        raise Http404("No such action")
    problem = action_done_problem(action, request.user)
    if request.method == "POST" and problem is None:
        try:
            supervision_action_done(action=action, by=request.user, on=clock.today())
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(request, "Action marked done.")
            return redirect(reverse("childrecord:child_page", kwargs={"pk": person.pk}))
    return render(
        request,
        "supervision/action_done.html",
        {"person": person, "summary": child_header(person), "action": action, "problem": problem},
    )
