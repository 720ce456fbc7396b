from __future__ import annotations

from django import forms

from hearth.indicators.declarations import INDICATORS
from hearth.indicators.models import BenchmarkKind


class BenchmarkForm(forms.Form):
    indicator = forms.ChoiceField(
        label="Indicator", choices=[("", "Choose an indicator")] + [(i.key, i.title) for i in INDICATORS]
    )
    kind = forms.ChoiceField(label="Figure", choices=BenchmarkKind.choices, widget=forms.RadioSelect)
    # Checked by the service, which names what is wrong with each (benchmark_set).
    value = forms.CharField(
        label="Figure", max_length=12, required=False, help_text="A percentage from 0 to 100, or a rate"
    )
    source = forms.CharField(label="Where it is from", max_length=200, required=False)
    year = forms.CharField(
        label="The year it is for", max_length=20, required=False, help_text="For example, 2024-25"
    )


class FreezeForm(forms.Form):
    month = forms.CharField(label="Month", max_length=7)
    reason = forms.CharField(
        label="Why the figures are corrected (when the month was frozen before)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
