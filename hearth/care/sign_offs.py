"""The care record a manager signs off: the decision to accommodate (issue 16 item 1)."""

from __future__ import annotations

from django.urls import reverse

from hearth.care.models import CarePeriod
from hearth.core.dates import long_date
from hearth.signoff.kinds import SignOffKind, register_kind
from hearth.signoff.services import decision_only

_approve, _return = decision_only("care_decision")

register_kind(
    SignOffKind(
        key="care_decision",
        label="Decision to accommodate",
        model=CarePeriod,
        rule_id="care_decision.sign_off",
        child_id=lambda period: period.child_id,
        url=lambda period: reverse("care:care", kwargs={"pk": period.child_id}),
        describe=lambda period: (
            f"Decision to accommodate from {long_date(period.start_date)} ({period.get_basis_display().lower()})"
        ),
        approve=_approve,
        send_back=_return,
    )
)
