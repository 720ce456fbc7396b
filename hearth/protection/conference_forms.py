"""Forms for strategy discussions, section 47 enquiries and conferences: they parse input only; the services in
`enquiries.py` and `conferences.py` decide what is required and word the refusals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from hearth.core.codesets import CategoryOfAbuse
from hearth.core.forms import date_field, text_field
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import PARTNER_ROLES, Role
from hearth.plans.models import PlanOutcome, Progress
from hearth.plans.services import progress_field
from hearth.protection.conferences import (
    FIRST_DECISIONS,
    MAX_REPORTS,
    REVIEW_DECISIONS,
    AttendanceRow,
    ReportRow,
    SiblingAtConference,
)
from hearth.protection.enquiries import SiblingDecision
from hearth.protection.models import (
    Agency,
    ChildParticipation,
    ConferenceKind,
    Section47Outcome,
)

YES_NO = [("yes", "Yes"), ("no", "No")]
MEETING_AGENCIES = [Agency.SOCIAL_CARE, Agency.POLICE, Agency.HEALTH, Agency.EDUCATION, Agency.OTHER]


def yes_no(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect, required=False)


def as_bool(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def staff_choices() -> Any:
    return StaffUser.objects.filter(is_active=True).exclude(role__in=[*PARTNER_ROLES, Role.ADMINISTRATOR])


class StrategyDiscussionForm(forms.Form):
    held_on = date_field("Date of the strategy discussion")
    is_meeting = forms.BooleanField(label="It was a meeting (not a telephone discussion)", required=False)
    led_by = forms.ModelChoiceField(
        label="Who led it",
        queryset=StaffUser.objects.none(),
        required=False,
        empty_label="Choose",
        help_text="Strategy discussions are led by a manager: one led by anyone else is flagged",
    )
    agencies = forms.MultipleChoiceField(
        label="Agencies that took part",
        choices=[(agency.value, agency.label) for agency in MEETING_AGENCIES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    information_shared = text_field("Information shared", 6)
    section_47 = yes_no("Is a section 47 enquiry to start (or continue)?")
    decision_reason = text_field("Reason for the decision", 4)
    minutes = text_field("Minutes", 8)

    def __init__(self, *args: Any, siblings: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["led_by"].queryset = staff_choices().order_by("full_name")  # type: ignore[attr-defined]
        # Brothers and sisters discussed at the same time: each child's own decision (issue 18).
        self.siblings = list(siblings)
        for child in self.siblings:
            prefix = f"c{child.pk}_"
            self.fields[f"{prefix}section_47"] = forms.ChoiceField(
                label=f"Is a section 47 enquiry to start (or continue) for {child.full_name}?",
                choices=[*YES_NO, (NOT_DISCUSSED, f"{child.forename} was not discussed")],
                initial=NOT_DISCUSSED,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"{prefix}decision_reason"] = text_field(
                f"Reason for the decision for {child.forename}", 3
            )

    def values(self) -> dict[str, Any]:
        data = {name: value for name, value in self.cleaned_data.items() if not _is_sibling_field(name)}
        data["section_47"] = as_bool(data["section_47"])
        return data

    def sibling_decisions(self) -> list[SiblingDecision]:
        """The brothers and sisters discussed, each with their own decision."""
        found = []
        for child in self.siblings:
            prefix = f"c{child.pk}_"
            answer = self.cleaned_data.get(f"{prefix}section_47") or NOT_DISCUSSED
            if answer != NOT_DISCUSSED:
                found.append(
                    SiblingDecision(
                        child,
                        as_bool(answer),
                        self.cleaned_data.get(f"{prefix}decision_reason") or "",
                        prefix,
                    )
                )
        return found


NOT_DISCUSSED = "not_discussed"
NOT_AT_CONFERENCE = "not_at_conference"


def _is_sibling_field(name: str) -> bool:
    return name[:1] == "c" and name[1:2].isdigit()


class Section47ConcludeForm(forms.Form):
    ended_on = date_field("Date the enquiry concluded")
    outcome = forms.ChoiceField(
        label="Outcome", choices=Section47Outcome.choices, widget=forms.RadioSelect, required=False
    )


class ConferenceForm(forms.Form):
    """One conference: its details, attendance by agency, up to four reports, the decision and, at a review,
    progress on each outcome still to be achieved."""

    def __init__(
        self,
        *args: Any,
        kind: str,
        outcomes: Sequence[PlanOutcome] = (),
        siblings: Sequence[tuple[Any, Sequence[PlanOutcome]]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.outcomes = list(outcomes)
        # (child, their plan's outcomes still to be achieved: at a review conference, their own progress is asked)
        self.siblings = [(child, list(child_outcomes)) for child, child_outcomes in siblings]
        fields = self.fields
        fields["held_on"] = date_field("Date of the conference")
        if kind == ConferenceKind.TRANSFER_IN:
            fields["from_authority"] = forms.CharField(
                label="Council the child's plan came from", max_length=120, required=False
            )
        fields["chair"] = forms.ModelChoiceField(
            label="Chair",
            queryset=StaffUser.objects.filter(is_active=True, role=Role.CHILD_PROTECTION_CHAIR).order_by(
                "full_name"
            ),
            required=False,
            empty_label="Choose",
        )
        fields["parents_present"] = yes_no("Were the parents present?")
        fields["child_participation"] = forms.ChoiceField(
            label="How the child took part",
            choices=ChildParticipation.choices,
            widget=forms.RadioSelect,
            required=False,
        )
        fields["child_views"] = text_field("The child's views and wishes", 4)
        for agency in Agency:
            fields[f"invited_{agency.value}"] = forms.BooleanField(label="Invited", required=False)
            fields[f"attended_{agency.value}"] = forms.BooleanField(label="Attended", required=False)
            fields[f"name_{agency.value}"] = forms.CharField(
                label=f"{agency.label}: name and role", max_length=120, required=False
            )
        for index in range(MAX_REPORTS):
            fields[f"report_{index}_agency"] = forms.ChoiceField(
                label=f"Report {index + 1}: agency", choices=[("", "Choose"), *Agency.choices], required=False
            )
            fields[f"report_{index}_author"] = forms.CharField(
                label=f"Report {index + 1}: author", max_length=120, required=False
            )
            fields[f"report_{index}_shared"] = date_field(f"Report {index + 1}: date shared with the parents")
        for outcome in self.outcomes:
            fields[progress_field(outcome)] = forms.ChoiceField(
                label=f"Progress: {outcome.what_must_change}",
                choices=Progress.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            fields[f"note_{outcome.pk}"] = forms.CharField(label="Note", max_length=500, required=False)
        decisions = REVIEW_DECISIONS if kind == ConferenceKind.REVIEW else FIRST_DECISIONS
        fields["decision"] = forms.ChoiceField(
            label="Decision",
            choices=[(decision.value, decision.label) for decision in decisions],
            widget=forms.RadioSelect,
            required=False,
        )
        fields["category"] = forms.ChoiceField(
            label="Category of abuse",
            choices=[("", "Choose"), *CategoryOfAbuse.choices],
            required=False,
            help_text="Needed for a plan or a change of category",
        )
        if kind != ConferenceKind.REVIEW:
            fields["risks"] = text_field("Risks the chair identified", 5, "Carried into the plan")
            fields["core_group_interval_weeks"] = forms.IntegerField(
                label="Core groups every (weeks)",
                required=False,
                min_value=1,
                max_value=12,
                help_text="Leave blank for the council's usual interval",
            )
        fields["outline_plan"] = text_field(
            "Outline plan"
            if kind != ConferenceKind.REVIEW
            else "What the conference found and the plan from here",
            6,
        )
        self._sibling_fields()

    def _sibling_fields(self) -> None:
        """Brothers and sisters at the same conference (issue 18): each child's own decision, category and part in
        it, and at a review their own plan's progress; a child left "not at this conference" gets nothing."""
        decisions = REVIEW_DECISIONS if self.kind == ConferenceKind.REVIEW else FIRST_DECISIONS
        for child, child_outcomes in self.siblings:
            prefix = f"c{child.pk}_"
            self.fields[f"{prefix}decision"] = forms.ChoiceField(
                label=f"Decision for {child.full_name}",
                choices=[
                    *[(decision.value, decision.label) for decision in decisions],
                    (NOT_AT_CONFERENCE, f"{child.forename} was not at this conference"),
                ],
                initial=NOT_AT_CONFERENCE,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"{prefix}category"] = forms.ChoiceField(
                label=f"Category of abuse for {child.forename}",
                choices=[("", "Choose"), *CategoryOfAbuse.choices],
                required=False,
            )
            self.fields[f"{prefix}child_participation"] = forms.ChoiceField(
                label=f"How {child.forename} took part",
                choices=ChildParticipation.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"{prefix}child_views"] = text_field(f"{child.forename}'s views and wishes", 3)
            for (
                outcome
            ) in child_outcomes:  # an outcome's fields are named by its own number: they never clash
                self.fields[progress_field(outcome)] = forms.ChoiceField(
                    label=f"{child.forename}: {outcome.what_must_change}",
                    choices=Progress.choices,
                    widget=forms.RadioSelect,
                    required=False,
                )
                self.fields[f"note_{outcome.pk}"] = forms.CharField(
                    label="Note", max_length=500, required=False
                )

    def sibling_parts(self) -> list[tuple[Any, list[forms.BoundField]]]:
        parts = []
        for child, child_outcomes in self.siblings:
            names = [name for name in self.fields if name.startswith(f"c{child.pk}_")]
            for outcome in child_outcomes:
                names += [progress_field(outcome), f"note_{outcome.pk}"]
            parts.append((child, [self[name] for name in names]))
        return parts

    def siblings_at_conference(self) -> list[SiblingAtConference]:
        data = self.cleaned_data
        return [
            SiblingAtConference(
                child=child,
                decision=data.get(f"c{child.pk}_decision") or "",
                category=data.get(f"c{child.pk}_category") or "",
                child_participation=data.get(f"c{child.pk}_child_participation") or "",
                child_views=data.get(f"c{child.pk}_child_views") or "",
                prefix=f"c{child.pk}_",
                progress={
                    outcome.pk: (
                        data.get(progress_field(outcome)) or "",
                        data.get(f"note_{outcome.pk}") or "",
                    )
                    for outcome in child_outcomes
                }
                if self.kind == ConferenceKind.REVIEW
                else None,
            )
            for child, child_outcomes in self.siblings
            if (data.get(f"c{child.pk}_decision") or NOT_AT_CONFERENCE) != NOT_AT_CONFERENCE
        ]

    def agency_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (
                agency.label,
                self[f"name_{agency.value}"],
                self[f"invited_{agency.value}"],
                self[f"attended_{agency.value}"],
            )
            for agency in Agency
        ]

    def report_fields(self) -> list[tuple[int, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (
                index + 1,
                self[f"report_{index}_agency"],
                self[f"report_{index}_author"],
                self[f"report_{index}_shared"],
            )
            for index in range(MAX_REPORTS)
        ]

    def progress_fields(self) -> list[tuple[PlanOutcome, forms.BoundField, forms.BoundField]]:
        return [
            (outcome, self[progress_field(outcome)], self[f"note_{outcome.pk}"]) for outcome in self.outcomes
        ]

    def values(self) -> dict[str, Any]:
        """The service's arguments from the cleaned form."""
        data = self.cleaned_data
        attendance = [
            AttendanceRow(
                agency=agency.value,
                name=data[f"name_{agency.value}"],
                invited=data[f"invited_{agency.value}"],
                attended=data[f"attended_{agency.value}"],
            )
            for agency in Agency
            if data[f"invited_{agency.value}"] or data[f"attended_{agency.value}"]
        ]
        reports = [
            ReportRow(
                agency=data[f"report_{index}_agency"],
                author=data[f"report_{index}_author"],
                shared_with_parents_on=data[f"report_{index}_shared"],
            )
            for index in range(MAX_REPORTS)
            if data[f"report_{index}_agency"]
            or data[f"report_{index}_author"]
            or data[f"report_{index}_shared"]
        ]
        values: dict[str, Any] = {
            key: data[key]
            for key in (
                "held_on",
                "chair",
                "child_participation",
                "child_views",
                "decision",
                "category",
                "outline_plan",
            )
        }
        values |= {
            "kind": self.kind,
            "parents_present": as_bool(data["parents_present"]),
            "attendance": attendance,
            "reports": reports,
            "from_authority": data.get("from_authority", ""),
            "risks": data.get("risks", ""),
            "core_group_interval_weeks": data.get("core_group_interval_weeks"),
        }
        if self.kind == ConferenceKind.REVIEW:
            values["progress"] = {
                outcome.pk: (data[progress_field(outcome)], data[f"note_{outcome.pk}"])
                for outcome in self.outcomes
            }
        return values
