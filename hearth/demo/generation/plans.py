"""Plan outcomes and their reviews, shared by child in need plans and early help (as hearth.plans records them).

Proportions chosen for the demo:

- A child in need plan has 2 to 4 outcomes (about a third each), added on the day the plan starts or within a
  week; an early help plan has 2 or 3, added on the day of the early help assessment. Each outcome is drawn from
  a small bank of realistic outcomes (what must change, the action, who does it and the measure) and is due
  3 to 9 months after it was added.
- At each review every outcome not yet achieved gets a progress rating: worse 6%, no progress 14%, some 38%,
  good 30%, achieved 12% (rising by 6 points a review); an achieved outcome is not reviewed again, and the last
  outcome still open stays open while the plan lasts.
"""

from __future__ import annotations

from hearth.demo.generation.codes import Weighted
from hearth.demo.generation.story import Story
from hearth.plans.models import Progress, ReviewKind

CIN_PLAN, EARLY_HELP_PLAN = "Child in need plan", "Early help plan"
# (what must change, the action, who does it, how we will know)
_CIN_OUTCOMES = (
    (
        "The children are at school every day and on time",
        "Morning routine agreed with mother; school to ring home by 9.30 on any absence",
        "Mother, with the school's attendance officer",
        "Attendance above 95% each half term on the school's register",
    ),
    (
        "The home is clean, safe and has food in it",
        "Weekly home visits by the family support worker; help with a cleaning rota and budgeting",
        "Family support worker",
        "Home conditions checklist scored good at four visits in a row",
    ),
    (
        "Mother is free from domestic abuse",
        "Referral to the domestic abuse service's Freedom Programme; safety plan reviewed",
        "Domestic abuse service",
        "Mother completes the programme; no further police notifications",
    ),
    (
        "Father's drinking no longer affects his care of the children",
        "Father engages with the community alcohol service and agrees testing",
        "Community alcohol service",
        "Three months of negative tests; no incidents reported by school or police",
    ),
    (
        "The baby's health and development are on track",
        "Health visitor sees the baby fortnightly; all appointments kept",
        "Health visitor",
        "Weight on centile at each check; immunisations up to date",
    ),
    (
        "The young person feels safe and happier at home",
        "Weekly sessions with the young people's worker; family mediation offered",
        "Young people's worker",
        "The young person says so at each visit; no missing episodes",
    ),
    (
        "Mother's mental health is supported so she can care for the children",
        "Mother sees her GP and the perinatal mental health team as arranged",
        "Mother, with her GP",
        "Appointments kept; mother reports feeling better at each review",
    ),
    (
        "The family has a settled home",
        "Housing options appointment; support with the rent arrears plan",
        "Social worker, with the housing officer",
        "Tenancy secured and arrears repaid as agreed",
    ),
    (
        "The children have clear routines and boundaries at home",
        "Parents attend the Triple P parenting course",
        "Parents",
        "Course completed; school reports settled behaviour",
    ),
    (
        "The child's disability needs are met at home and school",
        "Occupational therapy assessment; short breaks arranged",
        "Children with disabilities service",
        "Equipment in place and short breaks used each month",
    ),
)
_EH_OUTCOMES = (
    (
        "The children get to school every day",
        "Attendance plan agreed with the school; family support worker helps with mornings",
        "School and family support worker",
        "Attendance above 95% at the next team around the child meeting",
    ),
    (
        "Bedtime and morning routines are calm and consistent",
        "Parenting sessions at home with the family support worker",
        "Family support worker",
        "Parent's own routine diary shows routines kept five days a week",
    ),
    (
        "Mother feels less isolated and better able to cope",
        "Introduced to the children's centre stay and play group and a parents' peer group",
        "Children's centre worker",
        "Mother attends weekly and rates her wellbeing higher at each meeting",
    ),
    (
        "The family's money and housing worries are eased",
        "Benefits check and referral to the debt advice service",
        "Family support worker",
        "Benefits claimed and a repayment plan agreed",
    ),
    (
        "The young person's anxiety is managed and they are back in lessons",
        "Referral to the school's mental health support team; reduced timetable for four weeks",
        "School",
        "Full timetable attended; the young person says they feel calmer",
    ),
    (
        "The child's speech and language are developing",
        "Referral to speech and language therapy; daily reading at home",
        "Health visitor",
        "Therapy appointments kept; progress at the two-year review",
    ),
)
_PROGRESS = Weighted(
    (
        (Progress.WORSE.value, 6),
        (Progress.NONE.value, 14),
        (Progress.SOME.value, 38),
        (Progress.GOOD.value, 30),
        (Progress.ACHIEVED.value, 12),
    )
)
_NOTES = {
    Progress.WORSE.value: "Concerns have increased since the last review",
    Progress.NONE.value: "No change since the last review",
    Progress.SOME.value: "Some improvement; the action continues",
    Progress.GOOD.value: "Good progress reported by the family and professionals",
    Progress.ACHIEVED.value: "Achieved: the measure has been met",
}
_SUMMARIES = (
    "Plan reviewed with the family and professionals; progress noted and the plan continues.",
    "Progress is steady; actions updated and the plan continues.",
    "Some concerns remain; actions strengthened and the plan continues.",
    "Good progress; the family agree the plan continues for now.",
)
_ATTENDEES = {
    ReviewKind.REVIEW.value: (
        "Mother, father, social worker, school, health visitor",
        "Mother, social worker, school designated safeguarding lead",
        "Parents, social worker, GP (report), family support worker",
    ),
    ReviewKind.TEAM_AROUND_THE_CHILD.value: (
        "Mother, family support worker, school, health visitor",
        "Parents, lead professional, school, children's centre worker",
        "Mother, lead professional, school nurse",
    ),
}
_REVIEWED = {
    ReviewKind.REVIEW.value: "cin_plan.reviewed",
    ReviewKind.TEAM_AROUND_THE_CHILD.value: "early_help.reviewed",
}


def outcomes(story: Story, plan: int, is_cin: bool, added: int, count: int, by: int | None = -1) -> list[int]:
    """`count` outcomes added to the plan (record slot `plan`) on `added`, each with its plan.outcome_added event
    (recorded by `by`; -1, the default, is the allocated worker)."""
    g, rng = story.g, story.rng
    bank = _CIN_OUTCOMES if is_cin else _EH_OUTCOMES
    title = CIN_PLAN if is_cin else EARLY_HELP_PLAN
    slots = []
    for what, action, owner, measure in rng.sample(bank, count):
        due = added + story.u(90, 270)
        slot = story.record(
            "outcome",
            -1,
            [
                plan if is_cin else None,
                None if is_cin else plan,
                what,
                action,
                owner,
                due,
                measure,
                added,
                None,
                None,  # a child protection plan's outcomes: protection.cp_outcomes
                "",
                "",
            ],
        )
        story.ev(
            added,
            "plan.outcome_added",
            g.payload("plan.outcome_added", plan=title, what=what[:120]),
            slot,
            by,
        )
        slots.append(slot)
    return slots


def reviews(
    story: Story, plan: int, is_cin: bool, kind: str, days: list[int], targets: list[int], by: int | None = -1
) -> None:
    """A review on each of `days` recording progress on each outcome not yet achieved (achieved ones close)."""
    g = story.g
    event = _REVIEWED[kind]
    payload = g.payload(event, kind=ReviewKind(kind).label)
    attendees = _ATTENDEES[kind]
    still = list(targets)
    for number, day in enumerate(days):
        review = story.record(
            "review",
            -1,
            [
                plan if is_cin else None,
                None if is_cin else plan,
                kind,
                day,
                attendees[int(story.r() * len(attendees))],
                _SUMMARIES[int(story.r() * len(_SUMMARIES))],
                None,
                None,
            ],
        )
        progress(story, review, still, day, _PROGRESS, 0.06 * number)
        story.ev(day, event, payload, review, by)


def progress(
    story: Story, review: int, still: list[int], day: int, weights: Weighted, achieve: float
) -> None:
    """Progress at a review on each outcome in `still` (those not yet achieved; achieved ones leave it), with an
    extra `achieve` chance of achieving each; the last outcome still open stays open while the plan lasts."""
    rng, r, records = story.rng, story.r, story.records
    for outcome in list(still):
        chosen = weights.pick(rng)
        if chosen != Progress.ACHIEVED.value and r() < achieve:
            chosen = Progress.ACHIEVED.value
        if chosen == Progress.ACHIEVED.value and len(still) == 1:
            chosen = Progress.GOOD.value  # a plan keeps an outcome to work on while it lasts
        story.record("progress", -1, [review, outcome, chosen, _NOTES[chosen]])
        if chosen == Progress.ACHIEVED.value:
            records[outcome][2][8] = day
            still.remove(outcome)
