"""Health timescales for children in care (timescales.md 1.3): the initial health assessment, review health
assessments by age, and the council's own for dental checks, the SDQ and the health action plan's actions."""

from datetime import date

from hearth.core.council_settings import declare
from hearth.core.timescales.rules import (
    Interval,
    IntervalChoice,
    Profile,
    Rule,
    Unit,
    When,
    register_rules,
)

CPPCR_FROM = date(2011, 4, 1)
CARE_STARTS = ("care.started",)
CARE_ENDS = ("care.ended",)
LOOKED_AFTER = When("looked_after", "==", True)

declare(
    "health_dental_check_interval",
    "Interval between a looked-after child's dental checks",
    {"amount": 12, "unit": "months"},
    "Uncertain (not in timescales.md): the 2015 statutory guidance on the health of looked-after children asks for "
    "dental checks in the health plan without a national interval; the SSDA903 (OC2 TEETH_CHECK) counts a check "
    "in the year, and some councils ask for one every 6 months",
)
declare(
    "health_sdq_interval",
    "Interval between a looked-after child's strengths and difficulties questionnaires (ages 4 to 16)",
    {"amount": 12, "unit": "months"},
    "DfE: an SDQ each year for children looked after aged 4 to 16 (SSDA903 OC2 SDQ_SCORE; validator rule 186)",
)

register_rules(
    Rule(
        id="health.initial_assessment",
        title="Initial health assessment",
        source="CPPCR 2010 reg 7: before the first placement or, if not reasonably practicable, before the first "
        "review; statutory guidance 'Promoting the health and well-being of looked-after children' (2015): "
        "within 20 working days of becoming looked after",
        profile=Profile.REGULATIONS,
        in_force_from=CPPCR_FROM,
        starts_on=CARE_STARTS,
        satisfied_by=("health.assessed",),
        ends_on=CARE_ENDS,
        interval=Interval(20, Unit.WORKING_DAYS),
    ),
    Rule(
        id="health.review_assessment",
        title="Review health assessment",
        source="CPPCR 2010 reg 8: at least every 6 months before the child's 5th birthday, at least every 12 months "
        "from it. The age on the day of the last assessment decides (a child assessed at 4 years 11 months is due "
        "again 6 months later): the statute's wording at the 5th birthday is not verified (timescales.md [R])",
        profile=Profile.REGULATIONS,
        in_force_from=CPPCR_FROM,
        starts_on=("health.assessed",),
        starts_if=(LOOKED_AFTER,),
        satisfied_by=("health.assessed",),
        ends_on=CARE_ENDS,
        interval=Interval(12, Unit.MONTHS),
        interval_by=(IntervalChoice((When("age", "<", 5),), Interval(6, Unit.MONTHS)),),
    ),
    Rule(
        id="health.dental_check",
        title="Dental check",
        source="Statutory guidance on the health of looked-after children (2015): dental checks in the health "
        "plan; the interval is the council's setting",
        profile=Profile.LOCAL,
        in_force_from=CPPCR_FROM,
        starts_on=(*CARE_STARTS, "health.dental_checked"),
        starts_if=(LOOKED_AFTER,),
        satisfied_by=("health.dental_checked",),
        ends_on=CARE_ENDS,
        interval_setting="health_dental_check_interval",
    ),
    Rule(
        id="health.sdq",
        title="Strengths and difficulties questionnaire",
        source="DfE: the SDQ completed each year for each child looked after aged 4 to 16 (SSDA903 OC2)",
        profile=Profile.LOCAL,
        in_force_from=date(2008, 4, 1),
        starts_on=(*CARE_STARTS, "health.sdq_completed"),
        starts_if=(LOOKED_AFTER, When("age", ">=", 4), When("age", "<", 17)),
        satisfied_by=("health.sdq_completed",),
        ends_on=CARE_ENDS,
        interval_setting="health_sdq_interval",
    ),
    Rule(
        id="health.action",
        title="Health action plan action done",
        source="Statutory guidance on the health of looked-after children (2015): the health plan's actions, each "
        "with who and by when; the date set on the action",
        profile=Profile.LOCAL,
        in_force_from=date(2000, 1, 1),
        starts_on=("health.action_added",),
        satisfied_by=("health.action_done",),
        interval=Interval(20, Unit.WORKING_DAYS),
        one_at_a_time=False,
        due_date_from="due_date",
        satisfied_start_from="added_event",
    ),
)
