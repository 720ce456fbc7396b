"""Staff roles and the scope of children each role sees by default (need-to-know)."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    ASSISTANT_TEAM_MANAGER = "assistant_team_manager", "Assistant team manager"
    TEAM_MANAGER = "team_manager", "Team manager"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    CHILD_PROTECTION_CHAIR = "child_protection_chair", "Child protection chair"
    INDEPENDENT_REVIEWING_OFFICER = "independent_reviewing_officer", "Independent reviewing officer"
    IRO_MANAGER = "iro_manager", "Reviewing officers' manager"
    PLACEMENTS = "placements", "Fostering and placements team"
    LADO = "lado", "LADO (designated officer)"
    FRONT_DOOR = "front_door", "Front door (referral and assessment)"
    PERFORMANCE = "performance", "Quality assurance and performance"
    PARTNER_HEALTH = "partner_health", "Partner agency: health"
    PARTNER_EDUCATION = "partner_education", "Partner agency: education"
    PARTNER_POLICE = "partner_police", "Partner agency: police"
    ADMINISTRATOR = "administrator", "Administrator"


class Scope(models.TextChoices):
    """Which children's records a person may open."""

    NONE = "none", "No children's records"
    OWN_CASELOAD = "own", "Own caseload"
    TEAM = "team", "Team's children"
    SERVICE = "service", "Service's children"
    ALL = "all", "All children"
    PARTNER = "partner", "Children they work with (partner agency)"


DEFAULT_SCOPE: dict[str, str] = {
    Role.SOCIAL_WORKER: Scope.TEAM,
    Role.ASSISTANT_TEAM_MANAGER: Scope.TEAM,
    Role.TEAM_MANAGER: Scope.TEAM,
    Role.HEAD_OF_SERVICE: Scope.SERVICE,
    Role.CHILD_PROTECTION_CHAIR: Scope.ALL,
    Role.INDEPENDENT_REVIEWING_OFFICER: Scope.ALL,
    Role.IRO_MANAGER: Scope.ALL,
    # Finding and supporting placements: the children looked after and those who may become so, across the council.
    Role.PLACEMENTS: Scope.ALL,
    Role.LADO: Scope.OWN_CASELOAD,
    Role.FRONT_DOOR: Scope.ALL,
    Role.PERFORMANCE: Scope.ALL,
    Role.PARTNER_HEALTH: Scope.PARTNER,
    Role.PARTNER_EDUCATION: Scope.PARTNER,
    Role.PARTNER_POLICE: Scope.PARTNER,
    Role.ADMINISTRATOR: Scope.NONE,
}

MANAGER_ROLES = frozenset({Role.ASSISTANT_TEAM_MANAGER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE})
PARTNER_ROLES = frozenset({Role.PARTNER_HEALTH, Role.PARTNER_EDUCATION, Role.PARTNER_POLICE})
# Roles that may see who has viewed a child's record, and the emergency-access report.
AUDIT_VIEWER_ROLES = frozenset({Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.PERFORMANCE})
# Partner agencies and administrators cannot use emergency ("break glass") access.
EMERGENCY_ACCESS_ROLES = frozenset(set(Role) - PARTNER_ROLES - {Role.ADMINISTRATOR})
# Roles that screen contacts at the front door (the queue and the screening decision).
SCREENING_ROLES = frozenset(
    {Role.FRONT_DOOR, Role.TEAM_MANAGER, Role.ASSISTANT_TEAM_MANAGER, Role.HEAD_OF_SERVICE}
)
# Roles that record social work on the children they may open: every role but partner agencies and administrators.
CASEWORK_ROLES = frozenset(set(Role) - PARTNER_ROLES - {Role.ADMINISTRATOR})
