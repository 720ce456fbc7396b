"""The workforce: teams sized to the caseloads, the staff in them, and the staff ids generation needs."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from hearth.demo.generation.names import adult_name
from hearth.demo.generation.places import SCHOOLS
from hearth.demo.generation.plan import (
    FRONT_DOOR_TEAM,
    KINDS,
    PERFORMANCE_TEAM,
    QA_SERVICE,
    REVIEW_TEAM,
    SERVICE_OF_KIND,
    TEAM_NAMES,
    CouncilPlan,
)
from hearth.organisation.roles import Role, Scope


@dataclass(frozen=True)
class TeamSpec:
    name: str
    service: str
    kind: str  # RA, SG, ... or "" for non-casework teams


@dataclass(frozen=True)
class StaffSpec:
    username: str
    full_name: str
    role: str
    team: str  # team name or ""
    kind: str = ""  # casework kind for social workers
    index: int = -1  # index of the worker within its kind (the plan's family_worker)
    partner_organisation: str = ""
    qualified_years: int = 0
    manager_of: str = ""  # "team" (team manager) or "service" (head of service) or ""
    scope: str = ""  # a scope other than the role's (the director's: every child)


def _username(prefix: str, forename: str, surname: str, taken: set[str]) -> str:
    def slug(text: str) -> str:
        return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalpha())

    base = f"{prefix}.{slug(forename)}.{slug(surname)}"
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}{number}"
    taken.add(name)
    return name


def staff_plan(
    plan: CouncilPlan, taken_usernames: set[str] | None = None
) -> tuple[list[TeamSpec], list[StaffSpec]]:
    """The workforce: casework teams sized to the caseloads, the front door, chairs, IROs, partners, admin."""
    rng = random.Random(f"{plan.seed}:staff")
    taken = set(taken_usernames or ())
    scale = plan.scale
    teams: list[TeamSpec] = []
    staff: list[StaffSpec] = []

    def add(prefix: str, role: str, team: str = "", **extra: Any) -> None:
        female = rng.random() < 0.75 if role != Role.PARTNER_POLICE else rng.random() < 0.4
        forename, surname = adult_name(rng, female)
        staff.append(
            StaffSpec(
                username=_username(prefix, forename, surname, taken),
                full_name=f"{forename} {surname}",
                role=role,
                team=team,
                qualified_years=rng.randint(1, 25),
                **extra,
            )
        )

    services = [SERVICE_OF_KIND[kind] for kind in KINDS]
    for service in dict.fromkeys([*services, QA_SERVICE]):
        add("hos", Role.HEAD_OF_SERVICE, partner_organisation=service, manager_of="service")
    team_names: dict[str, list[str]] = {}
    for kind in KINDS:
        stem, suffixes = TEAM_NAMES[kind]
        names = []
        for number in range(plan.teams[kind]):
            suffix = suffixes[number] if number < len(suffixes) else str(number + 1)
            names.append(f"{stem} {suffix}".strip() if plan.teams[kind] > 1 or suffix else stem)
        team_names[kind] = names
        teams.extend(TeamSpec(name, SERVICE_OF_KIND[kind], kind) for name in names)
    teams.append(TeamSpec(FRONT_DOOR_TEAM, "Front door", ""))
    teams.append(TeamSpec(REVIEW_TEAM, QA_SERVICE, ""))
    teams.append(TeamSpec(PERFORMANCE_TEAM, QA_SERVICE, ""))
    for team in teams:
        add("tm", Role.TEAM_MANAGER, team.name, manager_of="team")
        if team.kind or team.name == FRONT_DOOR_TEAM:
            add("atm", Role.ASSISTANT_TEAM_MANAGER, team.name)
    for kind in KINDS:
        names = team_names[kind]
        for index in range(plan.workers[kind]):
            add(
                "sw",
                Role.SOCIAL_WORKER,
                names[index * len(names) // plan.workers[kind]],
                kind=kind,
                index=index,
            )
    for _ in range(max(2, round(6 * scale))):
        add("fd", Role.FRONT_DOOR, FRONT_DOOR_TEAM)
    for _ in range(max(1, round(6 * scale))):
        add("cpc", Role.CHILD_PROTECTION_CHAIR, REVIEW_TEAM)
    for _ in range(max(1, round(8 * scale))):
        add("iro", Role.INDEPENDENT_REVIEWING_OFFICER, REVIEW_TEAM)
    add("irom", Role.IRO_MANAGER, REVIEW_TEAM)
    for _ in range(max(1, round(3 * scale))):
        add("place", Role.PLACEMENTS, REVIEW_TEAM)
    for _ in range(max(1, round(scale))):
        add("lado", Role.LADO, REVIEW_TEAM)
    for _ in range(max(1, round(3 * scale))):
        add("perf", Role.PERFORMANCE, PERFORMANCE_TEAM)
    for index in range(max(1, round(5 * scale))):
        add("health", Role.PARTNER_HEALTH, index=index, partner_organisation="Northmoor Community Health")
    for index in range(max(1, round(5 * scale))):
        add("edu", Role.PARTNER_EDUCATION, index=index, partner_organisation=SCHOOLS[index % len(SCHOOLS)])
    for index in range(max(1, round(3 * scale))):
        add("police", Role.PARTNER_POLICE, index=index, partner_organisation="Northmoor Police")
    add("admin", Role.ADMINISTRATOR)
    # The director of children's services: a head of service over every child (drawn last, so that adding them
    # changed no one else's name).
    add("dcs", Role.HEAD_OF_SERVICE, scope=Scope.ALL)
    return teams, staff


@dataclass(frozen=True)
class Worker:
    id: int
    team_id: int
    name: str
    team_name: str
    manager_id: int
    kind: str


@dataclass
class Organisation:
    """The staff ids the generator needs (read from the database after the staff are created)."""

    workers: dict[str, list[Worker]]
    front_door: list[int]
    chairs: list[int]
    iros: list[int]
    health: list[int]
    education: list[int]
    police: list[int]
    front_door_team: int | None = None
    early_help_service: int | None = None  # the Service a step-down goes to
    education_by_school: dict[int, list[int]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)  # reviewing officers' names, for the chronology
    # The register of carers and homes: kind -> (id, name, postcode, in the council's area, URN, provider code).
    register: dict[str, list[tuple[int, str, str, bool, str, str]]] = field(default_factory=dict)
    school_ids: list[int] = field(
        default_factory=list
    )  # the register of schools, in the order of places.SCHOOLS
    managers: dict[int, int] = field(default_factory=dict)  # social worker id -> their team manager's id

    def __post_init__(self) -> None:
        for index, user_id in enumerate(self.education):
            self.education_by_school.setdefault(index % len(SCHOOLS), []).append(user_id)
        for workers in self.workers.values():
            for worker in workers:
                self.managers[worker.id] = worker.manager_id
