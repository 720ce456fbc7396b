"""Recording missing and absent episodes, their return interviews, and screenings for the risk of exploitation.

Every refusal is a ValidationError naming the field, and nothing is saved. Each start and return is a key event on
the child's chronology; a return starts the clock for the return interview (missing.timescales), which the
interview held, or the offer declined, meets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import clock, policy
from hearth.core.audit import audit_change, locked_fresh, snapshot
from hearth.core.calendar import add_calendar_months
from hearth.core.council_settings import setting_value
from hearth.core.dates import long_date
from hearth.core.events import event_record
from hearth.core.models import Event
from hearth.core.validation import lived_date_problem
from hearth.missing.models import (
    AbsenceKind,
    ExploitationConcern,
    ExploitationScreening,
    InterviewOutcome,
    MissingEpisode,
    Risk,
    ScreeningOutcome,
)
from hearth.organisation.models import StaffUser
from hearth.people.models import Person

Moment = tuple[date, time | None]
DEFAULT_REVIEW_MONTHS = 3  # a screening's review when it sets none (missing.timescales)


def _moment(day: date, at: time | None) -> Moment:
    return day, at


def _earlier(first: Moment, second: Moment) -> bool:
    """Whether `first` is before `second`: by date, and on the same day by time only when both times are known
    (a return with no time recorded on the day the child went missing is not before it)."""
    if first[0] != second[0]:
        return first[0] < second[0]
    return first[1] is not None and second[1] is not None and first[1] < second[1]


def _day_problem(value: date | None, what: str, child: Person) -> str | None:
    return lived_date_problem(value, what, child.date_of_birth)


def _start_problems(child: Person, values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if (values.get("kind") or "") not in AbsenceKind.values:
        errors["kind"] = "Choose whether the child was missing or away without permission."
    if problem := _day_problem(values.get("started_on"), "the date the child went missing", child):
        errors["started_on"] = problem
    if not (values.get("missing_from") or "").strip():
        errors["missing_from"] = "Enter where the child went missing from."
    if (values.get("risk") or "") not in Risk.values:
        errors["risk"] = "Choose the risk: low, medium or high."
    if values.get("police_reference") and not values.get("police_informed"):
        errors["police_informed"] = "Say the police were told, or remove the police reference."
    return errors


def _end_problems(child: Person, started: Moment, values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    ended_on = values.get("ended_on")
    if problem := _day_problem(ended_on, "the date the child came back or was found", child):
        errors["ended_on"] = problem
    elif _earlier(_moment(ended_on, values.get("ended_time")), started):  # type: ignore[arg-type]
        errors["ended_on"] = (
            f"The child came back before they went missing ({long_date(started[0])}): check both dates."
        )
    if not (values.get("where_found") or "").strip():
        errors["where_found"] = "Enter where the child was found or came back to."
    return errors


def _overlap_problem(child: Person, start: Moment, end: Moment | None, own: int | None) -> str | None:
    """Why an episode from `start` to `end` (None: still missing) cannot sit beside the child's others."""
    others = MissingEpisode.objects.filter(child=child).order_by("started_on")
    for other in others.exclude(pk=own) if own is not None else others:
        other_start = _moment(other.started_on, other.started_time)
        other_end = _moment(other.ended_on, other.ended_time) if other.ended_on else None
        if other_end is None and end is None:
            return f"The child is already recorded as missing since {long_date(other.started_on)}: record their return first."
        starts_before_other_ends = other_end is None or _earlier(start, other_end)
        ends_after_other_starts = end is None or _earlier(other_start, end)
        if starts_before_other_ends and ends_after_other_starts:
            until = f" to {long_date(other.ended_on)}" if other.ended_on else ""
            return f"This overlaps the episode from {long_date(other.started_on)}{until}: check the dates."
    return None


def _lock_child(child_id: int) -> None:
    list(Person.objects.select_for_update().filter(pk=child_id).values_list("pk", flat=True))


def _duration(start: Moment, end: Moment) -> str:
    if start[1] is not None and end[1] is not None:
        hours = int(
            (datetime.combine(end[0], end[1]) - datetime.combine(start[0], start[1])).total_seconds() // 3600
        )
        if hours < 48:
            return f"{hours} hour{'' if hours == 1 else 's'}"
    days = (end[0] - start[0]).days
    return f"{days} day{'' if days == 1 else 's'}" if days else "less than a day"


def missing_episode_record(*, child: Person, values: dict[str, Any], by: StaffUser) -> MissingEpisode:
    """A child went missing or was away: from when and where, the risk and the police's part; with the return's
    date and where found (optional) when it is recorded afterwards."""
    policy.require(by, "missing.record", child)
    errors = _start_problems(child, values)
    ending = bool(
        values.get("ended_on") or values.get("ended_time") or (values.get("where_found") or "").strip()
    )
    start = _moment(values["started_on"], values.get("started_time")) if "started_on" not in errors else None
    if ending and start is not None:
        errors |= _end_problems(child, start, values)
    if errors or start is None:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock_child(child.pk)  # two saves at once cannot both pass the check against the child's episodes
        end = _moment(values["ended_on"], values.get("ended_time")) if ending else None
        if problem := _overlap_problem(child, start, end, None):
            raise ValidationError({"started_on": problem})
        episode = MissingEpisode.objects.create(
            child=child,
            kind=values["kind"],
            started_on=values["started_on"],
            started_time=values.get("started_time"),
            missing_from=values["missing_from"].strip(),
            risk=values["risk"],
            police_informed=bool(values.get("police_informed")),
            police_reference=(values.get("police_reference") or "").strip(),
            recorded_by=by,
            recorded_at=clock.now(),
        )
        audit_change(user=by, instance=episode, action="create", before=None, child_id=child.pk)
        event_record(
            child_id=child.pk,
            type="missing.started",
            occurred_on=episode.started_on,
            recorded_by=by,
            record=episode,
            payload={
                "what": "Missing" if episode.kind == AbsenceKind.MISSING else "Away without permission",
                "missing_from": episode.missing_from,
                "risk": Risk(episode.risk).label.lower(),
                "police": episode.police_informed,
            },
        )
        if ending:
            _end(episode, values, by)
    return episode


def missing_episode_end(*, episode: MissingEpisode, values: dict[str, Any], by: StaffUser) -> MissingEpisode:
    """The child came back or was found: when and where. Starts the clock for the return interview."""
    policy.require(by, "missing.record", episode.child)
    with transaction.atomic():
        _lock_child(episode.child_id)
        locked = locked_fresh(MissingEpisode.objects.select_related("child").get(pk=episode.pk))
        if locked.ended_on is not None:
            raise ValidationError(
                {"ended_on": f"This episode already ended on {long_date(locked.ended_on)}."}
            )
        start = _moment(locked.started_on, locked.started_time)
        errors = _end_problems(locked.child, start, values)
        if not errors:
            end = _moment(values["ended_on"], values.get("ended_time"))
            if problem := _overlap_problem(locked.child, start, end, locked.pk):
                errors["ended_on"] = problem
        if errors:
            raise ValidationError(errors)
        _end(locked, values, by)
    return locked


def _end(episode: MissingEpisode, values: dict[str, Any], by: StaffUser) -> None:
    before = snapshot(episode)
    episode.ended_on = values["ended_on"]
    episode.ended_time = values.get("ended_time")
    episode.where_found = values["where_found"].strip()
    episode.save(update_fields=["ended_on", "ended_time", "where_found"])
    audit_change(user=by, instance=episode, action="update", before=before, child_id=episode.child_id)
    start = _moment(episode.started_on, episode.started_time)
    end = _moment(episode.ended_on, episode.ended_time)
    event_record(
        child_id=episode.child_id,
        type="missing.ended",
        occurred_on=episode.ended_on,
        recorded_by=by,
        record=episode,
        payload={
            "duration": _duration(start, end),
            "where_found": episode.where_found,
            "kind": episode.kind,
        },
    )


def _return_event(episode: MissingEpisode) -> Event:
    return Event.objects.filter(
        child_id=episode.child_id,
        type="missing.ended",
        record_type="missing.missingepisode",
        record_id=episode.pk,
    ).latest("pk")


def return_interview_record(
    *, episode: MissingEpisode, values: dict[str, Any], by: StaffUser
) -> MissingEpisode:
    """The return interview: held (when, by whom, what the child said) or offered and declined (when offered)."""
    policy.require(by, "missing.record", episode.child)
    with transaction.atomic():
        locked = locked_fresh(MissingEpisode.objects.select_related("child").get(pk=episode.pk))
        errors: dict[str, str] = {}
        outcome = values.get("outcome") or ""
        if locked.is_open:
            errors["outcome"] = "Record the child's return before their return interview."
        elif locked.interview_outcome:
            errors["outcome"] = "The return interview for this episode is already recorded."
        elif outcome not in InterviewOutcome.values:
            errors["outcome"] = "Choose whether the interview was held or offered and declined."
        else:
            field, what = (
                ("interview_on", "the date of the interview")
                if outcome == InterviewOutcome.HELD
                else ("interview_offered_on", "the date the interview was offered")
            )
            day = values.get(field)
            if problem := _day_problem(day, what, locked.child):
                errors[field] = problem
            elif day < locked.ended_on:  # type: ignore[operator]
                errors[field] = (
                    f"{what[0].upper()}{what[1:]} must be on or after the child came back ({long_date(locked.ended_on)})."  # type: ignore[arg-type]
                )
            if outcome == InterviewOutcome.HELD and not (values.get("interviewer") or "").strip():
                errors["interviewer"] = "Enter who held the interview."
        if errors:
            raise ValidationError(errors)
        before = snapshot(locked)
        locked.interview_outcome = outcome
        if outcome == InterviewOutcome.HELD:
            locked.interview_on = values["interview_on"]
            locked.interviewer = values["interviewer"].strip()
            locked.interview_notes = (values.get("interview_notes") or "").strip()
        else:
            locked.interview_offered_on = values["interview_offered_on"]
            locked.interview_notes = (values.get("interview_notes") or "").strip()
        locked.save()
        audit_change(user=by, instance=locked, action="update", before=before, child_id=locked.child_id)
        returned = _return_event(locked)
        if outcome == InterviewOutcome.HELD:
            event_record(
                child_id=locked.child_id,
                type="missing.interview_held",
                occurred_on=locked.interview_on,  # type: ignore[arg-type]
                recorded_by=by,
                record=locked,
                payload={"interviewer": locked.interviewer, "ended_event": returned.pk},
            )
        else:
            event_record(
                child_id=locked.child_id,
                type="missing.interview_declined",
                occurred_on=locked.interview_offered_on,  # type: ignore[arg-type]
                recorded_by=by,
                record=locked,
                payload={"offered": long_date(locked.interview_offered_on), "ended_event": returned.pk},  # type: ignore[arg-type]
            )
    return locked


@dataclass(frozen=True)
class MissingPicture:
    """What the child's missing history says today: missing now, repeat missing, and the latest screening."""

    open_episode: MissingEpisode | None
    recent: int
    repeat: bool
    screening: ExploitationScreening | None

    @property
    def at_risk_of_exploitation(self) -> bool:
        return self.screening is not None and self.screening.outcome != ScreeningOutcome.NO_CONCERN


def repeat_window(today: date) -> tuple[int, date]:
    """(episodes that make a child repeat missing, the first day counted) under the council's settings today."""
    episodes = int(setting_value("missing_repeat_episodes", today))
    days = int(setting_value("missing_repeat_days", today))
    return episodes, today - timedelta(days=days - 1)


def missing_picture(child: Person) -> MissingPicture:
    today = clock.today()
    needed, since = repeat_window(today)
    episodes = list(MissingEpisode.objects.filter(child=child).order_by("-started_on", "-pk"))
    open_episode = next((episode for episode in episodes if episode.is_open), None)
    recent = sum(1 for episode in episodes if episode.started_on >= since)
    screening = ExploitationScreening.objects.filter(child=child).order_by("-screened_on", "-pk").first()
    return MissingPicture(open_episode, recent, recent >= needed, screening)


def exploitation_screening_record(
    *, child: Person, values: dict[str, Any], by: StaffUser
) -> ExploitationScreening:
    """A screening for the risk of exploitation with the council's tool; any outcome but "no concern" flags the
    child and sets a review date (3 months if none is given)."""
    policy.require(by, "missing.record", child)
    errors: dict[str, str] = {}
    if (values.get("concern") or "") not in ExploitationConcern.values:
        errors["concern"] = "Choose the kind of exploitation screened for."
    if not (values.get("tool") or "").strip():
        errors["tool"] = "Enter the screening tool used."
    outcome = values.get("outcome") or ""
    if outcome not in ScreeningOutcome.values:
        errors["outcome"] = "Choose the screening's outcome."
    screened_on: date | None = values.get("screened_on")
    if problem := _day_problem(screened_on, "the date of the screening", child):
        errors["screened_on"] = problem
    review_on = values.get("review_on")
    if review_on is not None and screened_on is not None and review_on <= screened_on:
        errors["review_on"] = "The review date must be after the screening."
    if errors or screened_on is None:
        raise ValidationError(errors)
    at_risk = outcome != ScreeningOutcome.NO_CONCERN
    if at_risk and review_on is None:
        review_on = add_calendar_months(screened_on, DEFAULT_REVIEW_MONTHS)
    with transaction.atomic():
        screening = ExploitationScreening.objects.create(
            child=child,
            concern=values["concern"],
            tool=values["tool"].strip(),
            outcome=outcome,
            screened_on=screened_on,
            review_on=review_on if at_risk else None,
            notes=(values.get("notes") or "").strip(),
            recorded_by=by,
            recorded_at=clock.now(),
        )
        audit_change(user=by, instance=screening, action="create", before=None, child_id=child.pk)
        payload: dict[str, Any] = {
            "concern": ExploitationConcern(screening.concern).label.lower(),
            "tool": screening.tool,
            "outcome": ScreeningOutcome(outcome).label.lower(),
            "at_risk": at_risk,
        }
        if screening.review_on is not None:
            payload["review_on"] = screening.review_on.isoformat()
        event_record(
            child_id=child.pk,
            type="exploitation.screened",
            occurred_on=screened_on,
            recorded_by=by,
            record=screening,
            payload=payload,
        )
    return screening
