from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from hearth.core import clock
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import guard, reads
from hearth.core.posting import form_posted
from hearth.missing.forms import EpisodeForm, InterviewForm, ReturnForm, ScreeningForm
from hearth.missing.models import ExploitationScreening, MissingEpisode
from hearth.missing.services import (
    exploitation_screening_record,
    missing_episode_end,
    missing_episode_record,
    missing_picture,
    repeat_window,
    return_interview_record,
)
from hearth.people.access import access_child
from hearth.people.header import child_header
from hearth.people.models import Person


def _child(request: AuthenticatedRequest, pk: int) -> Person:
    """The child's record for missing episodes: partner agencies read none of them."""
    return access_child(request.user, pk, path=request.path, partners=False)


@reads
def episodes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _child(request, pk)
    needed, since = repeat_window(clock.today())
    return render(
        request,
        "missing/episodes.html",
        {
            "person": person,
            "summary": child_header(person),
            "picture": missing_picture(person),
            "repeat_needed": needed,
            "repeat_since": since,
            "episodes": list(
                MissingEpisode.objects.filter(child=person)
                .select_related("recorded_by")
                .order_by("-started_on", "-pk")
            ),
            "screenings": list(
                ExploitationScreening.objects.filter(child=person)
                .select_related("recorded_by")
                .order_by("-screened_on", "-pk")
            ),
        },
    )


def _form_page(
    request: AuthenticatedRequest,
    person: Person,
    form_class: type[forms.Form],
    save: Callable[[Person, dict[str, Any]], object],
    *,
    title: str,
    done: str,
    initial: dict[str, Any] | None = None,
    episode: MissingEpisode | None = None,
) -> HttpResponse:
    form = form_class(request.POST or None, initial=initial or {})
    if request.method == "POST" and form_posted(request, form, lambda data: save(person, data), done):
        return redirect("missing:episodes", pk=person.pk)
    return render(
        request,
        "missing/form.html",
        {"person": person, "summary": child_header(person), "form": form, "title": title, "episode": episode},
    )


@guard("missing.record", every_method=True)
def episode_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        _child(request, pk),
        EpisodeForm,
        lambda person, data: missing_episode_record(child=person, values=data, by=request.user),
        title="Record a missing episode",
        done="Missing episode recorded.",
        initial={"started_on": clock.today()},
    )


def _episode(person: Person, episode_pk: int) -> MissingEpisode:
    return get_object_or_404(MissingEpisode.objects.select_related("child"), child=person, pk=episode_pk)


def _episode_form(
    request: AuthenticatedRequest,
    pk: int,
    episode_pk: int,
    form_class: type[forms.Form],
    save: Callable[[MissingEpisode, dict[str, Any]], object],
    **page: Any,
) -> HttpResponse:
    """A form about one of the child's episodes: the child opened (and the read logged) before it is looked for."""
    person = _child(request, pk)
    episode = _episode(person, episode_pk)
    return _form_page(
        request, person, form_class, lambda person, data: save(episode, data), episode=episode, **page
    )


@guard("missing.record", every_method=True)
def episode_return(request: AuthenticatedRequest, pk: int, episode_pk: int) -> HttpResponse:
    return _episode_form(
        request,
        pk,
        episode_pk,
        ReturnForm,
        lambda episode, data: missing_episode_end(episode=episode, values=data, by=request.user),
        title="Record the child's return",
        done="Return recorded. If the child was missing, a return interview is due within 72 hours.",
        initial={"ended_on": clock.today()},
    )


@guard("missing.record", every_method=True)
def interview(request: AuthenticatedRequest, pk: int, episode_pk: int) -> HttpResponse:
    return _episode_form(
        request,
        pk,
        episode_pk,
        InterviewForm,
        lambda episode, data: return_interview_record(episode=episode, values=data, by=request.user),
        title="Record the return interview",
        done="Return interview recorded.",
    )


@guard("missing.record", every_method=True)
def screening_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        _child(request, pk),
        ScreeningForm,
        lambda person, data: exploitation_screening_record(child=person, values=data, by=request.user),
        title="Record an exploitation screening",
        done="Exploitation screening recorded.",
        initial={"screened_on": clock.today()},
    )
