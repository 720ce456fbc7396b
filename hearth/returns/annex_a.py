"""Ofsted's Annex A (returns.md section 4) as a read of the records: lists 1 to 8, each a sheet of rows, for the
period before a date (`on`) that Ofsted sets: `HEARTH_ANNEX_A_MONTHS` months (12 unless set) ending on `on`, both
days included (12 months to 31 March 2026 are 1 April 2025 to 31 March 2026).

Each list holds what was under way at some time in the period, as the records stood on `on`: 1 a row per contact
received, 2 per early help assessment, 3 per referral received, 4 per assessment, 5 per section 47 enquiry, 6 per
child in need episode, 7 per child protection plan, 8 one per child looked after. Headings are Ofsted's, as the
cleaning tools councils use read them (liia-tools' Annex A pipeline: returns.md 4.2 names the columns in short), and
codes are in Annex A's lettered forms (`annex_a_codes`). Dates are dates; Allocated Team and Allocated Worker are
the allocation in force on `on`, else the child's latest before it. "In the last 12 months" and "in last six months"
are the months ending on `on`. The 903 codes of list 8 are the episodes' own, read as the SSDA903 return reads them
(`ssda903.episode_codes`).

Children are read in chunks with a fixed number of queries each (`annex_a_reads.AnnexChunk`) and their rows handed
on as each chunk is read, so the time grows with the children and memory does not.

Left blank, because Hearth holds no record of them (not guessed):
- List 8 "What is the permanence plan for this child?": Hearth records no permanence plan.
A cell is blank too where the record holds nothing for that child (no allocation, no visit yet, a referral not
decided, a placement whose area was not recorded, an LA of Placement for a carer outside the area with no host
council named), and "Does the Child have a Disability" is Unknown where no disability, or none, was recorded.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection, connections

from hearth.care.models import CareEpisode
from hearth.children_in_need.models import Assessment, AssessmentOutcome, CinEpisode
from hearth.core.timescales.circumstances import whole_years
from hearth.earlyhelp.models import EarlyHelpEpisode
from hearth.frontdoor.models import Contact
from hearth.missing.models import AbsenceKind, InterviewOutcome
from hearth.people.models import Person
from hearth.protection.models import (
    ChildProtectionPlan,
    ConferenceDecision,
    ConferenceKind,
    Section47Enquiry,
    Section47Outcome,
)
from hearth.returns import annex_a_codes as codes
from hearth.returns.annex_a_columns import LISTS as LISTS
from hearth.returns.annex_a_reads import (
    AnnexChunk,
    AnnexPeriod,
    assessments_in,
    early_help_in,
    months_before,
    open_between,
)
from hearth.returns.ssda903 import episode_codes

CHUNK = 2000
DEFAULT_MONTHS = 12

Cell = str | int | date | None
Row = list[Cell]


def annex_a_months() -> int:
    months = int(getattr(settings, "HEARTH_ANNEX_A_MONTHS", DEFAULT_MONTHS))
    if months < 1:
        raise ValueError(f"HEARTH_ANNEX_A_MONTHS must be a number of months, 1 or more; it is {months}.")
    return months


def annex_a_period(on: date) -> AnnexPeriod:
    """The period of the lists made on `on`: the setting's months ending on `on`, both days included."""
    return AnnexPeriod(months_before(on, annex_a_months()), on)


def annex_a_child_ids(period: AnnexPeriod) -> list[int]:
    """Every child on any of the lists, in one query."""
    first, last = period.start, period.end
    parts: list[Any] = [
        Contact.objects.filter(received_on__gte=first, received_on__lte=last).values_list("child_id"),
        EarlyHelpEpisode.objects.filter(early_help_in(period)).values_list("child_id"),
        CinEpisode.objects.filter(open_between("referral_date", "closure_date", first, last)).values_list(
            "child_id"
        ),
        Assessment.objects.filter(assessments_in(period)).values_list("episode__child_id"),
        Section47Enquiry.objects.filter(open_between("start_date", "end_date", first, last)).values_list(
            "child_id"
        ),
        ChildProtectionPlan.objects.filter(open_between("start_date", "end_date", first, last)).values_list(
            "child_id"
        ),
        CareEpisode.objects.filter(open_between("start_date", "end_date", first, last)).values_list(
            "child_id"
        ),
    ]
    return sorted({pk for (pk,) in parts[0].union(*parts[1:])})


def _before(day: date | None, on: date) -> date | None:
    """A date that had come by `on`, else None (as the records stood on `on`)."""
    return day if day is not None and day <= on else None


@dataclass
class ChildRows:
    """One child's rows on each list (by sheet name); lists the child is not on are absent."""

    child_id: int
    rows: dict[str, list[Row]]


class _Lists:
    """The rows of one child on each list, from a chunk read."""

    def __init__(self, chunk: AnnexChunk, period: AnnexPeriod) -> None:
        self.chunk, self.period, self.on = chunk, period, period.end

    def child(self, person: Person) -> Row:
        born = _before(person.date_of_birth, self.on)
        return [
            person.person_number,
            codes.GENDER.get(person.sex or "U", codes.GENDER["U"]),
            codes.coded(codes.ETHNICITY, person.ethnicity or "NOBT"),
            born,
            whole_years(born, self.on) if born is not None else None,
        ]

    def disability(self, pk: int) -> str:
        recorded = {row.code for row in self.chunk.disabilities.get(pk, [])}
        if not recorded:
            return codes.UNKNOWN
        return codes.YES if recorded - {"NONE"} else codes.NO

    def allocated(self, pk: int) -> Row:
        allocated = self.chunk.allocation.get(pk)
        return ["", ""] if allocated is None else [allocated.team, allocated.worker]

    def rows(self, person: Person) -> dict[str, list[Row]]:
        pk = person.pk
        child = self.child(person)
        found = {
            "List 1": [child + row for row in self.contacts(pk)],
            "List 2": [child + row for row in self.early_help(pk)],
            "List 3": [child + row + self.allocated(pk) for row in self.referrals(pk)],
        }
        with_disability = [*child, self.disability(pk)]
        for sheet, rows in (
            ("List 4", self.assessments(pk)),
            ("List 5", self.enquiries(pk)),
            ("List 6", self.children_in_need(pk)),
            ("List 7", self.protection(pk)),
        ):
            found[sheet] = [with_disability + row + self.allocated(pk) for row in rows]
        looked_after = self.looked_after(pk)
        if looked_after is not None:
            uasc, rest = looked_after
            found["List 8"] = [[*child, uasc, self.disability(pk), *rest, *self.allocated(pk)]]
        return {sheet: rows for sheet, rows in found.items() if rows}

    # List 1 and 2

    def contacts(self, pk: int) -> list[Row]:
        return [
            [contact.received_on, codes.coded(codes.SOURCE, contact.source)]
            for contact in self.chunk.contacts.get(pk, [])
        ]

    def early_help(self, pk: int) -> list[Row]:
        return [
            [episode.start_date, _before(episode.assessment_date, self.on), episode.lead_organisation]
            for episode in self.chunk.early_help.get(pk, [])
        ]

    # Lists 3, 4 and 6: referrals, assessments and children in need episodes

    def referrals(self, pk: int) -> list[Row]:
        episodes = self.chunk.episodes.get(pk, [])
        in_year = sum(1 for episode in episodes if episode.referral_date >= self.period.last_12_months)
        return [
            [
                episode.referral_date,
                codes.coded(codes.SOURCE, episode.referral_source),
                codes.yes_no(episode.referral_nfa),
                in_year,
            ]
            for episode in episodes
            if episode.referral_date >= self.period.start
        ]

    def assessments(self, pk: int) -> list[Row]:
        rows: list[Row] = []
        for episode in self.chunk.episodes.get(pk, []):
            for assessment in self.chunk.assessments.get(episode.pk, []):
                authorised = _before(assessment.authorisation_date, self.on)
                if authorised is not None and authorised < self.period.start:
                    continue
                rows.append(
                    [
                        assessment.start_date,
                        codes.yes_no(_before(assessment.child_seen_date, self.on) is not None),
                        authorised,
                        _needs_support(assessment) if authorised is not None else "",
                    ]
                )
        return rows

    def children_in_need(self, pk: int) -> list[Row]:
        rows: list[Row] = []
        for episode in self.chunk.episodes.get(pk, []):
            closed = _before(episode.closure_date, self.on)
            if closed is not None and closed < self.period.start:
                continue
            seen = [
                day
                for day in (
                    episode.last_seen,
                    *(a.child_seen_date for a in self.chunk.assessments.get(episode.pk, [])),
                )
                if day is not None and day <= (closed or self.on)
            ]
            rows.append(
                [
                    episode.referral_date,
                    codes.coded(codes.PRIMARY_NEED, episode.primary_need),
                    max(seen) if seen else None,
                    closed,
                    codes.coded(codes.REASON_FOR_CLOSURE, episode.reason_for_closure) if closed else "",
                    self.case_status(pk, episode, closed),
                ]
            )
        return rows

    def case_status(self, pk: int, episode: Any, closed: date | None) -> str:
        if closed is not None:
            return codes.CASE_STATUS_CLOSED
        if any(_open_on(e.start_date, e.end_date, self.on) for e in self.chunk.care_episodes.get(pk, [])):
            return codes.CASE_STATUS_LOOKED_AFTER
        if any(_open_on(p.start_date, p.end_date, self.on) for p in self.chunk.protection_plans.get(pk, [])):
            return codes.CASE_STATUS_PROTECTION
        if episode.pk in self.chunk.cin_plan_open:
            return codes.CASE_STATUS_CIN_PLAN
        if any(
            _before(a.authorisation_date, self.on) is None for a in self.chunk.assessments.get(episode.pk, [])
        ):
            return codes.CASE_STATUS_OPEN_ASSESSMENT
        return ""

    # Lists 5 and 7: section 47 enquiries and child protection plans

    def enquiries(self, pk: int) -> list[Row]:
        year_ago = self.period.last_12_months
        conferences = self.chunk.conferences.get(pk, [])
        initial = [c for c in conferences if c.kind == ConferenceKind.INITIAL]
        icpcs = sum(1 for c in initial if c.held_on >= year_ago)
        enquiries = self.chunk.section_47s.get(pk, [])
        in_year = sum(1 for e in enquiries if e.start_date >= year_ago)
        rows: list[Row] = []
        for enquiry in enquiries:
            ended = _before(enquiry.end_date, self.on)
            if ended is not None and ended < self.period.start:
                continue
            held = next((c for c in initial if c.section_47_id == enquiry.pk), None)
            unnecessary: bool | None = None
            if held is not None:
                unnecessary = False
            elif ended is not None and enquiry.outcome:
                unnecessary = enquiry.outcome != Section47Outcome.CONFERENCE
            rows.append(
                [
                    enquiry.start_date,
                    codes.yes_no(unnecessary),
                    held.held_on if held else None,
                    codes.yes_no(held.decision == ConferenceDecision.PLAN) if held else "",
                    in_year,
                    icpcs,
                ]
            )
        return rows

    def protection(self, pk: int) -> list[Row]:
        plans = self.chunk.protection_plans.get(pk, [])
        reviews = [c for c in self.chunk.conferences.get(pk, []) if c.kind == ConferenceKind.REVIEW]
        rows: list[Row] = []
        for index, plan in enumerate(plans):
            ended = _before(plan.end_date, self.on)
            if ended is not None and ended < self.period.start:
                continue
            reviewed = [c.held_on for c in reviews if c.plan_id == plan.pk]
            visited = plan.last_visit
            rows.append(
                [
                    plan.start_date,
                    codes.coded(codes.CATEGORY_OF_ABUSE, plan.initial_category),
                    codes.coded(codes.CATEGORY_OF_ABUSE, plan.latest_category),
                    visited,
                    codes.yes_no(bool(plan.last_visit_alone)) if visited else "",
                    max(reviewed) if reviewed else None,
                    ended,
                    codes.yes_no(pk in self.chunk.protected_lately),
                    sum(1 for other in plans[:index] if other.start_date < plan.start_date),
                ]
            )
        return rows

    # List 8: children looked after

    def looked_after(self, pk: int) -> tuple[str, Row] | None:
        episodes = self.chunk.care_episodes.get(pk, [])
        if not episodes:
            return None
        latest = episodes[-1]
        chunk, on, year_ago = self.chunk, self.on, self.period.last_12_months
        period = latest.period
        if period.end_date is not None and period.end_date < self.period.start:
            return None
        codes_now = episode_codes(latest, on)
        placement = latest.placement
        periods = chunk.care_periods.get(pk, [])
        review = chunk.reviews.get(period.pk, {})
        uasc = any(p.uasc and (p.uasc_ceased is None or p.uasc_ceased >= year_ago) for p in periods)
        earlier = any(p.pk != period.pk and (p.end_date is None or p.end_date >= year_ago) for p in periods)
        missing = self.missing(pk, periods)
        return codes.yes_no(uasc), [
            period.start_date,
            codes.coded(codes.PRIMARY_NEED, codes_now.category_of_need),
            codes.yes_no(earlier),
            _status_since(episodes, latest),
            codes.coded(codes.LEGAL_STATUS, codes_now.legal_status),
            review.get("held"),
            chunk.social_work_visit.get(period.pk),
            "",  # permanence plan: not recorded in Hearth
            _before(review.get("iro_met"), on),
            chunk.health_assessment.get(pk),
            chunk.dental_check.get(pk),
            chunk.placements_in_year.get(pk, 0),
            _before(period.end_date, on),
            codes.coded(codes.REASON_CEASED, codes_now.reason_ceased)
            if period.end_date and period.end_date <= on
            else "",
            placement.start_date,
            codes.placement_type(codes_now.placement_type),
            codes.coded(codes.PLACEMENT_PROVIDER, codes_now.provider),
            placement.postcode,
            placement.urn,
            codes.IN_AREA.get(placement.in_area, "") if placement.in_area is not None else "",
            _placement_council(placement),
            *missing,
        ]

    def missing(self, pk: int, periods: list[Any]) -> Row:
        """Missing and absent episodes begun in the last 12 months while looked after, and the return interview after
        the last time missing while looked after."""
        on, year_ago = self.on, self.period.last_12_months
        while_in_care = [
            episode
            for episode in self.chunk.missing.get(pk, [])
            if any(_open_on(p.start_date, p.end_date, episode.started_on, ended_on=True) for p in periods)
        ]
        recent = [episode for episode in while_in_care if episode.started_on >= year_ago]
        count_missing = sum(1 for episode in recent if episode.kind == AbsenceKind.MISSING)
        count_away = sum(1 for episode in recent if episode.kind == AbsenceKind.AWAY)
        last = next((e for e in reversed(while_in_care) if e.kind == AbsenceKind.MISSING), None)
        if last is None:
            return [count_missing, count_away, "", ""]
        outcome = last.interview_outcome
        when = last.interview_on if outcome == InterviewOutcome.HELD else last.interview_offered_on
        if not outcome or (when is not None and when > on):
            return [count_missing, count_away, codes.NO, ""]
        return [count_missing, count_away, codes.YES, codes.yes_no(outcome == InterviewOutcome.HELD)]


def _open_on(start: date, end: date | None, day: date, *, ended_on: bool = False) -> bool:
    """Open on `day`: started by then, and not ended before it (`ended_on`: the last day counts) or by it."""
    if start > day:
        return False
    if end is None:
        return True
    return end >= day if ended_on else end > day


def _needs_support(assessment: Any) -> str:
    support = {
        AssessmentOutcome.CIN_PLAN,
        AssessmentOutcome.STRATEGY,
        AssessmentOutcome.LOOKED_AFTER,
        AssessmentOutcome.CORE_ASSESSMENT,
    }
    none = {AssessmentOutcome.NO_FURTHER_ACTION, AssessmentOutcome.EARLY_HELP}
    if assessment.outcome in support:
        return codes.YES
    return codes.NO if assessment.outcome in none else ""


def _status_since(episodes: list[CareEpisode], latest: CareEpisode) -> date:
    """When the current legal status began: the first of the period's unbroken run of episodes with it."""
    since = latest.start_date
    for episode in reversed(episodes[:-1]):
        if episode.period_id != latest.period_id or episode.legal_status != latest.legal_status:
            break
        since = episode.start_date
    return since


def _placement_council(placement: Any) -> str:
    """The council whose area the placement is in: this council's own, or the host council the register names."""
    if placement.in_area:
        return str(settings.HEARTH_COUNCIL_NAME)
    carer = placement.carer
    return carer.host_council if carer is not None else ""


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _chunk_rows(ids: list[int], period: AnnexPeriod) -> list[ChildRows]:
    """The rows of a chunk of children, read in a fixed number of queries."""
    chunk = AnnexChunk(ids, period)
    lists = _Lists(chunk, period)
    found = []
    for pk in ids:
        rows = lists.rows(chunk.people[pk])
        if rows:
            found.append(ChildRows(pk, rows))
    return found


def _read_ahead(child_ids: list[int], period: AnnexPeriod, out: Any) -> None:
    """In the reading process: each chunk's children and their rows, then None; or what went wrong."""
    try:
        for ids in _chunks(child_ids):
            out.put((len(ids), _chunk_rows(ids, period)))
        out.put(None)
    except BaseException as failed:  # handed to the writer, which raises it
        out.put(RuntimeError(f"Reading Annex A failed: {failed!r}"))
    finally:
        connections.close_all()  # this process's own connections


def _next_read(read: Any, reader: Any) -> Any:
    """The reader's next item, waiting as long as it is alive to send one."""
    while True:
        try:
            return read.get(timeout=1)
        except queue.Empty:
            if reader.is_alive():
                continue
            try:  # what it sent as it finished
                return read.get(timeout=1)
            except queue.Empty:
                raise RuntimeError(
                    f"Reading Annex A stopped without finishing (exit code {reader.exitcode})."
                ) from None


def read_in_another_process() -> bool:
    """Whether a second process reads while this one writes: on PostgreSQL, outside a transaction (inside one, a
    test's or a caller's, another connection would not see its records), with a second core to run on."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block and (os.cpu_count() or 1) > 1


def _chunks_read(child_ids: list[int], period: AnnexPeriod) -> Iterator[tuple[int, list[ChildRows]]]:
    """Each chunk's size and rows, in order: read by a second process while this one writes the rows, so reading and
    writing each have a core (at a council's size they take about as long as each other); otherwise in turn."""
    if not read_in_another_process():
        for ids in _chunks(child_ids):
            yield len(ids), _chunk_rows(ids, period)
        return
    context = multiprocessing.get_context("fork")
    read = context.Queue(maxsize=2)
    connections.close_all()  # the reader opens its own; a connection is never shared across a fork
    reader = context.Process(target=_read_ahead, args=(child_ids, period, read), daemon=True)
    reader.start()
    try:
        while (item := _next_read(read, reader)) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
        reader.join()
    finally:
        if reader.is_alive():
            reader.terminate()
            reader.join()


def annex_a_rows(
    period: AnnexPeriod, *, progress: Callable[[int, int], None] | None = None
) -> Iterator[ChildRows]:
    """Each child's rows on each list, chunk by chunk. `progress`, when given, is called with (children read,
    children on the lists) before the first chunk and after each."""
    child_ids = annex_a_child_ids(period)
    done = 0
    if progress is not None:
        progress(done, len(child_ids))
    for size, rows in _chunks_read(child_ids, period):
        yield from rows
        done += size
        if progress is not None:
            progress(done, len(child_ids))
