from __future__ import annotations

from django import forms

from hearth.children_in_need.models import AssessmentOutcome
from hearth.core.codesets import AssessmentFactor, PrimaryNeed, ReasonForClosure
from hearth.core.forms import date_field, text_field


class StartForm(forms.Form):
    start_date = date_field("Date started")


class AssessmentForm(forms.Form):
    child_seen_date = date_field("Date the child was seen")
    child_seen_alone = forms.BooleanField(label="The child was seen alone", required=False)
    child_views = text_field("The child's views and wishes", 5)
    child_views_not_obtained = text_field(
        "If the child's views could not be obtained, why not",
        3,
        "For example, a baby or a child who declined",
    )
    parents_views = text_field("Parents' or carers' views", 5)
    previous_involvement = text_field("Previous involvement with the family", 3)
    analysis = text_field("Analysis", 8, "What the information means for the child's safety and development")
    outcome = forms.ChoiceField(
        label="Outcome", choices=AssessmentOutcome.choices, widget=forms.RadioSelect, required=False
    )
    primary_need = forms.ChoiceField(
        label="The child's primary need",
        choices=[("", "Choose"), *PrimaryNeed.choices],
        required=False,
    )
    factors = forms.MultipleChoiceField(
        label="Factors identified at the end of the assessment",
        choices=AssessmentFactor.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose every factor that applies, or 'No factors identified' on its own",
    )
    late_reason = text_field("If the assessment is late, why", 3)
    version = forms.IntegerField(
        required=False, widget=forms.HiddenInput
    )  # as the page was opened (no lost update)

    def __init__(self, *args: object, household: list[tuple[int, str]] = (), **kwargs: object) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for pk, name in household:
            self.fields[f"finding_{pk}"] = forms.CharField(
                label=f"What the assessment found about {name}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def findings(self) -> dict[int, str]:
        return {
            int(key.removeprefix("finding_")): value
            for key, value in self.cleaned_data.items()
            if key.startswith("finding_")
        }


class CompleteForm(forms.Form):
    completed_on = date_field("Date the assessment was completed")


class AuthoriseForm(forms.Form):
    authorised_on = date_field("Date of authorisation")
    rationale = text_field("Rationale for the decision", 4)
    # The version the manager read: a decision on a page opened before the worker changed it is refused (ADR 19).
    version = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": "Reload the page and decide again."}
    )


class ReturnForm(forms.Form):
    reason = text_field("What the worker must change, and why", 4)


class AssessmentReturnForm(ReturnForm):
    version = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": "Reload the page and decide again."}
    )


class ShareForm(forms.Form):
    shared_on = date_field("Date the assessment was shared with the parents")


class ClosureSignOffForm(forms.Form):
    rationale = text_field("Your rationale for closing the case", 3)


class ClosureForm(forms.Form):
    reason = forms.ChoiceField(
        label="Reason for closure",
        choices=[
            ("", "Choose"),
            *[(c, label) for c, label in ReasonForClosure.choices if c != "RC9"],
        ],
        required=False,
        help_text="Closing to early help is done by requesting a step-down",
    )
    closed_on = date_field("Date of closure")
    summary = text_field("Closing summary", 5)
