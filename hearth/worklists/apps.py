from django.apps import AppConfig


class WorklistsConfig(AppConfig):
    name = "hearth.worklists"
    label = "worklists"
    verbose_name = "Worklists"
