"""Early help services, in one place to find: episodes (episodes.py) and the step-up / step-down protocol
(step_changes.py)."""

from hearth.earlyhelp.episodes import (
    early_help_assess,
    early_help_end,
    early_help_start,
    open_early_help,
)
from hearth.earlyhelp.step_changes import (
    handover_problem,
    receiving_problem,
    step_change_accept,
    step_change_decline,
    step_change_handover,
    step_down_follow_up,
    step_down_request,
    step_up_request,
)

__all__ = [
    "early_help_assess",
    "early_help_end",
    "early_help_start",
    "handover_problem",
    "open_early_help",
    "receiving_problem",
    "step_change_accept",
    "step_change_decline",
    "step_change_handover",
    "step_down_follow_up",
    "step_down_request",
    "step_up_request",
]
