"""Early help facts other apps' pages show without their views knowing about early help."""

from __future__ import annotations

from django import template

from hearth.children_in_need.models import CinEpisode
from hearth.earlyhelp.models import Direction, StepChange

register = template.Library()


@register.simple_tag
def step_down_re_referred(episode: CinEpisode) -> StepChange | None:
    """The step-down whose follow-up period this referral fell in, if any."""
    return StepChange.objects.filter(re_referral=episode, direction=Direction.DOWN).first()


@register.simple_tag
def step_downs_from(episode: CinEpisode) -> list[StepChange]:
    """The step-downs to early help asked from this child in need episode."""
    return list(
        StepChange.objects.filter(cin_episode=episode, direction=Direction.DOWN).select_related("to_service")
    )
