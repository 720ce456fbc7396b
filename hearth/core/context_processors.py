from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from hearth.core import policy


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The council's name, and `may`: which of the council's pages (actions on no one record) this user may use,
    answered by the policy (ADR 16) so that the menu shows what the pages allow, for example `may.returns_export`."""
    user = getattr(request, "user", None)

    def council_actions() -> dict[str, bool]:
        if user is None or not user.is_authenticated:
            return {}
        return {
            action.name.replace(".", "_"): policy.allowed(user, action.name)
            for action in policy.declared()
            if action.subject == policy.COUNCIL
        }

    return {"council_name": settings.HEARTH_COUNCIL_NAME, "may": SimpleLazyObject(council_actions)}
