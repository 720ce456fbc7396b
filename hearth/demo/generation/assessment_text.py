"""What an assessment says, as short phrase banks: the child's and parents' views, the household, the analysis
and the manager's rationale for each outcome, why it was late, why a child was not seen; and the closing summary
of a child in need episode for each reason for closure.

Proportions chosen for the demo (see children_in_need.assessment): the child is seen in 96% of assessments,
within a week of the start; of children four or older who are seen, half are seen alone and nine in ten give
their views (the rest decline or are not able to); children under four are never seen alone and their views are
recorded as not obtained (too young), with what was observed instead. An assessment still in progress today has
been sent for authorisation in about one case in five; 85% of completed assessments are shared with the parents
within ten days.
"""

from __future__ import annotations

from hearth.children_in_need.models import AssessmentOutcome
from hearth.demo.generation.codes import Weighted

Outcome = AssessmentOutcome
# The worker's recommendation on an assessment sent for authorisation but not yet authorised today.
RECOMMENDED = Weighted(
    ((Outcome.CIN_PLAN.value, 50), (Outcome.NO_FURTHER_ACTION.value, 30), (Outcome.EARLY_HELP.value, 20))
)
VIEWS = (
    "Said they like living at home but hate it when mum and dad shout; wants the arguments to stop.",
    "Told me they feel safe at home and at school; worried about mum being sad.",
    "Said things are better since dad moved out; likes their new teacher.",
    "Said they sometimes go to school hungry and would like breakfast club.",
    "Did not want to talk about home at first; drew a picture of the family and said everyone is kind to them.",
    "Wants to see their dad more often and to stay at the same school.",
    "Said they look after their little brother a lot and get tired.",
)
VIEWS_NOT_GIVEN = (
    "Declined to speak with the worker on two visits; views gathered from school staff.",
    "Communicates non-verbally; views gathered through observation with the class teacher.",
)
TOO_YOUNG = (
    "Too young to give views; observed with mother: warm interaction, settled and responsive.",
    "Baby too young to give views; observed being fed and changed; well cared for during the visit.",
    "Too young to give views in words; observed at play at the children's centre, seeking comfort from mother.",
)
NOT_SEEN = (
    "Child not seen during the assessment: family did not engage with visits; information from school and health.",
    "Child not seen: staying with relatives out of area; views gathered by phone through the parent.",
)
NOT_SEEN_VISIT = (
    "No one at home at the arranged time",
    "Child at school trip; seen by school the same day",
    "Parent declined the visit",
    "Child asleep and unwell; visit rearranged",
)
PARENTS_VIEWS = (
    "Mother accepts things have been difficult and wants help with routines and money worries.",
    "Parents disagree that there are concerns but will work with the plan to show the children are safe.",
    "Mother is worried about her own mental health and would like support; father did not take part.",
    "Father says the incident was a one-off; mother wants support from the domestic abuse service.",
    "Parents welcome support and have already contacted the children's centre.",
)
FINDINGS = {
    "Mother": "Main carer; engaged with the assessment; strengths in warmth and commitment to the children.",
    "Father": "Lives in the household; checks completed; concerns about alcohol use noted by police.",
    "Partner": "Mother's partner; checks completed with police and his local authority; no concerns found.",
}
ANALYSIS = {
    Outcome.NO_FURTHER_ACTION.value: "Needs are met by universal services; no further concerns identified.",
    Outcome.EARLY_HELP.value: "Needs are below the threshold for social care but the family would benefit from "
    "early help with routines, school attendance and support for mother.",
    Outcome.CIN_PLAN.value: "The children's needs are not met without services: a child in need plan is needed to "
    "improve home conditions, attendance and support for the parents.",
    Outcome.STRATEGY.value: "There is reasonable cause to suspect significant harm: a strategy discussion is needed.",
    Outcome.LOOKED_AFTER.value: "The children cannot be kept safe at home; care proceedings or accommodation needed.",
    Outcome.CORE_ASSESSMENT.value: "The initial assessment shows complex needs: a core assessment is needed.",
}
RATIONALE = {
    Outcome.NO_FURTHER_ACTION.value: "Agree: no role for children's social care; advice given to the family.",
    Outcome.EARLY_HELP.value: "Agree: step down to early help with a team around the child.",
    Outcome.CIN_PLAN.value: "Agree: child in need plan; first review in three months.",
    Outcome.STRATEGY.value: "Agree: strategy discussion held with police and health.",
    Outcome.LOOKED_AFTER.value: "Agree: legal planning meeting arranged.",
    Outcome.CORE_ASSESSMENT.value: "Agree: core assessment to start now.",
    "": "Agree with the worker's analysis.",
}
LATE_REASONS = (
    "Family did not attend two planned visits; waiting for information from health.",
    "Worker's caseload: assessment reallocated during sickness absence.",
    "Waiting for police checks on a new partner.",
    "Interpreter needed for the parents; first available appointment after the timescale.",
)
# A closing summary for each CIN census reason for closure (the ones the demo closes episodes with).
CLOSURE_SUMMARIES: dict[str, tuple[str, ...]] = {
    "RC1": ("Adoption order granted; the adoption service continues to support the family.",),
    "RC3": (
        "Child arrangements order made; the child lives with a relative who is meeting their needs.",
        "Child arrangements order in place; no further role for children's social care.",
    ),
    "RC4": (
        "Special guardianship order granted to the grandparents; support plan agreed with them.",
        "Special guardianship order made; the special guardianship support team will offer support.",
    ),
    "RC7": (
        "The plan's outcomes are met and the family agrees the case can close; they know how to ask for help.",
        "Improvements at home have lasted six months: no further role for social care. School and GP told.",
        "Closing summary shared with the family, the school and the health visitor; needs met by universal "
        "services.",
    ),
    "RC8": (
        "Assessment complete: needs can be met by universal services. The family and the referrer were told.",
        "No further action after assessment; advice given to the parents and the school informed.",
        "Concerns not substantiated by the assessment; the family was given information about local support.",
    ),
    "RC9": ("Stepped down to early help (Early help).",),
}
