from importlib import import_module

from django.apps import AppConfig, apps


class CoreConfig(AppConfig):
    name = "hearth.core"
    label = "core"
    verbose_name = "Core mechanisms"

    def ready(self) -> None:
        # Each app declares its event types in events.py, its rules in timescales.py, the records its managers
        # sign off in sign_offs.py, its work open on a child in open_work.py and its kinds of plan in plan_kinds.py
        # its kinds of statutory visit in visit_kinds.py, who may do what to its records in policies.py and the
        # records a document may be attached to in attachments.py, its letters in letter_kinds.py and its part of
        # `hearth daily` in daily_steps.py:
        # load them all once.
        for config in apps.get_app_configs():
            if not config.name.startswith("hearth."):
                continue
            for module in (
                "events",
                "timescales",
                "sign_offs",
                "open_work",
                "plan_kinds",
                "visit_kinds",
                "policies",
                "attachments",
                "letter_kinds",
                "daily_steps",
            ):
                try:
                    import_module(f"{config.name}.{module}")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.{module}":
                        raise
