from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from hearth.childrecord.selectors import child_summary
from hearth.children_in_need.models import CinEpisode
from hearth.children_in_need.services import ReferralDecision, referral_decide, referrals_in_year_before
from hearth.core.http import AuthenticatedRequest
from hearth.core.models import Event
from hearth.organisation.roles import SCREENING_ROLES
from hearth.people.access import access_child
from hearth.people.record_views import apply_errors


class ReferralDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", choices=ReferralDecision.choices, widget=forms.RadioSelect, required=False
    )
    decided_on = forms.DateField(
        label="Date of the decision", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )


def referral(request: AuthenticatedRequest, pk: int, episode_pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path)
    episode = get_object_or_404(CinEpisode, pk=episode_pk, child=person)
    form = ReferralDecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST":
        if request.user.role not in SCREENING_ROLES:
            raise PermissionDenied
        if form.is_valid():
            try:
                referral_decide(episode=episode, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "Decision recorded.")
                return redirect("children_in_need:referral", pk=person.pk, episode_pk=episode.pk)
    decided = (
        Event.objects.filter(
            type="referral.decided", record_type="children_in_need.cinepisode", record_id=episode.pk
        )
        .order_by("-occurred_on")
        .first()
    )
    return render(
        request,
        "children_in_need/referral.html",
        {
            "person": person,
            "summary": child_summary(person),
            "episode": episode,
            "form": form,
            "decided": decided,
            "earlier": referrals_in_year_before(episode),
            "can_decide": request.user.role in SCREENING_ROLES,
        },
    )
