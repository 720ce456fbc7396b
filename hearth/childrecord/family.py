"""The family page (issue 18): every child and adult of the child's household and close family, each child's status,
worker and live plans, the family's key events merged, and the genogram and ecomap drawn from the record.

Who is on it: the child, everyone living with them now, and everyone with a recorded relationship to any of those
(one step out: a parent living elsewhere, a grandparent, a half-brother in another household). A person the reader
may not open is shown without a name ("Another child, not in your scope"), and nothing of their record is read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from hearth.childrecord.genogram import Contact, Link, Node, ecomap_svg, genogram_svg
from hearth.core import clock
from hearth.core.audit import audit_reads
from hearth.core.codesets import ProfessionalRole, RelationshipType, inverse_relationship
from hearth.core.dates import long_date
from hearth.core.models import AccessAction, Event
from hearth.organisation.models import Allocation, StaffUser
from hearth.people.access import visible_among
from hearth.people.header import ChildHeader, age_text, child_header
from hearth.people.models import (
    HouseholdMembership,
    Person,
    ProfessionalInvolvement,
    RecordKind,
    Relationship,
)

CHRONOLOGY_ON_PAGE = 150
OUT_OF_SCOPE_CHILD = "Another child, not in your scope"
OUT_OF_SCOPE_ADULT = "Another person, not in your scope"
SIBLING_TYPES = {RelationshipType.SIBLING, RelationshipType.HALF_SIBLING, RelationshipType.STEP_SIBLING}


@dataclass
class FamilyMember:
    pk: int
    person: Person | None  # None: the reader may not open them
    name: str
    age: str
    is_child: bool
    lives_with: bool
    deceased_on: date | None
    relationship: str = ""  # to the child the page is about ("Mother", "Half-sibling")
    header: ChildHeader | None = None  # a child's status badges and live plans
    worker: str = ""
    team: str = ""


@dataclass(frozen=True)
class FamilyEvent:
    occurred_on: date
    child_id: int
    child: str
    summary: str

    @property
    def day(self) -> str:
        return long_date(self.occurred_on)


@dataclass
class Family:
    subject: Person
    children: list[FamilyMember] = field(default_factory=list)
    adults: list[FamilyMember] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)  # the genogram's text version, one sentence each
    contacts: list[Contact] = field(default_factory=list)  # the ecomap's, professionals and agencies
    chronology: list[FamilyEvent] = field(default_factory=list)
    genogram: str = ""
    ecomap: str = ""


def _relationship_to(subject_id: int, person: Person, links: list[Link]) -> str:
    """What this person is of the child the page is about, as recorded either way round ("" when not recorded)."""
    for link in links:
        if link.a == person.pk and link.b == subject_id:
            return RelationshipType(link.type).label
        if link.b == person.pk and link.a == subject_id:
            return inverse_relationship(link.type, person.sex).label
    return ""


def family_of(user: StaffUser, subject: Person, path: str = "") -> Family:
    """The family around `subject` as `user` may see it: a handful of queries, plus the header of each child the
    user may open."""
    today = clock.today()
    household_ids = set(
        HouseholdMembership.objects.filter(
            end_date=None,
            household_id__in=HouseholdMembership.objects.filter(person=subject, end_date=None).values(
                "household_id"
            ),
        ).values_list("person_id", flat=True)
    ) | {subject.pk}
    near = set(household_ids)
    # One step out, along relationships in force: a parent living elsewhere, a grandparent, a half-brother; an ended
    # relationship (a former foster carer's other children) does not bring anyone in.
    current = Q(end_date=None) | Q(end_date__gt=today)
    for a, b in Relationship.objects.filter(
        current, Q(person_id__in=household_ids) | Q(other_id__in=household_ids)
    ).values_list("person_id", "other_id"):
        near |= {a, b}
    people = {
        person.pk: person
        for person in Person.objects.filter(pk__in=near, merged_into=None).order_by("date_of_birth", "pk")
    }
    links = [
        Link(a, b, kind, ended=end is not None and end <= today)
        for a, b, kind, end in Relationship.objects.filter(person_id__in=people, other_id__in=people)
        .order_by("pk")
        .values_list("person_id", "other_id", "type", "end_date")
    ]
    visible = visible_among(user, list(people.values()))
    held = {
        child_id: (worker, team)
        for child_id, worker, team in Allocation.objects.filter(
            child_id__in=[pk for pk in visible if people[pk].kind == RecordKind.CHILD], end_date=None
        ).values_list("child_id", "worker__full_name", "team__name")
    }
    family = Family(subject=subject)
    names: dict[int, str] = {}
    nodes: list[Node] = []
    for pk, person in people.items():
        is_child = person.kind == RecordKind.CHILD
        may_open = pk in visible
        name = person.full_name if may_open else OUT_OF_SCOPE_CHILD if is_child else OUT_OF_SCOPE_ADULT
        names[pk] = name
        member = FamilyMember(
            pk=pk,
            person=person if may_open else None,
            name=name,
            age=age_text(person, today) if may_open else "",
            is_child=is_child,
            lives_with=pk in household_ids,
            deceased_on=person.date_of_death if may_open else None,
            relationship=_relationship_to(subject.pk, person, links)
            if pk != subject.pk
            else "The child this page is about",
        )
        if may_open and is_child:
            member.header = child_header(person)
            member.worker, member.team = held.get(pk, ("", ""))
        (family.children if is_child else family.adults).append(member)
        died = f"died {person.date_of_death:%Y}" if may_open and person.date_of_death else ""
        nodes.append(
            Node(
                pk=pk,
                label=(person.full_name if may_open else "Another child" if is_child else "Another person"),
                detail=died or member.age,
                sex=person.sex if may_open else "U",
                is_child=is_child,
                deceased=bool(died),
                lives_with=pk in household_ids,
                is_subject=pk == subject.pk,
            )
        )
    family.relationships = [
        f"{names[link.a]} is {'the former ' if link.ended and link.type != RelationshipType.FORMER_PARTNER else ''}"
        f"{RelationshipType(link.type).label.lower()} of {names[link.b]}"
        for link in links
    ]
    living = [names[pk] for pk in people if pk in household_ids and pk != subject.pk]
    deaths = [
        f"{member.name} (died {long_date(member.deceased_on)})"
        for member in family.children + family.adults
        if member.deceased_on
    ]
    family.relationships += (
        [f"Living with {subject.forename} now: {', '.join(living)}"]
        if living
        else [f"{subject.forename} lives with no one else recorded"]
    ) + ([f"Died: {', '.join(deaths)}"] if deaths else [])
    family.genogram = genogram_svg(
        nodes,
        links,
        subject.pk,
        title=f"Genogram of {subject.full_name}'s family",
        description=f"{len(family.children)} children and {len(family.adults)} adults by generation; "
        f"shaded: living with {subject.forename} now. The list after the drawing says the same in words.",
    )
    visible_children = [member.pk for member in family.children if member.person is not None]
    family.contacts = [
        Contact(name, organisation, ProfessionalRole(role).label)
        for name, organisation, role in ProfessionalInvolvement.objects.filter(
            child_id__in=visible_children, end_date=None
        )
        .order_by("role", "name")
        .values_list("name", "organisation", "role")
        .distinct()
    ]
    family.ecomap = ecomap_svg(
        f"{subject.surname} family" if len(visible_children) > 1 else subject.forename,
        family.contacts,
        title=f"Ecomap of {subject.full_name}'s family",
        description=f"{len(family.contacts)} professionals and agencies involved with the children now. The list "
        "after the drawing names each one.",
    )
    siblings = {
        link.a if link.b == subject.pk else link.b
        for link in links
        if subject.pk in (link.a, link.b) and link.type in SIBLING_TYPES
    }
    in_chronology = [pk for pk in visible_children if pk in household_ids or pk in siblings]
    family.chronology = [
        FamilyEvent(day, child_id, names[child_id], summary)
        for day, child_id, summary in Event.objects.filter(child_id__in=in_chronology, significance="key")
        .order_by("-occurred_on", "-pk")
        .values_list("occurred_on", "child_id", "summary")[:CHRONOLOGY_ON_PAGE]
    ]
    # Each other child whose status, plans or key events the page shows is read: logged on their record too.
    audit_reads(
        user=user,
        child_ids=[pk for pk in visible_children if pk != subject.pk],
        action=AccessAction.VIEW,
        path=path,
    )
    return family
