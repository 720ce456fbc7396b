"""The early help record a manager signs off: a step-down or step-up handover (the sending team's manager)."""

from __future__ import annotations

from django.urls import reverse

from hearth.core.dates import long_date
from hearth.earlyhelp.models import Direction, StepChange
from hearth.earlyhelp.step_changes import handover_not_ready, step_change_handover
from hearth.signoff.kinds import SignOffKind, register_kind
from hearth.signoff.services import decision_only

_, _return_handover = decision_only("step_change")

register_kind(
    SignOffKind(
        key="step_change",
        label="Step-down or step-up handover",
        model=StepChange,
        rule_id="step_change.sign_off",
        child_id=lambda step: step.child_id,
        url=lambda step: reverse("earlyhelp:step_change", kwargs={"pk": step.child_id, "step_pk": step.pk}),
        describe=lambda step: (
            f"{'Step-down' if step.direction == Direction.DOWN else 'Step-up'} to {step.to_service.name}, "
            f"asked {long_date(step.requested_on)}"
        ),
        approve=lambda step, by, on, rationale: step_change_handover(
            step=step, handover_on=on, note=rationale, by=by
        ),
        direct_on_panel=False,
        send_back=_return_handover,
        request_problem=handover_not_ready,
        related=("to_service",),
    )
)
