"""Looked-after children timescales (timescales.md 1.3): CPPCR 2010 (SI 2010/959), in force 1 April 2011."""

from datetime import date

from hearth.core.timescales.rules import Interval, Profile, Rule, Unit, register_rules

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
    ),
)
