"""Setting an indicator's target or England figure, and freezing a month's figures as reported."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import clock, policy
from hearth.core.audit import audit_change, snapshot
from hearth.indicators.declarations import BY_KEY, INDICATORS
from hearth.indicators.measures import Month, figures, months_to
from hearth.indicators.models import BenchmarkKind, IndicatorBenchmark, IndicatorSnapshot
from hearth.organisation.models import StaffUser


def benchmark_set(
    *, indicator: str, kind: str, value: str, source: str, year: str, by: StaffUser
) -> IndicatorBenchmark:
    """The council's target or England's figure for an indicator, with where it is from and the year it is for."""
    policy.require(by, "indicators.manage", None)
    errors: dict[str, str] = {}
    declared = BY_KEY.get(indicator)
    if declared is None:
        errors["indicator"] = "Choose one of the indicators."
    if kind not in BenchmarkKind.values:
        errors["kind"] = "Choose target or England."
    number: Decimal | None = None
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        errors["value"] = "Enter the figure as a number, like 82.5."
    if number is not None and (not number.is_finite() or abs(number) >= Decimal("10000000")):
        errors["value"] = "Enter the figure as a number below 10,000,000, like 82.5."
        number = None
    if number is not None and declared is not None:
        if declared.is_percent and not Decimal(0) <= number <= Decimal(100):
            errors["value"] = f"{declared.title} is a percentage: enter a figure from 0 to 100."
        elif number < 0:
            errors["value"] = f"{declared.title} cannot be below 0."
    if not source.strip():
        errors["source"] = (
            "Enter where the figure is from (the publication, or the plan that set the target)."
        )
    if not year.strip():
        errors["year"] = "Enter the year the figure is for, like 2024-25."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        held = IndicatorBenchmark.objects.select_for_update().filter(indicator=indicator, kind=kind).first()
        before = snapshot(held) if held is not None else None
        values: dict[str, Any] = {
            "value": number,
            "source": source.strip()[:200],
            "year": year.strip()[:20],
            "set_by": by,
            "set_at": clock.now(),
        }
        if held is None:
            held = IndicatorBenchmark.objects.create(indicator=indicator, kind=kind, **values)
        else:
            for name, field_value in values.items():
                setattr(held, name, field_value)
            held.save()
        audit_change(
            user=by,
            instance=held,
            action="create" if before is None else "update",
            before=before,
            child_id=None,
        )
    return held


def benchmarks() -> dict[str, dict[str, IndicatorBenchmark]]:
    found: dict[str, dict[str, IndicatorBenchmark]] = {}
    for row in IndicatorBenchmark.objects.all():
        found.setdefault(row.indicator, {})[row.kind] = row
    return found


def month_figures(month: Month) -> dict[str, Any]:
    """Every indicator's figure for one month, the council's and each team's: what a snapshot keeps."""
    kept: dict[str, Any] = {}
    for indicator in INDICATORS:
        council = figures(indicator, [month])
        teams = figures(indicator, [month], split="team")
        kept[indicator.key] = {
            "council": [council[0].cases, council[0].met, council[0].value] if council else [0, 0, None],
            "teams": {str(f.group): [f.cases, f.met, f.value] for f in teams if f.group is not None},
        }
    return kept


def snapshot_freeze(*, month_key: str, reason: str, by: StaffUser) -> IndicatorSnapshot:
    """Freeze a reported month's figures; a month frozen before gets a new version, which needs its reason."""
    policy.require(by, "indicators.manage", None)
    today = clock.today()
    month = next((item for item in months_to(today) if item.key == month_key), None)
    errors: dict[str, str] = {}
    if month is None:
        errors["month"] = "Choose one of the last 24 months."
    elif month.end >= today:
        errors["month"] = f"{month.label} is not over yet: a month is frozen once it has been reported."
    earlier = (
        IndicatorSnapshot.objects.filter(month=month.start).order_by("-version").first() if month else None
    )
    if earlier is not None and not reason.strip():
        errors["reason"] = (
            f"{month.label if month else 'The month'} was frozen before (version {earlier.version}): "
            "say why the figures are corrected."
        )
    if errors:
        raise ValidationError(errors)
    assert month is not None
    with transaction.atomic():
        frozen = IndicatorSnapshot.objects.create(
            month=month.start,
            version=(earlier.version + 1) if earlier else 1,
            figures=month_figures(month),
            frozen_by=by,
            frozen_at=clock.now(),
            reason=reason.strip(),
        )
        audit_change(user=by, instance=frozen, action="create", before=None, child_id=None)
    return frozen


def latest_snapshots(starts: list[date]) -> dict[date, IndicatorSnapshot]:
    latest: dict[date, IndicatorSnapshot] = {}
    for row in IndicatorSnapshot.objects.filter(month__in=starts).select_related("frozen_by"):
        if row.month not in latest or row.version > latest[row.month].version:
            latest[row.month] = row
    return latest
