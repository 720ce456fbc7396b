"""The logins to show after seeding: one member of staff per role with real work to show, kept in a file."""

from __future__ import annotations

import os
from datetime import date

from django.db.models import Count

from hearth.core.models import Obligation, ObligationStatus
from hearth.core.timescales.display import overdue_on
from hearth.demo.loading.staff import StaffResult
from hearth.organisation.models import Allocation, StaffUser
from hearth.organisation.roles import Role, Scope
from hearth.people.models import ProfessionalInvolvement


def pick_logins(staff: StaffResult, today: date) -> list[tuple[str, str, str]]:
    """One username per role, (role, username, role label): people with real work to show."""
    users = staff.users
    mine = [users[spec.username] for spec in staff.specs]
    picked: dict[str, StaffUser] = {}
    social_workers = [user for user in mine if user.role == Role.SOCIAL_WORKER]
    if social_workers:
        # A safeguarding worker with a handful of overdue items and a full caseload shows the worklist best.
        ids = [user.pk for user in social_workers if user.team and user.team.name.startswith("Safeguarding")]
        ids = ids or [user.pk for user in social_workers]
        work = {
            row["owner_id"]: row
            for row in Obligation.objects.filter(owner_id__in=ids, status=ObligationStatus.OPEN)
            .values("owner_id")
            .annotate(overdue=Count("pk", filter=overdue_on(today)), total=Count("pk"))
            .order_by()
        }
        caseload = dict(
            Allocation.objects.filter(worker_id__in=ids, end_date=None)
            .values_list("worker_id")
            .annotate(n=Count("pk"))
            .order_by()
        )

        def score(pk: int) -> tuple[int, int]:
            overdue = work.get(pk, {}).get("overdue", 0)
            return (1 if 2 <= overdue <= 6 else 0, caseload.get(pk, 0))

        best = max(ids, key=score)
        picked[Role.SOCIAL_WORKER] = next(user for user in social_workers if user.pk == best)
    worker = picked.get(Role.SOCIAL_WORKER)
    for user in mine:
        if user.role in picked:
            continue
        managers = (Role.TEAM_MANAGER, Role.ASSISTANT_TEAM_MANAGER)
        if worker is not None and user.role in managers and user.team_id != worker.team_id:
            continue
        if user.role == Role.HEAD_OF_SERVICE and user.scope == Scope.ALL:
            continue  # the director: listed on their own line
        if (
            user.role == Role.HEAD_OF_SERVICE
            and worker is not None
            and worker.team is not None
            and worker.team.service.head_id != user.pk
        ):
            continue
        picked[user.role] = user
    for user in mine:  # any role still missing (for example a manager of another team)
        picked.setdefault(user.role, user)
    partners = (Role.PARTNER_HEALTH, Role.PARTNER_EDUCATION, Role.PARTNER_POLICE)
    linked = dict(
        ProfessionalInvolvement.objects.filter(
            staff_user_id__in=[user.pk for user in mine if user.role in partners], end_date=None
        )
        .values_list("staff_user_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for role in partners:
        candidates = [user for user in mine if user.role == role]
        if candidates:
            picked[role] = max(candidates, key=lambda user: linked.get(user.pk, 0))
    order = [role for role in Role if role in picked]
    logins = [(str(role), picked[role].username, Role(role).label) for role in order]
    directors = [user for user in mine if user.role == Role.HEAD_OF_SERVICE and user.scope == Scope.ALL]
    if directors:
        logins.append(("director", directors[0].username, "Director of children's services"))
    return logins


def write_logins_file(
    path: os.PathLike[str] | str, password: str, logins: list[tuple[str, str, str]]
) -> None:
    """var/demo_logins.txt, readable by its owner only: the password and one username per role."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write("# Hearth demo council: one login per role. Every demo user has the same password.\n")
        handle.write("url\thttp://127.0.0.1:8000/\n")
        handle.write(f"password\t{password}\n")
        for role, username, label in logins:
            handle.write(f"login\t{role}\t{username}\t{label}\n")


def read_logins_file(path: os.PathLike[str] | str) -> tuple[str, str, list[tuple[str, str, str]]]:
    url, password, logins = "http://127.0.0.1:8000/", "", []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if parts[0] == "url" and len(parts) == 2:
                url = parts[1]
            elif parts[0] == "password" and len(parts) == 2:
                password = parts[1]
            elif parts[0] == "login" and len(parts) == 4:
                logins.append((parts[1], parts[2], parts[3]))
    return url, password, logins
