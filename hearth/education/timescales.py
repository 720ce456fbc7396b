"""The personal education plan's timescales (timescales.md 1.3): started within 10 working days of becoming looked
after, ready for the first review (20 working days), and reviewed each school term (the council's term calendar,
`school_term_starts`)."""

from datetime import date

from hearth.care.timescales import TERM_STARTS
from hearth.core.timescales.rules import Interval, Profile, Rule, Unit, When, register_rules

PEP_GUIDANCE_FROM = date(2014, 7, 1)  # "Promoting the education of looked-after children" (2014, 2018)
CARE_ENDS = ("care.ended",)
# A PEP from the early years (3): the guidance asks for one for every looked-after child of compulsory school age
# and encourages one from the early years, which most councils adopt.
OF_AGE = When("age", ">=", 3)

register_rules(
    Rule(
        id="education.pep_started",
        title="Personal education plan started",
        source="DfE statutory guidance 'Promoting the education of looked-after children': the PEP initiated within "
        "10 working days of becoming looked after (CPPCR 2010 reg 5: part of the care plan)",
        profile=Profile.REGULATIONS,
        in_force_from=PEP_GUIDANCE_FROM,
        starts_on=("care.started",),
        starts_if=(OF_AGE,),
        satisfied_by=("pep.started",),
        ends_on=CARE_ENDS,
        interval=Interval(10, Unit.WORKING_DAYS),
    ),
    Rule(
        id="education.pep_for_first_review",
        title="Personal education plan ready for the first review",
        source="DfE statutory guidance 'Promoting the education of looked-after children': the PEP completed and "
        "available for the first review of the care plan (20 working days)",
        profile=Profile.REGULATIONS,
        in_force_from=PEP_GUIDANCE_FROM,
        starts_on=("care.started",),
        starts_if=(OF_AGE,),
        satisfied_by=("pep.signed_off",),
        ends_on=CARE_ENDS,
        interval=Interval(20, Unit.WORKING_DAYS),
    ),
    Rule(
        id="education.pep_review",
        title="Personal education plan reviewed this term",
        source="DfE statutory guidance 'Promoting the education of looked-after children': the PEP reviewed each "
        "school term; by the term's last day in the council's term calendar (12 weeks where the next term is not "
        "yet set)",
        profile=Profile.REGULATIONS,
        in_force_from=PEP_GUIDANCE_FROM,
        starts_on=(TERM_STARTS,),
        starts_if=(When("looked_after", "==", True), OF_AGE),
        satisfied_by=("pep.signed_off",),
        ends_on=CARE_ENDS,
        interval=Interval(12, Unit.WEEKS),
        due_date_from="due_date",
        one_at_a_time=False,  # each term its own duty: a missed term stays overdue until a later review meets it
    ),
)
