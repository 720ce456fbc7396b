"""The council's register of carers and homes (issue 16 item 3): fostering households, connected-person carers,
children's homes, agencies and its own units, kept by the council, added one at a time or from a CSV file (checked
whole first: nothing is saved unless every row is right). A placement is chosen from it, so the URN, postcode and
whether it is in the council's area are typed once, here."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.care.models import Approval, CareProvider, ProviderKind
from hearth.core import policy
from hearth.core.audit import audit_change, audited_update
from hearth.core.codesets import PlacementProvider
from hearth.core.identifiers import normalise_postcode, postcode_is_valid
from hearth.organisation.models import StaffUser
from hearth.people.models import Person, RecordKind
from hearth.people.services.person import person_create

# An Ofsted URN: six or seven digits, or SC and six digits for a children's home (903 rule 1008 checks the list).
URN = re.compile(r"(SC)?[0-9]{6,7}")
FOSTER_KINDS = frozenset({ProviderKind.FOSTER, ProviderKind.CONNECTED, ProviderKind.AGENCY_FOSTER})
URN_KINDS = frozenset({ProviderKind.CHILDRENS_HOME, ProviderKind.SUPPORTED, ProviderKind.AGENCY_FOSTER})
COLUMNS = (
    "reference",
    "name",
    "kind",
    "provider_code",
    "urn",
    "postcode",
    "in_area",
    "approval",
    "approved_from",
    "approved_to",
    "capacity",
    "age_from",
    "age_to",
)
OPTIONAL_COLUMNS = ("host_council", "host_council_address")
YES = {"yes", "y", "true", "1", "in"}
NO = {"no", "n", "false", "0", "out"}


class ProviderForm(forms.Form):
    """A carer or home on the register: the page's form and each row of an import."""

    reference = forms.CharField(label="The council's reference", max_length=40, required=False)
    name = forms.CharField(label="Name", max_length=200, required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("", "Choose"), *ProviderKind.choices], required=False)
    provider_code = forms.ChoiceField(
        label="Provider (SSDA903)",
        choices=[("", "Choose"), *[(c, f"{label} ({c})") for c, label in PlacementProvider.choices]],
        required=False,
    )
    urn = forms.CharField(label="Ofsted URN", max_length=8, required=False)
    postcode = forms.CharField(label="Postcode", required=False)
    in_area = forms.TypedChoiceField(
        label="Inside the council's area",
        choices=[("", "Choose"), ("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )
    approval = forms.ChoiceField(label="Approval", choices=Approval.choices, required=False)
    approved_from = forms.DateField(
        label="Approved from", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    approved_to = forms.DateField(
        label="Approved until", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    capacity = forms.IntegerField(label="Places (children at once)", required=False)
    age_from = forms.IntegerField(label="Youngest age approved", required=False)
    age_to = forms.IntegerField(label="Oldest age approved", required=False)
    host_council = forms.CharField(
        label="If outside the council's area, the council whose area it is in", max_length=120, required=False
    )
    host_council_address = forms.CharField(
        label="That council's address for notifications (a line each)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, message in provider_problems(data).items():
            self.add_error(field, message)
        return data


def provider_problems(data: dict[str, Any]) -> dict[str, str]:
    """Each field that is wrong, with what is wrong: a register's row must be usable for a placement."""
    errors: dict[str, str] = {}
    if not (data.get("name") or "").strip():
        errors["name"] = "Enter the carer's or home's name."
    kind = data.get("kind") or ""
    if kind not in ProviderKind.values:
        errors["kind"] = "Choose the kind of carer or home."
    if (data.get("provider_code") or "") not in PlacementProvider.values:
        errors["provider_code"] = "Choose the provider (the SSDA903 code PR0 to PR5)."
    urn = (data.get("urn") or "").strip().upper()
    if urn and not URN.fullmatch(urn):
        errors["urn"] = "Enter the Ofsted URN as 6 or 7 digits, or SC and 6 digits."
    elif not urn and kind in URN_KINDS:
        errors["urn"] = "Enter the Ofsted URN: a registered home or agency has one (903 rule 218)."
    if not postcode_is_valid(data.get("postcode") or ""):
        errors["postcode"] = "Enter a full postcode, like NE1 4ST."
    if data.get("in_area") is None:
        errors["in_area"] = "Say whether the carer or home is inside the council's area."
    elif data.get("in_area") is False and not (data.get("host_council") or "").strip():
        errors["host_council"] = (
            "Enter the council whose area it is in: it is told of each child placed there (CPPCR 2010 reg 13)."
        )
    approval = data.get("approval") or Approval.NOT_APPLICABLE
    if kind in FOSTER_KINDS and approval == Approval.NOT_APPLICABLE:
        errors["approval"] = "A foster carer is approved, or temporarily approved as a connected person."
    elif kind not in FOSTER_KINDS and kind and approval != Approval.NOT_APPLICABLE:
        errors["approval"] = "Only foster carers have a foster carer's approval."
    if approval == Approval.TEMPORARY and kind != ProviderKind.CONNECTED:
        errors["approval"] = "Temporary approval (regulation 24) is for connected-person carers only."
    start, end = data.get("approved_from"), data.get("approved_to")
    if approval == Approval.TEMPORARY and end is None:
        errors["approved_to"] = "Enter when the temporary approval ends (at most 16 weeks, regulation 25)."
    if start and end and end < start:
        errors["approved_to"] = "The approval cannot end before it starts."
    capacity = data.get("capacity")
    if capacity is None or capacity < 1:
        errors["capacity"] = "Enter how many children may be placed at once (1 or more)."
    youngest, oldest = data.get("age_from"), data.get("age_to")
    if youngest is None or youngest < 0:
        errors["age_from"] = "Enter the youngest age approved (0 for babies)."
    if oldest is None or oldest > 25:
        errors["age_to"] = "Enter the oldest age approved (up to 25)."
    elif youngest is not None and oldest < youngest:
        errors["age_to"] = "The oldest age approved cannot be below the youngest."
    return errors


def _values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "reference": (data.get("reference") or "").strip(),
        "name": data["name"].strip(),
        "kind": data["kind"],
        "provider_code": data["provider_code"],
        "urn": (data.get("urn") or "").strip().upper(),
        "postcode": normalise_postcode(data["postcode"]),
        "in_area": data["in_area"],
        "approval": data.get("approval") or Approval.NOT_APPLICABLE,
        "approved_from": data.get("approved_from"),
        "approved_to": data.get("approved_to"),
        "capacity": data["capacity"],
        "age_from": data["age_from"],
        "age_to": data["age_to"],
        "host_council": (data.get("host_council") or "").strip(),
        "host_council_address": (data.get("host_council_address") or "").strip(),
    }


def provider_save(
    *, data: dict[str, Any], by: StaffUser, provider: CareProvider | None = None
) -> CareProvider:
    """Add a carer or home to the register, or change one: refused with the field named, nothing saved."""
    policy.require(by, "care.register_change")
    errors = provider_problems(data)
    reference = (data.get("reference") or "").strip()
    if (
        reference
        and CareProvider.objects.filter(reference=reference)
        .exclude(pk=provider.pk if provider is not None else 0)
        .exists()
    ):
        errors["reference"] = f"Another carer or home on the register has the reference {reference}."
    if errors:
        raise ValidationError(errors)
    values = _values(data)
    with transaction.atomic():
        if provider is None:
            provider = CareProvider.objects.create(**values)
            audit_change(user=by, instance=provider, action="create", before=None, child_id=None)
        else:
            audited_update(provider, by=by, child_id=None, **values)
    return provider


@dataclass(frozen=True)
class ImportResult:
    added: int
    changed: int


def _rows(text: str) -> Iterable[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(
            {"file": f"The file has no column {', '.join(missing)} (the first row names the columns)."}
        )
    for number, row in enumerate(reader, start=2):
        yield number, {key: (value or "").strip() for key, value in row.items() if key}


def _parse(row: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """A row as the form reads it, with yes/no for in_area."""
    raw = dict(row)
    in_area = raw.get("in_area", "").lower()
    raw["in_area"] = "yes" if in_area in YES else "no" if in_area in NO else ""
    raw["approval"] = raw.get("approval") or Approval.NOT_APPLICABLE
    form = ProviderForm(raw)
    form.is_valid()
    errors = {field: " ".join(str(m) for m in messages) for field, messages in form.errors.items()}
    return form.cleaned_data, errors


def providers_import(*, content: bytes, by: StaffUser) -> ImportResult:
    """Load the register from a CSV file (columns as `COLUMNS`; a row whose reference is already on the register
    changes it). Every row is checked first; one wrong row and nothing is saved, each problem named by row and
    column."""
    policy.require(by, "care.register_change")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": "The file must be a CSV file saved as UTF-8."}) from None
    problems: list[str] = []
    parsed: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, row in _rows(text):
        data, errors = _parse(row)
        reference = row.get("reference", "")
        if not reference:
            errors["reference"] = (
                "Enter the council's reference: the import matches rows to the register by it."
            )
        elif reference in seen:
            errors["reference"] = f"The reference {reference} is on more than one row."
        seen.add(reference)
        problems.extend(f"Row {number}, {field}: {message}" for field, message in errors.items())
        parsed.append(data)
    if not parsed and not problems:
        raise ValidationError({"file": "The file has no rows below its column names."})
    if problems:
        shown = problems[:20]
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise ValidationError({"file": "Nothing was imported. " + "; ".join(shown) + more})
    existing = {p.reference: p for p in CareProvider.objects.filter(reference__in=seen)}
    added = changed = 0
    with transaction.atomic():
        for data in parsed:
            provider = existing.get(data["reference"].strip())
            provider_save(data=data, by=by, provider=provider)
            if provider is None:
                added += 1
            else:
                changed += 1
    return ImportResult(added, changed)


class CarerForm(forms.Form):
    forename = forms.CharField(label="First name", max_length=80, required=False)
    surname = forms.CharField(label="Last name", max_length=80, required=False)
    date_of_birth = forms.DateField(
        label="Date of birth",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text="For example, 3/3/1975",
    )


def provider_carer_add(*, provider: CareProvider, values: dict[str, Any], by: StaffUser) -> Person:
    """One of a fostering household's carers, as an adult's record of their own, linked to the household."""
    policy.require(by, "care.register_change")
    if provider.kind not in FOSTER_KINDS:
        raise ValidationError(
            {"__all__": "Only a fostering household or a connected-person carer has carers."}
        )
    if values.get("date_of_birth") is None:
        raise ValidationError({"date_of_birth": "Enter the carer's date of birth."})
    with transaction.atomic():
        carer = person_create(values={"kind": RecordKind.ADULT, **values}, by=by)
        provider.carers.add(carer)
        audit_change(user=by, instance=provider, action="update", before=None, child_id=None)
    return carer
