"""Looked-after children and care leavers' timescales (timescales.md 1.3, 1.4): CPPCR 2010 (SI 2010/959), in force
1 April 2011. The events of care set the child's circumstances the rules read (looked after, legal status,
placement type and since when, whether the placement is intended to last until 18, care leaver); two clocks start
on dates that arrive (the 16th birthday, and the window around each birthday from 17 to 21)."""

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from hearth.care.episodes import LONG_TERM_FOSTER, Regime
from hearth.core.calendar import add_calendar_months, add_days
from hearth.core.council_settings import SettingsSnapshot, current_snapshot, declare
from hearth.core.timescales.circumstances import Setter, register_circumstances
from hearth.core.timescales.dated import DatedSource, register_dated
from hearth.core.timescales.rules import (
    Interval,
    IntervalChoice,
    Owner,
    Profile,
    Rule,
    Unit,
    When,
    register_rules,
)
from hearth.people.timescales import birthdays_between, birthdays_of, lived_until
from hearth.visits.rules import failed_visit_rules

register_circumstances(
    Setter(
        "care.started",
        {
            "looked_after": True,
            "legal_status": "$legal_status_code",
            "care_since": "@day",
            "first_review_held": False,
        },
    ),
    Setter(
        "care.ended", {"looked_after": False, "placement_type": None, "long_term": None, "visit_regime": None}
    ),
    Setter(
        "placement.started",
        {
            "placement_type": "$placement_type_code",
            "placement_since": "@day",
            "long_term": "$long_term",
            "visit_regime": "$visit_regime",
            "fewer_visits_agreed": False,
        },
    ),
    Setter(
        "care.legal_status_changed", {"legal_status": "$legal_status_code", "visit_regime": "$visit_regime"}
    ),
    Setter("lac_review.held", {"first_review_held": True}),
    Setter("lac_visit.completed", {"fewer_visits_agreed": "$fewer_visits_agreed"}),
    Setter("care_leaver.started", {"care_leaver": True}),
)

declare(
    "lac_visit_interval_long_term_foster_agreed",
    "Longest interval between visits to a child in a long-term foster placement after its first year, where the "
    "child (of sufficient understanding) agrees to fewer visits",
    {"amount": 3, "unit": "months"},
    "CPPCR 2010 reg 28(2) as amended by SI 2015/495: believed to allow 6-monthly visits; the exact wording is "
    "unverified (timescales.md 1.3 [R]), so the interval is a setting, 3 months (reg 28 as made) until a council "
    "confirms it",
)
declare(
    "lac_short_break_visit_interval",
    "Interval between visits to a child on short breaks, on days the child is placed",
    {"amount": 3, "unit": "months"},
    "CPPCR 2010 reg 48(3)(c): at regular intervals agreed with the IRO and the parents; the council's usual "
    "agreement is the setting",
)
declare(
    "placement_notification_working_days",
    "Working days after a placement starts by which the host council (outside the area), the school and the doctor "
    "are told in writing",
    5,
    "CPPCR 2010 reg 13(1): before the placement or, in an emergency, within 5 working days",
)
declare(
    "iro_allocation_working_days",
    "Working days after a child becomes looked after by which an independent reviewing officer is allocated",
    5,
    "IRO Handbook 2010 (good practice: within 5 working days; timescales.md 1.3 [S])",
)
declare(
    "lac_review_decisions_working_days",
    "Working days after a looked-after review by which its decisions are circulated",
    5,
    "IRO Handbook 2010 (about 5 working days; timescales.md 1.3 [R], so a setting)",
)
declare(
    "lac_review_record_working_days",
    "Working days after a looked-after review by which its full record is completed",
    20,
    "IRO Handbook 2010 (about 20 working days; timescales.md 1.3 [R], so a setting)",
)
declare(
    "iro_caseload_highest",
    "The most looked-after children a full-time independent reviewing officer should hold",
    70,
    "IRO Handbook 2010 paragraph 7.15: a caseload of 50 to 70 looked-after children for a full-time IRO",
)
declare(
    "lac_failed_visit_follow_up_working_days",
    "Working days within which a failed looked-after child visit is followed up and the child seen",
    1,
    "Local standard (inspection report 2012 paragraph 19)",
)

declare(
    "care_leaver_contact_window_months_before",
    "Months before a care leaver's 17th to 21st birthday from which a contact counts for the SSDA903 'in touch'",
    3,
    "DfE CLA data-set note (accommodation measured on or around the birthday); the window is uncertain "
    "(timescales.md 1.4 [R]), so it is a setting",
)
declare(
    "care_leaver_contact_window_months_after",
    "Months after a care leaver's 17th to 21st birthday by which the contact must be made",
    1,
    "As above: the window is uncertain (timescales.md 1.4 [R])",
)
BIRTHDAY_WINDOW = "care_leaver.birthday_window"
IN_TOUCH_AGES = (17, 18, 19, 20, 21)


def _window(birthday: date, on: date, settings: SettingsSnapshot) -> tuple[date, date]:
    """The contact window around a birthday: (opens, closes), months either side (settings)."""
    before = int(settings.value("care_leaver_contact_window_months_before", on))
    after = int(settings.value("care_leaver_contact_window_months_after", on))
    return add_calendar_months(birthday, -before), add_calendar_months(birthday, after)


def _birthday_span(first: date, last: date, settings: SettingsSnapshot) -> tuple[date, date]:
    """Birthdays whose window opens from `first` to `last` fall within this span (a little wide; callers filter)."""
    before = int(settings.value("care_leaver_contact_window_months_before", last))
    return add_days(add_calendar_months(first, before), -3), add_calendar_months(last, before + 1)


def windows_opening(first: date, last: date) -> Iterator[tuple[int, date]]:
    """Each child whose 17th to 21st birthday window opens from `first` to `last` (one query per age)."""
    settings = current_snapshot()
    low, high = _birthday_span(first, last, settings)
    for pk, birthday, _age in birthdays_between(low, high, IN_TOUCH_AGES):
        yield pk, _window(birthday, birthday, settings)[0]


def windows_of(
    base: Mapping[str, Any], first: date, last: date, settings: SettingsSnapshot
) -> Iterator[tuple[date, dict[str, Any]]]:
    low, high = _birthday_span(first, last, settings)
    for birthday, age in birthdays_of(base["born_on"], low, lived_until(base, high), IN_TOUCH_AGES):
        opens, closes = _window(birthday, birthday, settings)
        yield opens, {"age": age, "birthday": birthday.isoformat(), "due_date": closes.isoformat()}


register_dated(
    DatedSource(
        BIRTHDAY_WINDOW,
        find=windows_opening,
        of=windows_of,
        description="A care leaver's 17th to 21st birthday window opens",
    )
)

declare(
    "school_term_starts",
    "The first day of each school term (the council's term calendar): personal education plans are reviewed each term",
    [],
    "DfE 'Promoting the education of looked-after children' (timescales.md 1.3: the PEP is reviewed each school "
    "term); the council's own term dates, as YYYY-MM-DD",
)
TERM_STARTS = "school_term.started"


def _terms(first: date, last: date, settings: SettingsSnapshot) -> list[tuple[date, date | None]]:
    """(the first day of each term from `first` to `last`, the day before the next term starts, if known)."""
    starts = [date.fromisoformat(day) for day in settings.value("school_term_starts", last)]
    following: list[date | None] = [*starts[1:], None] if starts else []  # no calendar set: no terms
    return [
        (start, add_days(after, -1) if after is not None else None)
        for start, after in zip(starts, following, strict=True)
        if first <= start <= last
    ]


def _term_payload(ends: date | None) -> dict[str, Any]:
    return {"due_date": ends.isoformat()} if ends is not None else {}


def terms_starting(first: date, last: date) -> Iterator[tuple[int, date]]:
    """Each child looked after on the first day of a term from `first` to `last` (one query per term)."""
    from hearth.care.models import CarePeriod

    for start, _ends in _terms(first, last, current_snapshot()):
        in_care = CarePeriod.objects.filter(start_date__lte=start).exclude(end_date__lt=start)
        for child_id in in_care.values_list("child_id", flat=True).distinct().iterator():
            yield child_id, start


register_dated(
    DatedSource(
        TERM_STARTS,
        find=terms_starting,
        of=lambda base, first, last, settings: (
            (start, _term_payload(ends)) for start, ends in _terms(first, last, settings)
        ),
        description="A school term starts (the council's term calendar); a school's own dates come with issue 17",
    )
)

CPPCR_FROM = date(2011, 4, 1)
CARE_ENDS = ("care.ended",)

register_rules(
    Rule(
        id="lac.first_review",
        title="First looked-after review held",
        source="Review of Children's Cases Regulations 1991: within 4 weeks of becoming looked after",
        profile=Profile.REGULATIONS,
        in_force_from=date(1991, 10, 14),
        in_force_to=date(2011, 3, 31),
        starts_on=("care.started",),
        satisfied_by=("lac_review.held",),
        ends_on=CARE_ENDS,
        interval=Interval(4, Unit.WEEKS),
    ),
    Rule(
        id="lac.first_review",
        title="First looked-after review held",
        source="CPPCR 2010 reg 33: within 20 working days of becoming looked after",
        profile=Profile.REGULATIONS,
        in_force_from=CPPCR_FROM,
        starts_on=("care.started",),
        satisfied_by=("lac_review.held",),
        ends_on=CARE_ENDS,
        interval=Interval(20, Unit.WORKING_DAYS),
    ),
    Rule(
        id="lac.second_review",
        title="Second looked-after review held",
        source="CPPCR 2010 reg 33: not more than 3 months after the first",
        profile=Profile.REGULATIONS,
        in_force_from=CPPCR_FROM,
        starts_on=("lac_review.held",),
        starts_when={"number": 1},
        satisfied_by=("lac_review.held",),
        ends_on=CARE_ENDS,
        interval=Interval(3, Unit.MONTHS),
    ),
    Rule(
        id="lac.review",
        title="Looked-after review held",
        source="CPPCR 2010 reg 33: subsequent reviews not more than 6 months apart",
        profile=Profile.REGULATIONS,
        in_force_from=CPPCR_FROM,
        starts_on=("lac_review.held",),
        satisfied_by=("lac_review.held",),
        satisfied_when={"subsequent": True},
        ends_on=CARE_ENDS,
        interval=Interval(6, Unit.MONTHS),
        starts_when={"subsequent": True},
    ),
    Rule(
        id="lac.placement_visit",
        title="Visit within a week of a new placement",
        source="CPPCR 2010 reg 28(2): within 1 week of the start of any placement",
        profile=Profile.REGULATIONS,
        in_force_from=CPPCR_FROM,
        starts_on=("placement.started",),
        satisfied_by=("lac_visit.completed",),
        ends_on=(*CARE_ENDS, "placement.started"),
        interval=Interval(7, Unit.DAYS),
    ),
    Rule(
        id="lac.visit",
        statutory_visit=True,
        title="Looked-after child visited",
        source="CPPCR 2010 reg 28(2): at intervals of not more than 6 weeks in the first year of a placement",
        profile=Profile.REGULATIONS,
        in_force_from=CPPCR_FROM,
        starts_on=("lac_visit.completed",),
        satisfied_by=("lac_visit.completed",),
        satisfied_when={"seen": True},  # a visit where the child was not seen does not count (issue 14)
        ends_on=(*CARE_ENDS, "placement.started"),
        interval=Interval(6, Unit.WEEKS),
        # Regulation 28's variants (timescales.md 1.3), the first that holds on the day of the last visit:
        interval_by=(
            # 28(3), 28(4): placed with a parent before the assessment is complete, with a temporarily approved
            # connected person or at home under an interim care order: weekly until the first review...
            IntervalChoice(
                (
                    When(
                        "visit_regime",
                        "in",
                        (Regime.WITH_PARENT_BEFORE_ASSESSMENT, Regime.TEMPORARY_OR_ICO_AT_HOME),
                    ),
                    When("first_review_held", "==", False),
                ),
                Interval(1, Unit.WEEKS),
            ),
            # ...then 28(4) 4-weekly (28(3) goes on to the standard 6 weeks).
            IntervalChoice(
                (When("visit_regime", "==", Regime.TEMPORARY_OR_ICO_AT_HOME),), Interval(4, Unit.WEEKS)
            ),
            # Regulation 48: short breaks, at intervals agreed with the IRO and the parents.
            IntervalChoice(
                (When("visit_regime", "==", Regime.SHORT_BREAKS),), setting="lac_short_break_visit_interval"
            ),
            # 28(2) after the first year of a long-term foster placement where the child agrees to fewer visits
            # (the 2015 amendment; unverified, so a setting).
            IntervalChoice(
                (
                    When("placement_type", "in", tuple(LONG_TERM_FOSTER)),
                    When("months_in_placement", ">=", 12),
                    When("fewer_visits_agreed", "==", True),
                ),
                setting="lac_visit_interval_long_term_foster_agreed",
            ),
            # 28(2) as made: after the first year of a placement intended to last until 18, at most 3-monthly.
            IntervalChoice(
                (When("long_term", "==", True), When("months_in_placement", ">=", 12)),
                Interval(3, Unit.MONTHS),
            ),
        ),
    ),
    Rule(
        id="lac.care_order_visit",
        title="Visit within a week of a care order, living with a parent",
        source="CPPCR 2010 reg 28(5): a child on a full care order living with a parent is visited within 1 week "
        "of the order",
        profile=Profile.REGULATIONS,
        in_force_from=CPPCR_FROM,
        starts_on=("care.legal_status_changed",),
        starts_when={"visit_regime": Regime.CARE_ORDER_AT_HOME},
        satisfied_by=("lac_visit.completed",),
        satisfied_when={"seen": True},
        ends_on=(*CARE_ENDS, "placement.started"),
        interval=Interval(7, Unit.DAYS),
    ),
    Rule(
        id="lac.care_plan",
        title="Care plan prepared",
        source="CPPCR 2010 reg 4(2): before the first placement or, if not practicable, within 10 working days of "
        "its start",
        profile=Profile.REGULATIONS,
        in_force_from=CPPCR_FROM,
        starts_on=("placement.started",),
        starts_when={"first": True},
        satisfied_by=("care_plan.prepared",),
        ends_on=CARE_ENDS,
        interval=Interval(10, Unit.WORKING_DAYS),
    ),
    Rule(
        id="lac.placement_plan",
        title="Placement plan agreed with the carer",
        source="CPPCR 2010 reg 9(2): before the placement or, if not reasonably practicable, within 5 working days "
        "of its start",
        profile=Profile.REGULATIONS,
        in_force_from=CPPCR_FROM,
        starts_on=("placement.started",),
        satisfied_by=("placement_plan.prepared",),
        ends_on=(*CARE_ENDS, "placement.started"),
        interval=Interval(5, Unit.WORKING_DAYS),
    ),
    *(
        Rule(
            id=f"lac.notify_{who}",
            title=f"Placement notified to the {words}",
            source="CPPCR 2010 reg 13(1): written notification before the placement, or within 5 working days "
            "(a setting)",
            profile=Profile.REGULATIONS,
            in_force_from=CPPCR_FROM,
            starts_on=("placement.started",),
            starts_when=when,
            starts_if=condition,
            satisfied_by=("letter.sent",),
            satisfied_when={"code": f"placement_{who}"},
            ends_on=(*CARE_ENDS, "placement.started"),
            interval_setting="placement_notification_working_days",
        )
        for who, words, when, condition in (
            ("host_council", "host council", {"out_of_area": True}, ()),
            ("school", "child's school", {}, (When("age", ">=", 5),)),
            ("doctor", "child's doctor", {}, ()),
        )
    ),
    Rule(
        id="care.proceedings",
        title="Care proceedings decided within 26 weeks",
        source="Children and Families Act 2014 s.14 (Children Act 1989 s.32(1)(a)): care and supervision proceedings "
        "disposed of within 26 weeks of being issued, in force 22 April 2014",
        profile=Profile.REGULATIONS,
        in_force_from=date(2014, 4, 22),
        starts_on=("care_proceedings.issued",),
        satisfied_by=("legal_order.made",),
        satisfied_when={"final": True},
        interval=Interval(26, Unit.WEEKS),
        may_pause=False,
    ),
    Rule(
        id="lac.iro_allocated",
        title="Independent reviewing officer allocated",
        source="Children Act 1989 s.25A; IRO Handbook 2010: before the first review, good practice within 5 "
        "working days (a setting)",
        profile=Profile.REGULATIONS,
        in_force_from=CPPCR_FROM,
        starts_on=("care.started",),
        satisfied_by=("care.iro_allocated",),
        ends_on=CARE_ENDS,
        interval_setting="iro_allocation_working_days",
        owner=Owner.TEAM,
    ),
    Rule(
        id="lac.review_decisions",
        title="Review decisions circulated",
        source="IRO Handbook 2010: the review's decisions circulated within about 5 working days (a setting)",
        profile=Profile.REGULATIONS,
        in_force_from=CPPCR_FROM,
        starts_on=("lac_review.held",),
        satisfied_by=("lac_review.decisions_circulated",),
        satisfied_start_from="review_event",
        one_at_a_time=False,
        interval_setting="lac_review_decisions_working_days",
        owner=Owner.NAMED,
        owner_from="iro_id",
    ),
    Rule(
        id="lac.review_record",
        title="Review record completed",
        source="IRO Handbook 2010: the full record of the review within about 20 working days (a setting)",
        profile=Profile.REGULATIONS,
        in_force_from=CPPCR_FROM,
        starts_on=("lac_review.held",),
        satisfied_by=("lac_review.record_completed",),
        satisfied_start_from="review_event",
        one_at_a_time=False,
        interval_setting="lac_review_record_working_days",
        owner=Owner.NAMED,
        owner_from="iro_id",
    ),
    Rule(
        id="lac.recommendation",
        title="Review recommendation done",
        source="Inspection report 2012 paragraph 90: recommendations specific and measurable, each owned and dated, "
        "followed up; the date set at the review",
        profile=Profile.LOCAL,
        in_force_from=CPPCR_FROM,
        starts_on=("lac_review.recommendation",),
        satisfied_by=("lac_review.recommendation_done",),
        satisfied_start_from="recommendation_event",
        one_at_a_time=False,
        interval=Interval(20, Unit.WORKING_DAYS),
        due_date_from="due_date",
        owner=Owner.NAMED,
        owner_from="owner_id",
        ends_on=CARE_ENDS,
    ),
    *failed_visit_rules(
        prefix="lac",
        visits="looked-after child visit",
        failed_event="lac_visit.failed",
        seen_event="lac_visit.completed",
        failed_seen_event="lac_visit.failed_seen",
        ends_on=CARE_ENDS,
        follow_up_setting="lac_failed_visit_follow_up_working_days",
        in_force_from=CPPCR_FROM,
    ),
    Rule(
        id="leaving_care.needs_assessment",
        title="Needs assessment of an eligible child (16th birthday)",
        source="CPPCR 2010 reg 42(1): not more than 3 months after the 16th birthday of a child still looked after",
        profile=Profile.REGULATIONS,
        in_force_from=CPPCR_FROM,
        starts_on=("child.birthday",),
        starts_when={"age": 16},
        starts_if=(When("looked_after", "==", True),),
        satisfied_by=("care_leaver.needs_assessment",),
        interval=Interval(3, Unit.MONTHS),
    ),
    Rule(
        id="leaving_care.birthday_contact",
        title="In touch around the birthday (17 to 21)",
        source="DfE SSDA903 care leavers: activity, accommodation and in touch recorded around each birthday from "
        "17 to 21; the window (3 months before to 1 month after) is a setting",
        profile=Profile.REGULATIONS,
        in_force_from=date(2014, 4, 1),
        starts_on=(BIRTHDAY_WINDOW,),
        starts_if=(When("care_leaver", "==", True),),
        satisfied_by=("care_leaver.contact",),
        interval=Interval(4, Unit.MONTHS),
        due_date_from="due_date",
        one_at_a_time=False,
        counts_only_in_window=True,
        may_pause=False,
    ),
)
