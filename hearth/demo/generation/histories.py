"""A family's history with the service: its children's births, earlier closed episodes and where it is today.

Each family's status today comes from the plan; its history is told backwards from there (an open episode
ending today, earlier closed episodes before it) and forwards within each episode, on one Story.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date

from hearth.care.models import CareLeaverStatus
from hearth.children_in_need.models import AssessmentOutcome
from hearth.core.council_settings import DECLARED
from hearth.demo.generation.care import care
from hearth.demo.generation.children_in_need import (
    STRATEGY,
    assessment,
    assessment_days,
    census_year_end,
    cin_plan,
    close,
    enquiry_assessment_done,
    referral,
    weekday_on_or_before,
)
from hearth.demo.generation.codes import W_ADOPTED, W_AT_18, W_CARE_END, Weighted
from hearth.demo.generation.contacts import after_closure
from hearth.demo.generation.early_help import early_help
from hearth.demo.generation.plan import CIC, CIN_A, CIN_P, CL, CLOSED, CP, EH, EHT, LAC, RA, SG
from hearth.demo.generation.protection import (
    AFTER_ASSESSMENT,
    AFTER_PLAN,
    NO_CONFERENCE_SHARE,
    cp_plan,
    section_47,
    section_47_no_conference,
)
from hearth.demo.generation.staff import Worker
from hearth.demo.generation.step_down import ROOM, handover_days, step_down
from hearth.demo.generation.story import HISTORY_DAY, YEAR, Story, birthday, on_weekday

_RC9_DAY = date(2022, 4, 1).toordinal()
# A referral closed with no further action on the day it is decided: the council setting's default.
REFERRAL_NFA_CLOSURE = str(DECLARED["referral_nfa_closure_reason"].default)
_WT2013_DAY = date(2013, 4, 15).toordinal()
CORE_SHARE = 0.35
"""Of initial assessments (2010 profile) in episodes that closed after an assessment or a child in need plan,
those followed by a core assessment (35 working days; about one in eight late)."""
STEP_DOWN_AFTER_PLAN = 0.22
"""Of child in need plans that end, those ending by a step-down to early help (closed RC7 at handover); with
three in ten closures after an assessment from April 2022 (RC9), about one in six of closures after an
assessment or a child in need plan step down."""
STRATEGY_OUTCOME = AssessmentOutcome.STRATEGY.value
CIN_PLAN_OUTCOME = AssessmentOutcome.CIN_PLAN.value
LOOKED_AFTER_OUTCOME = AssessmentOutcome.LOOKED_AFTER.value
EARLY_HELP_OUTCOME = AssessmentOutcome.EARLY_HELP.value
NFA_OUTCOME = AssessmentOutcome.NO_FURTHER_ACTION.value
CORE_OUTCOME = AssessmentOutcome.CORE_ASSESSMENT.value
_AT_18 = "Eighteen today: supported by the leaving care service as a care leaver, with a personal adviser."
_CARE_REASON_TO_CLOSURE = {"E11": "RC1", "E12": "RC1", "E45": "RC4", "E46": "RC4", "E47": "RC4", "E41": "RC3"}
# Durations (days) of each kind of closed episode, roughly, to place it before a later one.
_CLOSED_KINDS = Weighted((("nfa", 18), ("assess", 22), ("eh", 15), ("cin", 22), ("cp", 13), ("care", 10)))
_CLOSED_LENGTH = {"nfa": 10, "assess": 130, "eh": 370, "cin": 620, "cp": 1250, "care": 2650}
_AGE_BANDS: dict[int, tuple[tuple[float, int, int], ...]] = {
    # Looked after: 111 under five, 227 of school age, 50 aged 16-17 (the inspection).
    LAC: ((111, 0, 4), (227, 5, 15), (50, 16, 17)),
    CP: ((35, 0, 4), (30, 5, 9), (30, 10, 15), (5, 16, 17)),
    CIN_A: ((25, 0, 4), (25, 5, 9), (35, 10, 15), (15, 16, 17)),
    CIN_P: ((25, 0, 4), (25, 5, 9), (35, 10, 15), (15, 16, 17)),
    EH: ((35, 0, 4), (30, 5, 9), (30, 10, 15), (5, 16, 17)),
}


def _age_days(rng: random.Random, bands: Sequence[tuple[float, int, int]]) -> int:
    """Age in days from (weight, lowest year, highest year) bands."""
    roll, total = rng.random() * sum(band[0] for band in bands), 0.0
    for weight, lo, hi in bands:
        total += weight
        if roll <= total:
            return int((lo + rng.random() * (hi - lo + 1)) * YEAR)
    return int(bands[-1][1] * YEAR)


class FamilyHistory:
    """Tells one family's history on its Story: the children's dates of birth, then every episode to today."""

    def __init__(self, story: Story, status: int, size: int, worker: Worker | None, behind: bool) -> None:
        self.story = story
        self.rng = story.rng
        self.today = story.today
        self.status = status
        self.size = size
        self.worker = worker
        self.behind = behind  # this family's visits have fallen behind
        self.dobs: list[int] = story.births

    def siblings(self, first_dob: int, latest: int) -> None:
        rng = self.rng
        self.dobs.append(min(first_dob, latest))
        for _ in range(self.size - 1):
            gap = rng.randint(300, 1900) if rng.random() > 0.03 else 0  # twins now and then
            self.dobs.append(min(self.dobs[-1] + gap, latest - rng.randint(0, 30)))

    def prior_episodes(self, before: int) -> None:
        """Earlier, closed episodes before `before`, each including the children born by then."""
        rng = self.rng
        count = (rng.random() < 0.65) + (rng.random() < 0.35) + (rng.random() < 0.15)
        placed: list[tuple[int, str]] = []
        limit = before - rng.randint(30, 400)
        lowest = max(HISTORY_DAY, self.dobs[0] + 1)
        for _ in range(count):
            kind = _CLOSED_KINDS.pick(rng)
            length = _CLOSED_LENGTH[kind]
            if limit - length <= lowest:
                break
            begin = rng.randint(max(lowest, limit - length - 900), limit - length)
            placed.append((begin, kind))
            limit = begin - rng.randint(30, 300)
        # Each closed episode (and any early help it stepped down to) is over before the next one begins.
        following = [before, *(begin for begin, _ in placed)][: len(placed)]
        for (begin, kind), next_begin in reversed(list(zip(placed, following, strict=True))):
            start = on_weekday(begin)
            closed_episode(self.story, kind, start, (start - self.dobs[-1]) / YEAR, next_begin - 20)

    def tell(self) -> None:
        rng, story, today, status = self.rng, self.story, self.today, self.status
        if status == CLOSED:
            kind = _CLOSED_KINDS.pick(rng)
            length = _CLOSED_LENGTH[kind]
            if today - length - 1 <= HISTORY_DAY + 30:
                kind, length = "nfa", 5
            anchor = on_weekday(rng.randint(HISTORY_DAY + 30, today - length - 1))
            oldest_at_anchor = int(rng.random() * max(1.0, 17.5 - length / YEAR) * YEAR)
            self.siblings(anchor - oldest_at_anchor, anchor - 1)
            self.prior_episodes(anchor)
            closed = closed_episode(story, kind, anchor, (anchor - self.dobs[-1]) / YEAR, today - 5)
            after_closure(story, closed + 1)
            return
        if status == CL:
            self.siblings(today - int((18 + rng.random() * 3.9) * YEAR), today)
            self.care_leaver(self.dobs[0])
            return
        self.siblings(today - _age_days(rng, _AGE_BANDS[status]), today - 10)
        assert self.worker is not None
        if status == EH:
            earliest = max(HISTORY_DAY, self.dobs[-1] + 1)
            begin = min(on_weekday(max(earliest, today - rng.randint(0, 365))), today)
            self.prior_episodes(begin)
            early_help(story, begin, None, self.worker)
            return
        self.open_child_in_need()

    def open_child_in_need(self) -> None:
        """A child in need episode open today: being assessed, on a CIN plan, on a protection plan or in care."""
        story, today, status, worker = self.story, self.today, self.status, self.worker
        assert worker is not None
        u, r = story.u, story.r
        earliest = max(HISTORY_DAY, self.dobs[-1] + 1)
        room = today - earliest  # days since the youngest child was born (or since 2010)
        youngest_age = (today - self.dobs[-1]) / YEAR
        if status == CIN_A:
            referred = min(on_weekday(today - u(0, min(room, 75))), today)
            if story.awaiting_authorisation and room > 30:  # long enough to have been sent for authorisation
                referred = min(referred, on_weekday(today - 20))
            year_end = census_year_end(referred)
            if year_end < today:
                # Still being assessed across the 31 March of a census already complete: started within its last
                # 45 working days, or that census queries the assessment (8670Q).
                referred = min(max(referred, on_weekday(year_end - 60)), today)
            self.prior_episodes(referred)
            enquiry = r() < NO_CONFERENCE_SHARE
            # A third of the referrals of this census year still being assessed have no primary need yet: the census
            # rule 8610 lists them on the data quality page until the assessment records it. A referral in a census
            # already complete has its need (8610 is an error there).
            cin, decided = referral(
                story,
                referred,
                need="N1" if enquiry else None,
                decision=STRATEGY if enquiry else "Assessment",
                by_day=today,
                need_at_assessment=not enquiry and r() < 0.35 and census_year_end(referred) >= today,
            )
            story.allocate(decided, worker, "New referral")
            a_start = min(on_weekday(decided + u(0, 2)), today)
            assessment(story, cin, a_start, None)  # in progress today
            if enquiry:
                section_47_no_conference(story, cin, min(on_weekday(a_start + u(0, 8)), today), today)
            return
        if status == CIN_P:
            via_cp = r() < 0.25 and room > 500
            pre = min(u(150, 400) if via_cp else u(20, 60), max(0, room - 5))
            length = min(int(story.rng.expovariate(1 / 250)), 730, max(0, room - pre - 5))
            plan_start = min(on_weekday(today - length), today)
            referred = min(on_weekday(max(earliest, plan_start - pre)), plan_start)
            self.prior_episodes(referred)
            if via_cp:
                strategy = on_weekday(referred + u(2, 10))
                conference = on_weekday(strategy + u(8, 20))
                cin, decided = referral(story, referred, need="N1", decision=STRATEGY, by_day=strategy)
                story.allocate(decided, story.any_worker(RA), "New referral")
                a_start = min(on_weekday(decided + u(0, 2)), strategy)
                done = enquiry_assessment_done(
                    min(conference, a_start + assessment_days(story, a_start)), conference
                )
                assessment(story, cin, a_start, done, STRATEGY_OUTCOME)
                section_47(story, cin, strategy, conference, True)
                story.allocate(conference, worker, "Transfer to long-term team")
                cp_plan(story, cin, conference, plan_start, False)
            else:
                enquiry = r() < NO_CONFERENCE_SHARE
                cin, decided = referral(
                    story,
                    referred,
                    need="N1" if enquiry else None,
                    decision=STRATEGY if enquiry else "Assessment",
                    by_day=plan_start,
                )
                story.allocate(decided, story.any_worker(RA), "New referral")
                a_start = min(on_weekday(decided + u(0, 2)), plan_start)
                done = min(a_start + assessment_days(story, a_start), plan_start)
                if enquiry:
                    strategy = min(on_weekday(a_start + u(0, 8)), plan_start)
                    concluded = section_47_no_conference(story, cin, strategy, plan_start, AFTER_PLAN)
                    done = enquiry_assessment_done(done, concluded or plan_start)
                assessment(story, cin, a_start, done, CIN_PLAN_OUTCOME)
                story.allocate(plan_start, worker, "Transfer to long-term team")
            cin_plan(story, cin, plan_start, None, self.behind)
            return
        if status == CP:
            pre = min(u(20, 50), max(0, room - 3))
            length = min(int(story.rng.expovariate(1 / 260)), 900, max(0, room - pre - 3))
            conference = min(on_weekday(today - length), today)
            referred = min(on_weekday(max(earliest, conference - pre)), conference)
            strategy = min(on_weekday(max(referred, conference - u(8, 20))), conference)
            self.prior_episodes(referred)
            cin, decided = referral(story, referred, need="N1", decision=STRATEGY, by_day=strategy)
            story.allocate(decided, story.any_worker(RA), "New referral")
            a_start = min(on_weekday(decided + u(0, 2)), strategy)
            assessment(story, cin, a_start, conference, STRATEGY_OUTCOME)
            section_47(story, cin, strategy, conference, True)
            story.allocate(conference, worker, "Transfer to long-term team")
            cp_plan(story, cin, conference, None, self.behind)
            return
        # Looked after today: through a protection plan, after an assessment, or in an emergency.
        route = r()
        if route < 0.5 and room > 200:
            pre = u(150, 500)
        elif route < 0.85 and room > 60:
            pre = u(20, 60)
        else:
            pre = u(0, 3)
        pre = min(pre, max(0, room - 3))
        length = min(int(story.rng.expovariate(1 / 700)), max(0, room - pre - 3), 16 * 365)
        care_start = min(on_weekday(today - length), today)
        referred = min(on_weekday(max(earliest, care_start - pre)), care_start)
        self.prior_episodes(referred)
        if pre >= 150:
            strategy = on_weekday(referred + u(2, 10))
            conference = on_weekday(strategy + u(8, 20))
            cin, decided = referral(story, referred, need="N1", decision=STRATEGY, by_day=strategy)
            story.allocate(decided, story.any_worker(RA), "New referral")
            a_start = min(on_weekday(decided + u(0, 2)), strategy)
            assessment(story, cin, a_start, conference, STRATEGY_OUTCOME)
            section_47(story, cin, strategy, conference, True)
            story.allocate(conference, story.any_worker(SG), "Transfer to long-term team")
            cp_plan(story, cin, conference, care_start, False)
        else:
            cin, decided = referral(story, referred, need="N1", by_day=care_start)
            story.allocate(decided, story.any_worker(RA), "New referral")
            a_start = min(on_weekday(decided + u(0, 2)), care_start)
            done = a_start + assessment_days(story, a_start)
            assessment(story, cin, a_start, done if done <= today else None, LOOKED_AFTER_OUTCOME)
        age_at_start = youngest_age - (today - care_start) / YEAR
        if today - care_start > 540 and r() < 0.6:
            # A long spell in care sees a change of worker; the worker today is the one the plan chose.
            first_worker = story.any_worker(CIC)
            story.allocate(care_start, first_worker, "Became looked after")
            care(story, cin, care_start, None, "", age_at_start, self.behind)
            change = min(on_weekday(care_start + u(300, today - care_start - 30)), today)
            story.allocate(change, worker, "Change of worker")
            story.hand_over(first_worker.id, worker.id, change)
        else:
            story.allocate(care_start, worker, "Became looked after")
            care(story, cin, care_start, None, "", age_at_start, self.behind)

    def care_leaver(self, dob: int) -> None:
        """Came into care at 8 to 16 and left at 18; a care leaver today, with a personal adviser."""
        story, worker = self.story, self.worker
        assert worker is not None
        u, r = story.u, story.r
        eighteen = birthday(dob, 18)
        care_start = max(on_weekday(dob + int((8 + r() * 8) * YEAR)), HISTORY_DAY + 200)
        referred = on_weekday(care_start - u(20, 120))
        self.prior_episodes(referred)
        cin, decided = referral(story, referred, need="N1", by_day=care_start)
        story.allocate(decided, story.any_worker(RA), "New referral")
        a_start = min(on_weekday(decided + u(0, 2)), care_start)
        assessment(
            story,
            cin,
            a_start,
            min(a_start + assessment_days(story, a_start), care_start),
            LOOKED_AFTER_OUTCOME,
        )
        story.allocate(care_start, story.any_worker(CIC), "Became looked after")
        reason = W_AT_18.pick(story.rng)
        care(story, cin, care_start, eighteen, reason, (care_start - dob) / YEAR, False)
        close(story, cin, eighteen, "RC7", _AT_18)
        story.allocate(eighteen, worker, "Transfer to leaving care")
        slot = story.record("cl", -1, [CareLeaverStatus.Eligibility.FORMER_RELEVANT.value, eighteen, None])
        story.ev(
            eighteen,
            "care_leaver.started",
            story.g.payload("care_leaver.started", eligibility="former relevant"),
            slot,
        )


def closed_episode(story: Story, kind: str, start: int, youngest_age: float, until: int) -> int:
    """A complete episode from `start`; returns the day it (or the early help it stepped down to) ended, by
    `until` for a step-down (which needs the room)."""
    rng = story.rng
    if kind == "eh":
        end = start + story.u(60, 365)
        early_help(story, start, end, story.any_worker(EHT))
        return end
    if kind == "nfa":
        # Received on a working day: one on a bank holiday at the start of April is before the census year's first
        # working day, where the census queries a referral closed with no further action (8569Q).
        calendar = story.g.engine.calendar
        if not calendar.is_working_day(date.fromordinal(start)):
            start = min(calendar.next_working_day(date.fromordinal(start)).toordinal(), story.today)
        cin, decided = referral(story, start, nfa=True)
        close(story, cin, decided, REFERRAL_NFA_CLOSURE)
        return decided
    protect = kind == "cp" or (kind == "care" and story.r() < 0.5)
    # Some children assessed or planned for as in need were the subject of an enquiry that needed no conference.
    enquiry = kind in ("assess", "cin") and story.r() < NO_CONFERENCE_SHARE
    cin, decided = referral(
        story,
        start,
        need="N1" if kind in ("cp", "care") or enquiry else None,
        decision=STRATEGY if protect or enquiry else "Assessment",
    )
    story.allocate(decided, story.any_worker(RA), "New referral")
    a_start = on_weekday(decided + story.u(0, 2))
    done = a_start + assessment_days(story, a_start)
    day, on_plan = done, False
    step = False
    if protect:
        strategy = on_weekday(a_start + story.u(0, 8))
        conference = on_weekday(strategy + (story.u(22, 35) if story.r() < 0.1 else story.u(8, 20)))
        done = enquiry_assessment_done(min(done, conference), conference)
        assessment(story, cin, a_start, done, STRATEGY_OUTCOME)
        on_plan = kind == "care" or story.r() < 0.85
        section_47(story, cin, strategy, conference, on_plan)
        day = conference
        if on_plan:
            story.allocate(conference, story.any_worker(SG), "Transfer to long-term team")
            end = on_weekday(conference + story.u(120, 600))
            cp_plan(story, cin, conference, end, False)
            day = end
    else:
        if enquiry:  # the assessment completes no earlier than the enquiry
            then = AFTER_PLAN if kind == "cin" else AFTER_ASSESSMENT
            concluded = section_47_no_conference(story, cin, on_weekday(a_start + story.u(0, 8)), None, then)
            done = day = max(done, concluded or done)
        # Under the 2010 profile some initial assessments led to a core assessment.
        core = kind in ("assess", "cin") and a_start + 40 < _WT2013_DAY and story.r() < CORE_SHARE
        if kind == "assess":
            # From April 2022 (RC9) about three in ten closures after an assessment step down to early help.
            # Not after an enquiry: RC8 and RC9 are for a case closed after assessment alone (rule 2990).
            step = (
                not core
                and not enquiry
                and done >= _RC9_DAY
                and story.r() < 0.3
                and until - done >= ROOM + 40
            )
            outcome = EARLY_HELP_OUTCOME if step else NFA_OUTCOME
        else:
            outcome = CIN_PLAN_OUTCOME if kind == "cin" else LOOKED_AFTER_OUTCOME
        if core:
            assessment(story, cin, a_start, done, CORE_OUTCOME)
            core_start = on_weekday(done + story.u(0, 3))
            done = day = core_start + (story.u(55, 80) if story.r() < 0.12 else story.u(20, 47))
            assessment(story, cin, core_start, done, outcome, core=True)
        else:
            assessment(story, cin, a_start, done, outcome)
    if kind == "assess":
        # A case closed "after assessment" closes in the census year its assessment was authorised in, so the
        # census holds the assessment it followed (rule 8825Q); a step-down that would cross 31 March closes
        # without one.
        year_end = census_year_end(day)
        if step:
            requested = on_weekday(day + story.u(0, 5))
            accepted, handover = handover_days(story, requested)
            if handover <= year_end:
                return step_down(story, cin, requested, accepted, handover, until, "RC9")
        close_day = on_weekday(day + story.u(0, 10))
        if close_day > year_end:
            close_day = max(day, weekday_on_or_before(year_end))
        close(story, cin, close_day, "RC7" if enquiry else "RC8")
        return close_day
    if kind == "care":
        care_start = day if on_plan else on_weekday(day + story.u(0, 30))
        adopted = youngest_age < 6 and story.r() < 0.3
        reason = W_ADOPTED.pick(rng) if adopted else W_CARE_END.pick(rng)
        length = story.u(500, 1100) if adopted else 30 + int(rng.expovariate(1 / 420))
        care_end = on_weekday(care_start + min(length, 1800))
        story.allocate(care_start, story.any_worker(CIC), "Became looked after")
        care(story, cin, care_start, care_end, reason, youngest_age + (care_start - start) / YEAR, False)
        close(story, cin, care_end, _CARE_REASON_TO_CLOSURE.get(reason, "RC7"))
        return care_end
    # A child in need plan: directly after the assessment, or stepping down from protection.
    if kind == "cin" or story.r() < 0.5:
        plan_start = day if on_plan else on_weekday(day + story.u(0, 14))
        if story.worker is None or story.worker.kind != SG:
            story.allocate(plan_start, story.any_worker(SG), "Transfer to long-term team")
        plan_end = on_weekday(plan_start + story.u(90, 450))
        # About a fifth of child in need plans end by stepping down to early help (room allowing).
        if story.r() < STEP_DOWN_AFTER_PLAN and until - plan_end >= ROOM + 30:
            accepted, handover = handover_days(story, plan_end)
            cin_plan(story, cin, plan_start, handover, False)
            return step_down(story, cin, plan_end, accepted, handover, until, "RC7")
        cin_plan(story, cin, plan_start, plan_end, False)
        day = plan_end
    close_day = on_weekday(day + story.u(0, 5))
    close(story, cin, close_day, "RC7")
    return close_day
