from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "hearth.backups"
    label = "backups"
    verbose_name = "Backups and restore"
