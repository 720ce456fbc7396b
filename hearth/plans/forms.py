from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from hearth.core.forms import text_field
from hearth.plans.models import PlanOutcome, Progress, ReviewKind

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class OutcomeForm(forms.Form):
    what_must_change = forms.CharField(
        label="What must change for the child", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    action = forms.CharField(label="The action", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.CharField(
        label="Who will do it", required=False, max_length=120, help_text="A person or an agency"
    )
    # A partner in the child's network who owns the action, and so updates its progress themselves (issue 17).
    owner_involvement = forms.ChoiceField(
        label="A partner who will update its progress themselves",
        required=False,
        help_text="Someone in the child's professional network with a Hearth account",
    )
    due_date = forms.DateField(
        label="By when", required=False, input_formats=DATE_FORMATS, help_text="For example, 3/3/2026"
    )
    measure = forms.CharField(
        label="How we will know it has been met",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Something that can be seen or counted",
    )

    def __init__(self, *args: Any, partners: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner_involvement"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "No one: the owner above records it"), *(partners or [])]


class ProtectionOutcomeForm(OutcomeForm):
    """A child protection plan's outcome also says what the parents and each professional will do."""

    parents_will_do = forms.CharField(
        label="What the parents will do", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    professionals_will_do = forms.CharField(
        label="What each professional will do", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = [
        "what_must_change",
        "parents_will_do",
        "professionals_will_do",
        "action",
        "owner",
        "owner_involvement",
        "due_date",
        "measure",
    ]


class ReviewForm(forms.Form):
    review_date = forms.DateField(
        label="Date of the review",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="For example, 3/3/2026",
    )
    attendees = forms.CharField(
        label="Who attended", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    summary = forms.CharField(
        label="What the review found and decided", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(
        self,
        *args: Any,
        outcomes: Sequence[PlanOutcome] = (),
        siblings: Sequence[tuple[Any, Any, list[PlanOutcome]]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.own_outcomes = [outcome.pk for outcome in outcomes]
        self.siblings = list(siblings)
        for outcome in outcomes:
            self.fields[f"progress_{outcome.pk}"] = forms.ChoiceField(
                label=f"Progress: {outcome.what_must_change}",
                choices=Progress.choices,
                widget=forms.RadioSelect,
                required=False,
                help_text=f"Measure: {outcome.measure}",
            )
            self.fields[f"note_{outcome.pk}"] = forms.CharField(
                label="What has changed", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

        # Brothers and sisters whose plans of the same kind the same meeting reviewed (issue 18): each plan's own
        # progress per outcome (an outcome's fields are named by its own number, so they never clash).
        for child, _, child_outcomes in self.siblings:
            self.fields[f"c{child.pk}_reviewed"] = forms.ChoiceField(
                label=f"Was {child.full_name}'s plan reviewed at the same meeting?",
                choices=[("yes", "Yes"), ("", "No")],
                widget=forms.RadioSelect,
                required=False,
                initial="",
            )
            for outcome in child_outcomes:
                self.fields[f"progress_{outcome.pk}"] = forms.ChoiceField(
                    label=f"{child.forename}: {outcome.what_must_change}",
                    choices=Progress.choices,
                    widget=forms.RadioSelect,
                    required=False,
                    help_text=f"Measure: {outcome.measure}",
                )
                self.fields[f"note_{outcome.pk}"] = forms.CharField(
                    label=f"What has changed for {child.forename}",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def own_progress(self) -> dict[int, tuple[str, str]]:
        """Progress on the outcomes of the plan whose page this is."""
        return {pk: value for pk, value in self.progress().items() if pk in self.own_outcomes}

    def sibling_progress(self) -> list[tuple[Any, dict[int, tuple[str, str]]]]:
        """Each brother's or sister's plan reviewed at the same meeting, with progress on its own outcomes."""
        reviewed = []
        for child, plan, child_outcomes in self.siblings:
            if self.cleaned_data.get(f"c{child.pk}_reviewed") == "yes":
                mine = {outcome.pk for outcome in child_outcomes}
                reviewed.append((plan, {pk: value for pk, value in self.progress().items() if pk in mine}))
        return reviewed

    def progress(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            int(key.removeprefix("progress_")): (
                value or "",
                data.get(f"note_{key.removeprefix('progress_')}", ""),
            )
            for key, value in data.items()
            if key.startswith("progress_")
        }


class ActionUpdateForm(forms.Form):
    required = ("progress", "note", "updated_on")
    progress = forms.ChoiceField(
        label="Progress", choices=Progress.choices, widget=forms.RadioSelect, required=False
    )
    note = forms.CharField(
        label="What has been done", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    updated_on = forms.DateField(
        label="Date", required=False, input_formats=DATE_FORMATS, help_text="For example, 3/3/2026"
    )


class ContributionForm(forms.Form):
    """A professional's contribution to a plan's next meeting; `plan_choices` set per child (contribution_form)."""

    required = ("plan", "meeting", "progress")
    plan_choices: list[tuple[str, str]] = []
    by_partner = False
    plan = forms.ChoiceField(label="The plan", widget=forms.RadioSelect, required=False)
    meeting = forms.ChoiceField(
        label="The meeting it is for", choices=ReviewKind.choices, widget=forms.RadioSelect, required=False
    )
    meeting_on = forms.DateField(
        label="The meeting's date",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="If you know it. For example, 3/3/2026",
    )
    progress = text_field("What your agency has done and seen since the last meeting", rows=6)
    worries = text_field("Any worries about the child", rows=3)
    agency = forms.CharField(
        label="The agency that sent it",
        required=False,
        max_length=80,
        help_text="You are typing in what another agency sent: it is recorded as theirs",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["plan"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = self.plan_choices
        if self.by_partner:
            del self.fields["agency"]  # a partner writes for their own agency


def contribution_form(plan_choices: list[tuple[str, str]], by_partner: bool) -> type[ContributionForm]:
    """The contribution form offering this child's live plans; staff also name the agency that sent it."""
    required = ContributionForm.required if by_partner else (*ContributionForm.required, "agency")
    return type(
        "ContributionForm",
        (ContributionForm,),
        {"plan_choices": plan_choices, "by_partner": by_partner, "required": required},
    )
