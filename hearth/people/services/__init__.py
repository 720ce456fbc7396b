"""Actions on people's records. Each validates, writes its rows, its audit entry and its event together."""

from hearth.people.services.details import (
    address_add,
    disability_add,
    identifier_add,
    immigration_status_add,
    professional_add,
)
from hearth.people.services.household import (
    household_add_member,
    household_join,
    household_leave,
    relationship_add,
)
from hearth.people.services.person import (
    PERSON_FIELDS,
    PossibleDuplicate,
    name_tokens_for,
    person_add_name,
    person_create,
    person_duplicate_checked,
    person_merge,
    person_possible_duplicates,
    person_restrict,
    person_update,
    person_validate,
)

__all__ = [
    "PERSON_FIELDS",
    "PossibleDuplicate",
    "address_add",
    "disability_add",
    "household_add_member",
    "household_join",
    "household_leave",
    "identifier_add",
    "immigration_status_add",
    "name_tokens_for",
    "person_add_name",
    "person_create",
    "person_duplicate_checked",
    "person_merge",
    "person_possible_duplicates",
    "person_restrict",
    "person_update",
    "person_validate",
    "professional_add",
    "relationship_add",
]
