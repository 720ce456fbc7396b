from django.apps import AppConfig


class EarlyhelpConfig(AppConfig):
    name = "hearth.earlyhelp"
    label = "earlyhelp"
    verbose_name = "Early help"

    def ready(self) -> None:
        from hearth.earlyhelp import step_changes  # noqa: F401 - registers its follower of new referrals
