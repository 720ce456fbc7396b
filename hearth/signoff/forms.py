from __future__ import annotations

from django import forms

from hearth.core.forms import date_field, text_field


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve"), ("return", "Return to the worker")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you approve it or return it to the worker."},
    )
    decided_on = date_field("Date of the decision")
    rationale = text_field(
        "Rationale, or what must change",
        5,
        "Approving: why. Returning: what the worker must change, and why.",
    )


class RequestForm(forms.Form):
    note = text_field("Note for the manager (optional)", 3)
