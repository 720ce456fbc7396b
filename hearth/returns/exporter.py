"""Who an export from the command line is logged against: a system account that cannot sign in."""

from __future__ import annotations

from hearth.organisation.models import StaffUser
from hearth.organisation.roles import Role, Scope

SYSTEM_USERNAME = "hearth.system"


def system_user() -> StaffUser:
    user, created = StaffUser.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"full_name": "Hearth (command line)", "role": Role.ADMINISTRATOR, "scope": Scope.NONE},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
