"""Creating the demo council's services, teams and staff, and the staff ids generation needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from hearth.demo.generation.plan import EHT, FRONT_DOOR_TEAM, KINDS, QA_SERVICE, SERVICE_OF_KIND, CouncilPlan
from hearth.demo.generation.staff import Organisation, StaffSpec, Worker, staff_plan
from hearth.organisation.models import Service, StaffUser, Team
from hearth.organisation.roles import Role


@dataclass
class StaffResult:
    organisation: Organisation
    users: dict[str, StaffUser]  # username -> user
    specs: list[StaffSpec]
    teams: dict[str, Team] = field(default_factory=dict)


def create_staff(plan: CouncilPlan, password_hash: str) -> StaffResult:
    """Services, teams and every member of staff, all with the one (hashed) demo password."""
    taken = set(StaffUser.objects.values_list("username", flat=True))
    team_specs, specs = staff_plan(plan, taken)
    services = {
        name: Service.objects.get_or_create(name=name)[0]
        for name in dict.fromkeys([spec.service for spec in team_specs] + [QA_SERVICE])
    }
    teams = {
        spec.name: Team.objects.get_or_create(
            name=spec.name,
            defaults={"service": services[spec.service], "is_front_door": spec.name == FRONT_DOOR_TEAM},
        )[0]
        for spec in team_specs
    }
    today = plan.today
    users = []
    for number, spec in enumerate(specs):
        qualified = spec.role not in (Role.ADMINISTRATOR, Role.PERFORMANCE) and not spec.role.startswith(
            "partner"
        )
        users.append(
            StaffUser(
                username=spec.username,
                full_name=spec.full_name,
                email=f"{spec.username}@northmoor.example",
                role=spec.role,
                scope=spec.scope,
                team=teams[spec.team] if spec.team else None,
                partner_organisation=spec.partner_organisation if spec.role.startswith("partner") else "",
                qualification_date=_qualified_on(spec.role, spec.qualified_years, number, today)
                if qualified
                else None,
                social_work_england_number=f"SW{100000 + number}" if qualified else "",
                # Renewals and appraisals spread over the year, so a few fall due soon or are overdue.
                registration_renewal_date=today + timedelta(days=(number * 37) % 400 - 10)
                if qualified
                else None,
                vetting_renewal_date=today + timedelta(days=(number * 53) % 1100 - 15),
                last_appraisal_date=today - timedelta(days=(number * 29) % 400),
                password=password_hash,
            )
        )
    StaffUser.objects.bulk_create(users, batch_size=500)
    by_username = StaffUser.objects.in_bulk([spec.username for spec in specs], field_name="username")
    # Managers: heads of service, team managers, line management.
    team_manager: dict[str, StaffUser] = {}
    assistant: dict[str, StaffUser] = {}
    heads: dict[str, StaffUser] = {}
    for spec in specs:
        user = by_username[spec.username]
        if spec.role == Role.HEAD_OF_SERVICE and spec.partner_organisation:
            heads[spec.partner_organisation] = user
        elif spec.role == Role.TEAM_MANAGER:
            team_manager[spec.team] = user
        elif spec.role == Role.ASSISTANT_TEAM_MANAGER:
            assistant[spec.team] = user
    for name, service in services.items():
        if service.head_id is None and name in heads:
            service.head = heads[name]
            service.save(update_fields=["head"])
    team_service = {spec.name: spec.service for spec in team_specs}
    for name, team in teams.items():
        if team.manager_id is None and name in team_manager:
            team.manager = team_manager[name]
            team.save(update_fields=["manager"])
    changed = []
    for spec in specs:
        user = by_username[spec.username]
        manager: StaffUser | None = None
        if spec.role == Role.TEAM_MANAGER:
            manager = heads.get(team_service.get(spec.team, ""))
        elif spec.role == Role.ASSISTANT_TEAM_MANAGER:
            manager = team_manager.get(spec.team)
        elif spec.team:
            manager = assistant.get(spec.team) or team_manager.get(spec.team)
        if manager is not None:
            user.line_manager = manager
            changed.append(user)
    StaffUser.objects.bulk_update(changed, ["line_manager"], batch_size=500)

    workers: dict[str, list[Worker]] = {kind: [] for kind in KINDS}
    by_role: dict[str, list[int]] = {}
    for spec in specs:
        user = by_username[spec.username]
        by_role.setdefault(spec.role, []).append(user.pk)
        if spec.role == Role.SOCIAL_WORKER:
            team = teams[spec.team]
            manager_id = team.manager_id or team_manager[spec.team].pk
            workers[spec.kind].append(
                Worker(user.pk, team.pk, spec.full_name, team.name, manager_id, spec.kind)
            )
    organisation = Organisation(
        workers=workers,
        front_door=by_role[Role.FRONT_DOOR],
        front_door_team=Team.objects.filter(is_front_door=True).values_list("pk", flat=True).first(),
        early_help_service=services[SERVICE_OF_KIND[EHT]].pk,
        chairs=by_role[Role.CHILD_PROTECTION_CHAIR],
        iros=by_role[Role.INDEPENDENT_REVIEWING_OFFICER],
        health=by_role[Role.PARTNER_HEALTH],
        education=by_role[Role.PARTNER_EDUCATION],
        police=by_role[Role.PARTNER_POLICE],
        names={
            by_username[spec.username].pk: spec.full_name
            for spec in specs
            if spec.role == Role.INDEPENDENT_REVIEWING_OFFICER
        },
    )
    return StaffResult(organisation, by_username, specs, teams)


def _qualified_on(role: str, years: int, number: int, today: date) -> date:
    """About one social worker in ten is in their first year after qualifying (protected caseload, ASYE)."""
    if role == Role.SOCIAL_WORKER and number % 10 == 3:
        return today - timedelta(days=60 + number % 250)
    return today - timedelta(days=365 * years)
