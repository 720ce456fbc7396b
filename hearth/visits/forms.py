from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from hearth.core.forms import date_field, text_field
from hearth.visits.kinds import VisitKind
from hearth.visits.selectors import Sibling
from hearth.visits.services import ChildOnVisit, child_field_prefix

_YES_NO = [("yes", "Yes"), ("no", "No")]
NOT_VISITED = "not_visited"
_SIBLING_SEEN = [("yes", "Yes"), ("no", "Visited, but not seen"), (NOT_VISITED, "Not on this visit")]
_SEEN = {"yes": True, "no": False}


def _child_fields(prefix: str, kind: VisitKind, name: str) -> dict[str, forms.Field]:
    """What is asked of each child on a visit: seen alone, bedroom, why not seen, their views, the kind's own."""
    start = name[:1].upper() + name[1:]
    fields: dict[str, forms.Field] = {
        f"{prefix}seen_alone": forms.BooleanField(label=f"{start} was seen alone", required=False),
        f"{prefix}bedroom_seen": forms.BooleanField(label=f"{start}'s bedroom was seen", required=False),
        f"{prefix}not_seen_reason": text_field(f"If {name} was not seen, why not", 3),
        f"{prefix}views": text_field(f"{start}'s views, wishes and feelings", 3),
    }
    for question, make in kind.questions:
        fields[prefix + question] = make()
    return fields


class VisitForm(forms.Form):
    """The questions every statutory visit asks, then the kind's own; then, for each brother or sister living with the
    child who has a plan that takes visits, the same questions about them (`siblings`), so that one visit to a
    family is recorded once."""

    visit_date = date_field("Date of the visit")
    seen = forms.ChoiceField(
        label="Was the child seen?", choices=_YES_NO, widget=forms.RadioSelect, required=False
    )

    def __init__(
        self,
        *args: Any,
        kind: VisitKind,
        child: Any,
        plan: Any,
        siblings: Sequence[Sibling] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind, self.child, self.plan, self.siblings = kind, child, plan, list(siblings)
        self.fields.update(_child_fields("", kind, "the child"))
        self.fields["note"] = text_field(
            "Notes of the visit" + (" (shared by every child visited)" if self.siblings else ""), 6
        )
        for sibling in self.siblings:
            prefix = child_field_prefix(sibling.child.pk)
            name = sibling.child.forename
            self.fields[f"{prefix}seen"] = forms.ChoiceField(
                label=f"Was {name} seen on this visit?",
                choices=_SIBLING_SEEN,
                widget=forms.RadioSelect,
                initial=NOT_VISITED,
                required=False,
            )
            self.fields.update(_child_fields(prefix, sibling.kind, name))

    def child_part(self) -> list[forms.BoundField]:
        """The visited child's own questions, in order."""
        return [self[name] for name in self.fields if name[:1] != "c" or not name[1:2].isdigit()]

    def sibling_parts(self) -> list[tuple[Sibling, list[forms.BoundField]]]:
        return [
            (
                sibling,
                [self[name] for name in self.fields if name.startswith(child_field_prefix(sibling.child.pk))],
            )
            for sibling in self.siblings
        ]

    def _part(self, child: Any, kind: VisitKind, plan: Any, prefix: str) -> ChildOnVisit:
        data = self.cleaned_data
        return ChildOnVisit(
            child=child,
            kind=kind.key,
            plan=plan,
            prefix=prefix,
            seen=_SEEN.get(data.get(f"{prefix}seen") or ""),
            seen_alone=bool(data.get(f"{prefix}seen_alone")),
            bedroom_seen=bool(data.get(f"{prefix}bedroom_seen")),
            not_seen_reason=data.get(f"{prefix}not_seen_reason") or "",
            views=data.get(f"{prefix}views") or "",
            answers={question: data.get(prefix + question) for question, _ in kind.questions},
        )

    def children_visited(self) -> list[ChildOnVisit]:
        """The visited child first, then each brother or sister who was on this visit."""
        parts = [self._part(self.child, self.kind, self.plan, "")]
        for sibling in self.siblings:
            prefix = child_field_prefix(sibling.child.pk)
            if self.cleaned_data.get(f"{prefix}seen") in _SEEN:
                parts.append(self._part(sibling.child, sibling.kind, sibling.plan, prefix))
        return parts


class FailedVisitSeenForm(forms.Form):
    """The manager has seen a failed visit: what they have decided or asked for."""

    note = text_field("What you have decided or asked for", 3)


class VisitNoteForm(forms.Form):
    """A correction of the notes of a visit to several children: shown on every child's visit."""

    note = text_field("Notes of the visit", 8)
