"""The supervision form: the worker, the discussion, and a fixed number of child rows with their actions."""

from __future__ import annotations

from typing import Any

from django import forms

from hearth.organisation.models import StaffUser
from hearth.people.models import Person
from hearth.supervision.services import MAX_ACTIONS, MAX_CHILDREN, ActionInput, ChildDiscussed

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class ChooseWorkerForm(forms.Form):
    worker = forms.TypedChoiceField(label="Whose supervision is it?", coerce=int)

    def __init__(self, *args: Any, workers: list[StaffUser], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["worker"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(worker.pk, str(worker)) for worker in workers]


class SupervisionForm(forms.Form):
    worker = forms.IntegerField(widget=forms.HiddenInput)
    held_on = forms.DateField(
        label="Date of the supervision",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="For example, 3/3/2026",
    )
    reflective_discussion = forms.CharField(
        label="Reflective discussion", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    wellbeing = forms.CharField(
        label="The worker's wellbeing", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, children: list[Person], staff: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.children = {child.pk: child for child in children}
        child_choices = [("", "Choose a child"), *((c.pk, f"{c.forename} {c.surname}") for c in children)]
        owner_choices = [("", "Choose who will do it"), *staff]
        for row in range(1, MAX_CHILDREN + 1):
            self.fields[f"child_{row}"] = forms.TypedChoiceField(
                label="Child", required=False, coerce=int, empty_value=None, choices=child_choices
            )
            self.fields[f"decision_{row}"] = forms.CharField(
                label="Decision", required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
            for number in range(1, MAX_ACTIONS + 1):
                key = f"{row}_{number}"
                self.fields[f"action_{key}"] = forms.CharField(label=f"Action {number}", required=False)
                self.fields[f"owner_{key}"] = forms.TypedChoiceField(
                    label="Who will do it",
                    required=False,
                    coerce=int,
                    empty_value=None,
                    choices=owner_choices,
                )
                self.fields[f"due_date_{key}"] = forms.DateField(
                    label="By when",
                    required=False,
                    input_formats=DATE_FORMATS,
                    help_text="For example, 3/3/2026",
                )

    def rows(self) -> list[dict[str, Any]]:
        """The child rows' bound fields, for the template."""
        return [
            {
                "row": row,
                "child": self[f"child_{row}"],
                "decision": self[f"decision_{row}"],
                "actions": [
                    {
                        "number": number,
                        "action": self[f"action_{row}_{number}"],
                        "owner": self[f"owner_{row}_{number}"],
                        "due_date": self[f"due_date_{row}_{number}"],
                    }
                    for number in range(1, MAX_ACTIONS + 1)
                ],
            }
            for row in range(1, MAX_CHILDREN + 1)
        ]

    def discussed(self) -> list[ChildDiscussed]:
        """The rows filled in (an empty row or action is left out)."""
        data = self.cleaned_data
        owner_ids = [value for name, value in data.items() if name.startswith("owner_") and value is not None]
        owners = StaffUser.objects.in_bulk(owner_ids)
        found: list[ChildDiscussed] = []
        for row in range(1, MAX_CHILDREN + 1):
            actions = []
            for number in range(1, MAX_ACTIONS + 1):
                key = f"{row}_{number}"
                text, owner, due = (
                    data.get(f"action_{key}") or "",
                    data.get(f"owner_{key}"),
                    data.get(f"due_date_{key}"),
                )
                if text.strip() or owner is not None or due is not None:
                    actions.append(ActionInput(number, text, owners.get(owner) if owner else None, due))
            child_id, decision = data.get(f"child_{row}"), data.get(f"decision_{row}") or ""
            if child_id is None and not decision.strip() and not actions:
                continue
            found.append(
                ChildDiscussed(row, self.children.get(child_id) if child_id else None, decision, actions)
            )
        return found
