"""Local policy settings: declared once here with their default and source, stored effective-dated in the database.

A council changes a setting from a date onward (CouncilSetting rows); the value that applies to a clock is the one
in force on the date the clock started, so a change of local policy never rewrites history.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class SettingDeclaration:
    key: str
    title: str
    default: Any
    source: str
    choices: tuple[str, ...] = ()  # a list setting of codes: the codes it may hold


DECLARED: dict[str, SettingDeclaration] = {}


def declare(
    key: str, title: str, default: Any, source: str, choices: tuple[str, ...] = ()
) -> SettingDeclaration:
    declaration = SettingDeclaration(key, title, default, source, choices)
    DECLARED[key] = declaration
    return declaration


declare(
    "due_soon_working_days",
    "Show an obligation as due when it falls due within this many working days",
    5,
    "Local practice",
)
declare(
    "cp_visit_interval",
    "Interval between statutory visits to a child on a child protection plan",
    {"amount": 10, "unit": "working_days"},
    "Local procedure; Working Together sets no national frequency (timescales.md 1.2)",
)
declare(
    "cin_visit_interval",
    "Interval between visits to a child on a child in need plan",
    {"amount": 20, "unit": "working_days"},
    "Local procedure; no national frequency",
)
declare(
    "core_group_interval",
    "Interval between core group meetings unless the conference sets another",
    {"amount": 20, "unit": "working_days"},
    "Local procedure; Working Together sets no national frequency (timescales.md 1.2)",
)
declare(
    "cin_plan_review_interval",
    "Interval between reviews of a child in need plan",
    {"amount": 3, "unit": "months"},
    "Local procedure; Working Together sets no national frequency (issue 3: default 3 months)",
)
declare(
    "early_help_assessment_working_days",
    "Working days from the start of early help to the early help assessment",
    20,
    "Local procedure; early help has no national timescale",
)
declare(
    "early_help_review_interval",
    "Interval between team around the child meetings reviewing an early help plan",
    {"amount": 8, "unit": "weeks"},
    "Local procedure; early help has no national timescale",
)
declare(
    "step_down_follow_up",
    "How long a child is followed after stepping down to early help (a re-referral in it is flagged)",
    {"amount": 3, "unit": "months"},
    "Local step-down protocol (inspection report 2012 paragraph 29; issue 3: three months)",
)
declare(
    "manager_decision_working_days",
    "Working days within which a manager authorises, signs off or returns a record sent to them",
    2,
    "Local standard (inspection report 2012 paragraphs 17, 34: management oversight evident on the record)",
)
declare(
    "returned_work_working_days",
    "Working days within which a worker puts right a record the manager returned and sends it again",
    5,
    "Local standard (inspection report 2012 paragraphs 17, 34: management oversight evident on the record)",
)
declare(
    "sign_off_cp_plan",
    "A manager signs off a child protection plan: a worker sends it, a manager finalises it",
    True,
    "Local choice (issue 5: plans need a manager's authority; inspection report 2012 paragraphs 17, 34)",
)
declare(
    "sign_off_cin_plan",
    "A manager signs off a child in need plan once its outcomes are recorded",
    True,
    "Local choice (issue 5: plans need a manager's authority; inspection report 2012 paragraphs 17, 34)",
)
declare(
    "strategy_discussion_working_days",
    "Working days from a referral decided for a strategy discussion to the discussion being held",
    1,
    "Local standard: Working Together sets no number, 'promptly'; local procedures use 24 hours or 1 working day",
)
declare(
    "cin_failed_visit_follow_up_working_days",
    "Working days within which a failed child in need visit is followed up and the child seen",
    1,
    "Local standard (inspection report 2012 paragraph 19)",
)
declare(
    "cp_failed_visit_follow_up_working_days",
    "Working days within which a failed child protection visit is followed up and the child seen",
    1,
    "Local standard (inspection report 2012 paragraph 19)",
)
declare(
    "conference_report_sharing_working_days",
    "Working days before a conference by which each report is shared with the parents",
    2,
    "Local standard; Working Together expects reports shared in advance (inspection report 2012 para 19)",
)
declare(
    "core_group_minutes_working_days",
    "Working days after a core group by which its minutes are recorded",
    5,
    "Local standard",
)
declare(
    "cp_plan_long_warning_months",
    "A child protection plan is flagged as approaching two years after this many months",
    21,
    "Local practice: plans lasting two years or more are a DfE measure (children in need statistics)",
)
declare(
    "referral_nfa_closure_reason",
    "CIN census reason for closure given to a referral closed with no further action on the day it is decided",
    "RC7",
    "Uncertain (returns.md 3.2): RC8 means 'closed after assessment', and the validator queries RC8 without an "
    "assessment (8825Q); RC7 'services ceased for any other reason' is the safe default",
)
declare(
    "initial_assessment_working_days",
    "Initial assessment maximum under the 2010 profile (7 under the 2000 Framework and NI 59, 10 under WT 2010)",
    10,
    "Working Together 2010; some councils kept 7 locally (timescales.md 1.1)",
)
declare(
    "da_notification_screening_working_days",
    "Working days within which a police domestic abuse notification must be screened",
    1,
    "Local standard (inspection report 2012 paragraph 19: screening within the set timescale)",
)
declare(
    "duplicate_check_working_days",
    "Working days within which the front door checks a new record that may duplicate one its creator cannot open",
    1,
    "Local data quality standard (issue 13: the creator is not told whether records they cannot open exist)",
)
declare(
    "contact_decision_working_days",
    "Working days within which a contact must be screened",
    1,
    "Local standard (timescales.md 1.1: contacts have no national timescale)",
)
declare(
    "supervision_interval",
    "Interval between a worker's supervisions",
    {"amount": 4, "unit": "weeks"},
    "Local supervision policy (inspection report 2012 paragraphs 55, 56: regular, recorded supervision)",
)
declare(
    "supervision_interval_newly_qualified",
    "Interval between supervisions for a worker within a year of qualifying",
    {"amount": 2, "unit": "weeks"},
    "Local supervision policy; the ASYE expects more frequent supervision in the first year",
)
declare(
    "manager_minimum_pq_experience_years",
    "Years of post-qualifying experience a manager should have (fewer is flagged against the policy)",
    3,
    "Local policy (inspection report 2012: newly qualified workers made managers against policy)",
)
declare(
    "newly_qualified_protected_caseload",
    "Weighted caseload a newly qualified social worker (first year, ASYE) should not exceed",
    12,
    "Local policy (ASYE protected caseload)",
)
declare(
    "caseload_capacity_per_full_time_worker",
    "Weighted cases a full-time worker can hold (a part-time worker's capacity is in proportion)",
    18,
    "Local policy",
)
declare(
    "caseload_weights",
    "Weight of each allocated child by the most intensive open work with them (kind=weight, comma-separated)",
    "child_protection=1.5, looked_after=1.2, assessment=1.2, child_in_need=1.0, early_help=0.7, care_leaver=0.6, "
    "no_open_episode=1.0",
    "Local policy (written as text: the settings page and check treat a mapping as an interval)",
)

declare(
    "child_population",
    "Children aged 0 to 17 living in the council's area: the population rates per 10,000 children are of",
    0,
    "ONS mid-year population estimates for the local authority (the council sets the latest; 0 shows no rate)",
)
declare(
    "escalation_working_days",
    "An alert overdue for more than this many working days is escalated to the next manager up",
    3,
    "local policy",
)

# Retention of records (issue 20, ADR 41): years each kind of record is kept, by the highest status the child's
# record reached, and from which date. A period counts as confirmed once the council has set it itself (a stored
# row, with a note of who decided); disposal under a period the council has not confirmed is refused.
declare(
    "retention_years_adopted",
    "Years an adopted child's record is kept, from the adoption order",
    100,
    "Adoption Agencies Regulations 2005, regulation 41 (case records kept for at least 100 years from the "
    "adoption order); the council confirms",
)
declare(
    "retention_years_looked_after",
    "Years a looked-after child's record is kept, from their date of birth",
    75,
    "Care Planning, Placement and Case Review (England) Regulations 2010, regulation 50 (until the 75th "
    "anniversary of the child's birth; 15 years from death if the child died before 18); the council confirms",
)
declare(
    "retention_years_care_leaver",
    "Years a care leaver's record is kept, from their date of birth",
    75,
    "As a looked-after child's record (CPPCR 2010 regulation 50: a care leaver was looked after); the council "
    "confirms",
)
declare(
    "retention_years_child_protection",
    "Years the record of a child who was on a child protection plan is kept, from their date of birth",
    25,
    "IRMS retention guidelines for local authorities (children's social care: until the 25th birthday); many "
    "councils keep child protection records longer: the council confirms",
)
declare(
    "retention_years_child_in_need",
    "Years a child in need's record is kept, from their date of birth",
    25,
    "IRMS retention guidelines for local authorities (children's social care: until the 25th birthday); the "
    "council confirms",
)
declare(
    "retention_years_other_child",
    "Years the record of a child known only through a contact or early help is kept, from their date of birth",
    25,
    "Local practice following the IRMS guidelines (until the 25th birthday); the council confirms",
)
declare(
    "retention_years_working_copy",
    "Years a working copy (a document of a type kept as one) is kept, from the case closing",
    6,
    "Local practice following the IRMS guidelines (working papers six years after the case closes); other "
    "documents are kept with the record they are on; the council confirms",
)
declare(
    "retention_years_adult",
    "Years an adult's record no longer linked to any child's record is kept, from its last change",
    6,
    "Local practice (six years, the Limitation Act 1980 period for most claims); the council confirms",
)


class SettingsSnapshot:
    """All settings rows loaded once: used by the engine for a batch of events (seed, replay) without queries."""

    def __init__(self, rows: list[tuple[str, date, Any]]) -> None:
        self._rows: dict[str, list[tuple[date, Any]]] = {}
        self._answers: dict[tuple[str, date], Any] = {}
        for key, effective_from, value in sorted(rows, key=lambda row: (row[0], row[1])):
            self._rows.setdefault(key, []).append((effective_from, value))

    def value(self, key: str, on: date) -> Any:
        if (key, on) in self._answers:
            return self._answers[(key, on)]
        if key not in DECLARED:
            raise KeyError(f"Undeclared setting {key!r}")
        chosen = DECLARED[key].default
        for effective_from, value in self._rows.get(key, []):
            if effective_from <= on:
                chosen = value
        self._answers[(key, on)] = chosen
        return chosen


_cache: tuple[float, SettingsSnapshot] | None = None
CACHE_SECONDS = 30.0


def current_snapshot() -> SettingsSnapshot:
    """The settings as stored, cached for a few seconds per process."""
    global _cache
    now = time.monotonic()
    if _cache is None or now - _cache[0] > CACHE_SECONDS:
        from hearth.core.models import CouncilSetting

        rows = list(CouncilSetting.objects.values_list("key", "effective_from", "value"))
        _cache = (now, SettingsSnapshot(rows))
    return _cache[1]


def clear_cache() -> None:
    global _cache
    _cache = None


def setting_value(key: str, on: date) -> Any:
    return current_snapshot().value(key, on)


def _check_value(key: str, value: Any) -> None:
    """A setting's new value has the shape of its default: yes or no, a whole number, an interval of 1 or more
    units, a list, or a text for each of several kinds."""
    from hearth.core.timescales.rules import Interval

    default, title = DECLARED[key].default, DECLARED[key].title
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ValidationError({"value": f"{title}: give true or false."})
    elif isinstance(default, dict) and "amount" not in default:
        _check_texts(title, value, tuple(default))
    elif isinstance(default, dict):
        if not (isinstance(value, dict) and set(value) == set(default)):
            raise ValidationError({"value": f"{title}: give {', '.join(sorted(default))}."})
        amount = value["amount"]
        try:
            Interval.from_setting(value)
        except ValueError as error:
            raise ValidationError(
                {"value": f"{title}: the unit must be working_days, days, weeks or months."}
            ) from error
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
            raise ValidationError({"value": f"{title}: the amount must be a whole number of 1 or more."})
    elif isinstance(default, int) and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ValidationError({"value": f"{title}: give a whole number of 0 or more."})
    elif isinstance(default, list) and DECLARED[key].choices:
        _check_choices(title, value, DECLARED[key].choices)
    elif isinstance(default, list):
        _check_dates(title, value)


def _check_texts(title: str, value: Any, kinds: tuple[str, ...]) -> None:
    """A text for each of several kinds (the basis for sharing of each kind of partner agency): every kind given,
    each a sentence."""
    if not (isinstance(value, dict) and set(value) == set(kinds)):
        raise ValidationError({"value": f"{title}: give a text for each of {', '.join(kinds)}."})
    empty = [kind for kind, text in value.items() if not isinstance(text, str) or not text.strip()]
    if empty:
        raise ValidationError({"value": f"{title}: the text for {', '.join(empty)} is empty."})


def _check_choices(title: str, value: Any, choices: tuple[str, ...]) -> None:
    """A list of codes (the file types a council keeps): each one of `choices`, none twice."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError({"value": f"{title}: give a list of {', '.join(choices)}."})
    unknown = [item for item in value if item not in choices]
    if unknown:
        raise ValidationError({"value": f"{title}: {', '.join(unknown)} is not one of {', '.join(choices)}."})
    if len(set(value)) != len(value):
        raise ValidationError({"value": f"{title}: name each one once."})


def _check_dates(title: str, value: Any) -> None:
    """A list of dates (a term calendar): each written YYYY-MM-DD, in order, none twice."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError({"value": f"{title}: give a list of dates written YYYY-MM-DD."})
    try:
        days = [date.fromisoformat(item) for item in value]
    except ValueError as error:
        raise ValidationError({"value": f"{title}: {error}; write each date as YYYY-MM-DD."}) from error
    if days != sorted(set(days)):
        raise ValidationError({"value": f"{title}: give the dates in order, each once."})


def council_setting_set(
    *, key: str, value: Any, effective_from: date, note: str = "", user: Any = None
) -> None:
    """Record a change of local policy from a date onward."""
    from hearth.core.models import CouncilSetting

    if key not in DECLARED:
        raise ValidationError({"key": f"There is no setting called {key!r}."})
    _check_value(key, value)
    from django.db import transaction

    from hearth.core.audit import audit_change, snapshot

    with transaction.atomic():
        existing = (
            CouncilSetting.objects.select_for_update().filter(key=key, effective_from=effective_from).first()
        )
        before = snapshot(existing) if existing else None
        row, _ = CouncilSetting.objects.update_or_create(
            key=key, effective_from=effective_from, defaults={"value": value, "note": note, "set_by": user}
        )
        audit_change(
            user=user, instance=row, action="update" if existing else "create", before=before, child_id=None
        )
    clear_cache()


def closure_day_add(*, day: date, reason: str, user: Any = None) -> None:
    """Add a local closure day (for example 24 December): it stops counting as a working day for clocks started
    from now on, and replays are recomputed with it."""
    from django.db import transaction

    from hearth.core.audit import audit_change
    from hearth.core.models import LocalClosureDay

    if not reason.strip():
        raise ValidationError({"reason": "Enter why the council is closed that day."})
    if day.weekday() >= 5:
        raise ValidationError({"day": f"{day:%-d %B %Y} is a weekend: it is not a working day anyway."})
    with transaction.atomic():
        row, created = LocalClosureDay.objects.get_or_create(date=day, defaults={"reason": reason.strip()})
        if not created:
            raise ValidationError({"day": f"{day:%-d %B %Y} is already a closure day ({row.reason})."})
        audit_change(user=user, instance=row, action="create", before=None, child_id=None)
    from hearth.core.timescales.store import clear_calendar_cache

    clear_calendar_cache()
