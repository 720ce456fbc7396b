"""What Annex A needs about a chunk of children, read by the database in a fixed number of queries (20), however
many children the chunk holds and however long their histories: nothing is asked per child. Everything is read as
it stood on the list's date (`on`): a record made or ended after it is not yet there."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, DateField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from hearth.care.models import CareEpisode, CarePeriod, LacReview, LegalOrder, OrderKind, Placement
from hearth.children_in_need.models import Assessment, CinEpisode, CinPlan
from hearth.core.calendar import add_calendar_months
from hearth.core.idlists import ids_in
from hearth.earlyhelp.models import EarlyHelpEpisode
from hearth.frontdoor.models import Contact
from hearth.health.models import CheckKind, HealthAssessment, HealthCheck
from hearth.missing.models import MissingEpisode
from hearth.organisation.models import Allocation
from hearth.people.models import Person, PersonDisability
from hearth.protection.models import ChildProtectionPlan, Conference, Section47Enquiry
from hearth.visits.models import Visit


def months_before(on: date, months: int) -> date:
    """The first day of the `months` months that end on `on` (12 months to 31 March 2026 start 1 April 2025)."""
    return add_calendar_months(on, -months) + timedelta(days=1)


@dataclass(frozen=True)
class AnnexPeriod:
    """The days Annex A covers: `start` to `end` (the list's date), both included."""

    start: date
    end: date

    @property
    def last_12_months(self) -> date:
        """The first day of "the last 12 months" that some columns count, to the list's date."""
        return months_before(self.end, 12)


def group(rows: Iterable[Any], key: str) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def open_between(start_field: str, end_field: str, first: date, last: date) -> Q:
    """Records that had started by `last` and had not ended before `first`: open at some time in the days."""
    return Q(**{f"{start_field}__lte": last}) & (Q(**{end_field: None}) | Q(**{f"{end_field}__gte": first}))


def early_help_in(period: AnnexPeriod) -> Q:
    """An early help assessment under way in the period: started by its end, and neither completed nor the episode
    ended (unassessed) before it began."""
    return Q(start_date__lte=period.end) & (
        Q(assessment_date__gte=period.start)
        | Q(assessment_date=None) & (Q(end_date=None) | Q(end_date__gte=period.start))
    )


def assessments_in(period: AnnexPeriod, prefix: str = "") -> Q:
    return open_between(f"{prefix}start_date", f"{prefix}authorisation_date", period.start, period.end)


@dataclass(frozen=True)
class Allocated:
    team: str
    worker: str


def _allocated(child_ids: list[int], on: date) -> dict[int, Allocated]:
    """Each child's team and worker: the allocation in force on the day, else the latest before it."""
    chosen: dict[int, Allocated] = {}
    in_force: set[int] = set()
    for child_id, ended, team, name, username in (
        Allocation.objects.filter(child_id__in=ids_in(child_ids), start_date__lte=on)
        .order_by("start_date", "pk")
        .values_list("child_id", "end_date", "team__name", "worker__full_name", "worker__username")
    ):
        current = ended is None or ended >= on
        if current or child_id not in in_force:
            chosen[child_id] = Allocated(team, name or username)
        if current:
            in_force.add(child_id)
    return chosen


class AnnexChunk:
    """Everything about a chunk of children that the eight lists read, in 20 queries."""

    def __init__(self, child_ids: list[int], period: AnnexPeriod) -> None:
        on, year_ago = period.end, period.last_12_months
        ids = ids_in(child_ids)  # one array parameter, not a parameter a child
        self.people = {
            person.pk: person
            for person in Person.objects.filter(pk__in=ids).only(
                "person_number", "sex", "ethnicity", "date_of_birth"
            )
        }
        self.disabilities = group(
            PersonDisability.objects.filter(person_id__in=ids)
            .filter(Q(start_date=None) | Q(start_date__lte=on))
            .filter(Q(end_date=None) | Q(end_date__gte=on))
            .values_list("person_id", "code", named=True),
            "person_id",
        )
        self.allocation = _allocated(child_ids, on)
        self.contacts = group(
            Contact.objects.filter(child_id__in=ids, received_on__gte=period.start, received_on__lte=on)
            .order_by("received_on", "pk")
            .values_list("child_id", "received_on", "source", named=True),
            "child_id",
        )
        self.early_help = group(
            EarlyHelpEpisode.objects.filter(early_help_in(period), child_id__in=ids)
            .order_by("start_date", "pk")
            .values_list("child_id", "start_date", "assessment_date", "lead_organisation", named=True),
            "child_id",
        )
        seen = Visit.objects.filter(
            child_id=OuterRef("child_id"),
            seen=True,
            visit_date__gte=OuterRef("referral_date"),
            visit_date__lte=Coalesce(OuterRef("closure_date"), Value(on), output_field=DateField()),
        ).filter(visit_date__lte=on)
        self.episodes = group(
            CinEpisode.objects.filter(child_id__in=ids, referral_date__lte=on)
            .annotate(last_seen=Subquery(seen.order_by("-visit_date").values("visit_date")[:1]))
            .order_by("referral_date", "pk")
            .values_list(
                "pk",
                "child_id",
                "referral_date",
                "referral_source",
                "referral_nfa",
                "primary_need",
                "closure_date",
                "reason_for_closure",
                "last_seen",
                named=True,
            ),
            "child_id",
        )
        self.assessments = group(
            Assessment.objects.filter(episode__child_id__in=ids, start_date__lte=on)
            .order_by("start_date", "pk")
            .values_list(
                "episode_id", "start_date", "authorisation_date", "child_seen_date", "outcome", named=True
            ),
            "episode_id",
        )
        self.cin_plan_open = set(
            CinPlan.objects.filter(episode__child_id__in=ids, start_date__lte=on)
            .filter(Q(end_date=None) | Q(end_date__gt=on))
            .values_list("episode_id", flat=True)
        )
        self.section_47s = group(
            Section47Enquiry.objects.filter(child_id__in=ids, start_date__lte=on)
            .order_by("start_date", "pk")
            .values_list("pk", "child_id", "start_date", "end_date", "outcome", named=True),
            "child_id",
        )
        self.conferences = group(
            Conference.objects.filter(child_id__in=ids, held_on__lte=on)
            .order_by("held_on", "pk")
            .values_list("child_id", "kind", "held_on", "plan_id", "section_47_id", "decision", named=True),
            "child_id",
        )
        visits = Visit.objects.filter(
            cp_plan=OuterRef("pk"), kind="cp", seen=True, visit_date__lte=on
        ).order_by("-visit_date", "-pk")
        self.protection_plans = group(
            ChildProtectionPlan.objects.filter(child_id__in=ids, start_date__lte=on)
            .annotate(
                last_visit=Subquery(visits.values("visit_date")[:1]),
                last_visit_alone=Subquery(visits.values("seen_alone")[:1]),
            )
            .order_by("start_date", "pk")
            .values_list(
                "pk",
                "child_id",
                "start_date",
                "end_date",
                "initial_category",
                "latest_category",
                "last_visit",
                "last_visit_alone",
                named=True,
            ),
            "child_id",
        )
        self.protected_lately = set(
            LegalOrder.objects.filter(
                child_id__in=ids,
                kind__in=[OrderKind.POLICE_PROTECTION, OrderKind.EMERGENCY_PROTECTION],
                start_date__lte=on,
            )
            .filter(Q(end_date=None) | Q(end_date__gte=months_before(on, 6)))
            .values_list("child_id", flat=True)
        )
        self.care_periods = group(
            CarePeriod.objects.filter(child_id__in=ids, start_date__lte=on).order_by("start_date", "pk"),
            "child_id",
        )
        self.care_episodes = group(
            CareEpisode.objects.filter(child_id__in=ids, start_date__lte=on)
            .select_related("placement__carer", "period")
            .order_by("start_date", "pk"),
            "child_id",
        )
        self.placements_in_year = dict(
            Placement.objects.filter(period__child_id__in=ids, start_date__lte=on)
            .filter(Q(end_date=None) | Q(end_date__gte=year_ago))
            .values("period__child_id")
            .annotate(count=Count("pk"))
            .values_list("period__child_id", "count")
        )
        self.reviews = {
            row["period_id"]: row
            for row in LacReview.objects.filter(child_id__in=ids, held_on__lte=on)
            .values("period_id")
            .annotate(held=Max("held_on"), iro_met=Max("iro_met_child_on"))
        }
        self.social_work_visit = dict(
            Visit.objects.filter(child_id__in=ids, kind="lac", seen=True, visit_date__lte=on)
            .values("placement__period_id")
            .annotate(last=Max("visit_date"))
            .values_list("placement__period_id", "last")
        )
        self.health_assessment = dict(
            HealthAssessment.objects.filter(child_id__in=ids, assessed_on__lte=on)
            .values("child_id")
            .annotate(last=Max("assessed_on"))
            .values_list("child_id", "last")
        )
        self.dental_check = dict(
            HealthCheck.objects.filter(child_id__in=ids, kind=CheckKind.DENTAL, checked_on__lte=on)
            .values("child_id")
            .annotate(last=Max("checked_on"))
            .values_list("child_id", "last")
        )
        self.missing = group(
            MissingEpisode.objects.filter(child_id__in=ids, started_on__lte=on)
            .order_by("started_on", "pk")
            .values_list(
                "child_id",
                "kind",
                "started_on",
                "interview_outcome",
                "interview_on",
                "interview_offered_on",
                named=True,
            ),
            "child_id",
        )
