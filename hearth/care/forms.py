from __future__ import annotations

from typing import Any

from django import forms

from hearth.care.models import CareBasis, CareProvider, CareRoute, DisputeStage, OrderKind, Recommendation
from hearth.care.reviews import REVIEWING_ROLES, NewRecommendation, Progress
from hearth.care.services import ORDER_BASES, SIBLINGS
from hearth.core.codesets import (
    CLA_CATEGORY_OF_NEED_CODES,
    PlacementProvider,
    PlacementType,
    PrimaryNeed,
    ReasonEpisodeCeased,
    ReasonPlaceChange,
    ReviewParticipation,
    valid_codes,
)
from hearth.core.forms import date_field, text_field
from hearth.organisation.models import StaffUser
from hearth.organisation.roles import PARTNER_ROLES


def _coded(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", "Choose"), *[(code, f"{label} ({code})") for code, label in choices]]


def placement_types(collection_year: int) -> list[tuple[str, str]]:
    """The placement types valid in the collection year (903 rule 146)."""
    valid = valid_codes(PlacementType, collection_year)
    return _coded([(code, label) for code, label in PlacementType.choices if code in valid])


class CarerChoice(forms.ModelChoiceField[CareProvider]):
    def label_from_instance(self, obj: CareProvider) -> str:
        where = "in area" if obj.in_area else "out of area"
        return f"{obj.name} ({obj.get_kind_display().lower()}, {obj.postcode}, {where})"


class PlacementFields(forms.Form):
    """The placement: a carer or home from the register, or the provider and postcode typed."""

    placement_type = forms.ChoiceField(label="Placement type (SSDA903)", required=False)
    carer = CarerChoice(
        label="Carer or home, from the register",
        queryset=CareProvider.objects.none(),
        required=False,
        empty_label="Not on the register (placed with parents, or another provider)",
    )
    provider = forms.ChoiceField(
        label="Provider, if not on the register", choices=_coded(PlacementProvider.choices), required=False
    )
    postcode = forms.CharField(
        label="Placement postcode, if not on the register", max_length=10, required=False
    )
    in_area = forms.TypedChoiceField(
        label="Inside the council's area, if not on the register",
        choices=[("", "Choose"), ("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )
    distance_miles = forms.DecimalField(
        label="Distance from home (miles)",
        max_digits=6,
        decimal_places=1,
        required=False,
        help_text="Left blank, it is worked out from the postcodes where the council has loaded the postcode directory",
    )
    long_term = forms.BooleanField(
        label="The placement is intended to last until the child is 18", required=False
    )
    parent_assessment_pending = forms.BooleanField(
        label="Placed with a parent before the assessment of the parent is complete (regulation 19)",
        required=False,
    )
    siblings = forms.ChoiceField(
        label="Brothers and sisters", choices=list(SIBLINGS.items()), required=False, initial=""
    )
    siblings_reason = text_field("If placed apart, why", 2)

    def __init__(self, *args: Any, collection_year: int = 2027, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["placement_type"].choices = placement_types(collection_year)  # type: ignore[attr-defined]
        self.fields["carer"].queryset = CareProvider.objects.filter(active=True).order_by("name")  # type: ignore[attr-defined]
        self.fields["siblings"].choices = [("", "Choose"), *[(k, v) for k, v in SIBLINGS.items() if k]]  # type: ignore[attr-defined]


class StartForm(PlacementFields):
    start_date = date_field("Date the child became looked after")
    basis = forms.ChoiceField(
        label="Why the child is looked after",
        choices=CareBasis.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    order_kind = forms.ChoiceField(
        label="The order or power, if under one",
        choices=[
            ("", "Choose"),
            *[(k, v) for k, v in OrderKind.choices if any(k in kinds for kinds in ORDER_BASES.values())],
        ],
        required=False,
    )
    court = forms.CharField(label="Court, if an order", max_length=120, required=False)
    route = forms.ChoiceField(
        label="Where the decision came from",
        choices=CareRoute.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    decision_reason = text_field("Reason for the decision to accommodate", 4)
    category_of_need = forms.ChoiceField(
        label="Category of need",
        choices=_coded([(c, label) for c, label in PrimaryNeed.choices if c in CLA_CATEGORY_OF_NEED_CODES]),
        required=False,
    )
    uasc = forms.BooleanField(label="Unaccompanied asylum-seeking child", required=False)

    field_order = [
        "start_date",
        "basis",
        "order_kind",
        "court",
        "route",
        "decision_reason",
        "category_of_need",
        "uasc",
    ]


class MoveForm(PlacementFields):
    start_date = date_field("Date the new placement started")
    reason_place_change = forms.ChoiceField(
        label="Reason the placement changed", choices=_coded(ReasonPlaceChange.choices), required=False
    )
    field_order = ["start_date", "reason_place_change"]


class OrderForm(forms.Form):
    kind = forms.ChoiceField(label="Order", choices=[("", "Choose"), *OrderKind.choices], required=False)
    court = forms.CharField(label="Court", max_length=120, required=False)
    start_date = date_field("Date made")
    proceedings_started = date_field("Date care proceedings were issued, if any (the 26-week timescale)")


class OrderEndForm(forms.Form):
    end_date = date_field("Date the order ended")
    end_reason = forms.CharField(label="Why it ended", max_length=200, required=False)
    now_section_20 = forms.BooleanField(
        label="The child stays looked after, now accommodated under section 20 with the parents' agreement",
        required=False,
    )


class EndForm(forms.Form):
    end_date = date_field("Date the child stopped being looked after")
    reason_ceased = forms.ChoiceField(
        label="Why",
        choices=_coded(
            [(c, label) for c, label in ReasonEpisodeCeased.choices if c != ReasonEpisodeCeased.X1]
        ),
        required=False,
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV file", required=False)


RECOMMENDATION_ROWS = 3


class StaffChoice(forms.ModelChoiceField[StaffUser]):
    def label_from_instance(self, obj: StaffUser) -> str:
        return f"{obj.full_name} ({obj.get_role_display().lower()})"


def _staff() -> Any:
    return StaffUser.objects.filter(is_active=True).exclude(role__in=PARTNER_ROLES).order_by("full_name")


class IroForm(forms.Form):
    iro = StaffChoice(
        label="Independent reviewing officer", queryset=StaffUser.objects.none(), required=False
    )
    on = date_field("Date allocated")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["iro"].queryset = _staff().filter(role__in=REVIEWING_ROLES)  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    """The review: the child's part, what it found, the earlier recommendations' progress and new ones."""

    held_on = date_field("Date of the review")
    participation = forms.ChoiceField(
        label="How the child took part", choices=_coded(ReviewParticipation.choices), required=False
    )
    iro_met_child_on = date_field("Date the reviewing officer met the child before the review, if they did")
    child_views = text_field("The child's views", 4)
    summary = text_field("What the review found and decided", 6)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, earlier: list[Recommendation] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.earlier = list(earlier)
        for item in self.earlier:
            self.fields[f"progress_{item.pk}"] = forms.CharField(
                label=f"Progress on: {item.text} ({item.owner.full_name}, by {item.due_date:%-d %b %Y})",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"done_{item.pk}"] = forms.BooleanField(label="Done", required=False)
        for index in range(RECOMMENDATION_ROWS):
            self.fields[f"recommendation_{index}_text"] = forms.CharField(
                label=f"Recommendation {index + 1}: what will be done (specific and measurable)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"recommendation_{index}_owner"] = StaffChoice(
                label=f"Recommendation {index + 1}: who", queryset=_staff(), required=False
            )
            self.fields[f"recommendation_{index}_due"] = forms.DateField(
                label=f"Recommendation {index + 1}: by when",
                required=False,
                input_formats=["%d/%m/%Y", "%Y-%m-%d"],
            )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "version": data.get("version"),
            "held_on": data.get("held_on"),
            "participation": data.get("participation") or "",
            "iro_met_child_on": data.get("iro_met_child_on"),
            "child_views": data.get("child_views") or "",
            "summary": data.get("summary") or "",
            "recommendations": [
                NewRecommendation(
                    data.get(f"recommendation_{index}_text") or "",
                    data.get(f"recommendation_{index}_owner"),
                    data.get(f"recommendation_{index}_due"),
                )
                for index in range(RECOMMENDATION_ROWS)
            ],
            "progress": [
                Progress(item, data.get(f"progress_{item.pk}") or "", bool(data.get(f"done_{item.pk}")))
                for item in self.earlier
            ],
        }


class DoneForm(forms.Form):
    on = date_field("Date done")
    progress = forms.CharField(
        label="What was done", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StepForm(forms.Form):
    on = date_field("Date")


class DisputeForm(forms.Form):
    raised_on = date_field("Date raised")
    issue = text_field("What the reviewing officer disputes", 4)


class DisputeStepForm(forms.Form):
    on = date_field("Date")
    stage = forms.ChoiceField(
        label="Escalate to", choices=[("", "Choose"), *DisputeStage.choices], required=False
    )
    resolved = forms.BooleanField(label="The dispute is resolved", required=False)
    outcome = text_field("How it was resolved", 3)


class PlacementPlanForm(forms.Form):
    on = date_field("Date agreed")
    agreed_by_carer = forms.BooleanField(label="Agreed with the carer", required=False)
