"""The SSDA903 OC2 table (returns.md 2.3) as a read of the health records (issue 17 item 1): one row for each child
looked after continuously for the whole collection year, judged from the year's episodes as the validator judges
it (entered during the year, left during the year other than by a change of placement, or on short breaks: not
continuous).

Each item from the records of the year (1 April to 31 March):
- HEALTH_ASSESSMENT: a health assessment in the year; TEETH_CHECK: a dental check in the year;
- IMMUNISATIONS: the latest review of immunisations by 31 March said they were up to date;
- SUBSTANCE_MISUSE: a problem identified in the year, with INTERVENTION_RECEIVED, and INTERVENTION_OFFERED only
  where none was received (validator rules 158, 159, 192, 193);
- HEALTH_CHECK (under 5 at 31 March only): a health assessment in the year, Hearth's record of the child's
  development checks;
- SDQ_SCORE or SDQ_REASON: the latest questionnaire of the year, for a child aged 4 at the start of the year and
  under 17 at its end; a child who turned 4 or 17 during the year with none is reason SDQ1 (under 4 or over 17);
- CONVICTED: blank. Hearth does not record convictions (issue 19), so the validator's rule 543 reports each child
  aged 10 or over: a gap to see, not a 0 to hide it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from hearth.care.models import CareEpisode
from hearth.core.timescales.circumstances import whole_years
from hearth.health.models import CheckKind, HealthAssessment, HealthCheck, SdqScore, SubstanceMisuse
from hearth.people.models import Person

OC2 = (
    "CHILD",
    "DOB",
    "SDQ_SCORE",
    "SDQ_REASON",
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
)
SHORT_BREAKS = frozenset({"V3", "V4"})
AGE_REASON = "SDQ1"


def _flag(value: bool) -> str:
    return "1" if value else "0"


def continuously_looked_after(episodes: Iterable[CareEpisode], first: date, last: date) -> bool:
    """Looked after for the whole year, as the validator reads the year's episodes (its
    add_col_to_episodes_CONTINUOUSLY_LOOKED_AFTER)."""
    during = False
    for episode in episodes:
        ended = episode.end_date if episode.end_date is not None and episode.end_date <= last else None
        in_year = episode.start_date <= last and (ended is None or ended >= first)
        during = during or in_year
        entered = episode.reason_new == "S" and first < episode.start_date <= last
        left = ended is not None and first <= ended < last and episode.reason_ceased != "X1"
        if entered or left or (episode.legal_status in SHORT_BREAKS and in_year):
            return False
    return during


def _by_child(rows: Iterable[tuple[Any, ...]]) -> dict[int, list[tuple[Any, ...]]]:
    found: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        found[row[0]].append(row[1:])
    return found


def _sdq(child: Person, scores: list[tuple[Any, ...]], first: date, last: date) -> tuple[str, str]:
    born = child.date_of_birth
    assert born is not None
    if whole_years(born, last) < 4 or whole_years(born, first) >= 17:
        return "", ""  # rules 188 and 189: no score and no reason
    if scores:
        score, reason = scores[-1]
        return ("", reason) if score is None else (str(score), "")
    turned = whole_years(born, first) < 4 or whole_years(born, last) >= 17
    return ("", AGE_REASON) if turned else ("", "")


def oc2_rows(
    episodes: list[CareEpisode], people: dict[int, Person], first: date, last: date
) -> list[dict[str, str]]:
    """The OC2 rows of the children of these episodes (the year's, in child order) looked after all year."""
    spells: dict[int, list[CareEpisode]] = defaultdict(list)
    for episode in episodes:
        spells[episode.child_id].append(episode)
    ids = [child_id for child_id, own in spells.items() if continuously_looked_after(own, first, last)]
    assessed = set(
        HealthAssessment.objects.filter(
            child_id__in=ids, assessed_on__gte=first, assessed_on__lte=last
        ).values_list("child_id", flat=True)
    )
    checks = _by_child(
        HealthCheck.objects.filter(child_id__in=ids, checked_on__lte=last)
        .order_by("checked_on", "pk")
        .values_list("child_id", "kind", "checked_on", "up_to_date")
    )
    scores = _by_child(
        SdqScore.objects.filter(child_id__in=ids, completed_on__gte=first, completed_on__lte=last)
        .order_by("completed_on", "pk")
        .values_list("child_id", "score", "reason")
    )
    misuse = _by_child(
        SubstanceMisuse.objects.filter(
            child_id__in=ids, identified_on__gte=first, identified_on__lte=last
        ).values_list("child_id", "intervention_offered", "intervention_received")
    )
    rows = []
    for child_id in ids:
        child = people[child_id]
        own_checks = checks.get(child_id, [])
        dental = any(kind == CheckKind.DENTAL and day >= first for kind, day, _ in own_checks)
        immunised = [up_to_date for kind, _, up_to_date in own_checks if kind == CheckKind.IMMUNISATIONS]
        problems = misuse.get(child_id, [])
        received = any(got for _, got in problems)
        offered = any(offer for offer, _ in problems)
        score, reason = _sdq(child, scores.get(child_id, []), first, last)
        under_5 = whole_years(child.date_of_birth, last) < 5  # type: ignore[arg-type]
        rows.append(
            {
                "CHILD": child.person_number,
                "DOB": child.date_of_birth.strftime("%d/%m/%Y"),  # type: ignore[union-attr]
                "SDQ_SCORE": score,
                "SDQ_REASON": reason,
                "CONVICTED": "",
                "HEALTH_CHECK": _flag(child_id in assessed) if under_5 else "",
                "IMMUNISATIONS": _flag(bool(immunised) and bool(immunised[-1])),
                "TEETH_CHECK": _flag(dental),
                "HEALTH_ASSESSMENT": _flag(child_id in assessed),
                "SUBSTANCE_MISUSE": _flag(bool(problems)),
                "INTERVENTION_RECEIVED": _flag(received) if problems else "",
                "INTERVENTION_OFFERED": _flag(offered) if problems and not received else "",
            }
        )
    return rows
