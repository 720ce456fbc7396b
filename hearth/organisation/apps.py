from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "hearth.organisation"
    label = "organisation"
    verbose_name = "Staff and organisation"

    def ready(self) -> None:
        from hearth.core.timescales.store import set_owner_resolver
        from hearth.organisation.selectors import allocation_owner, front_door_team_id

        set_owner_resolver(allocation_owner, front_door_team_id)
