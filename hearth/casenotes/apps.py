from django.apps import AppConfig


class CaseNotesConfig(AppConfig):
    name = "hearth.casenotes"
    label = "casenotes"
    verbose_name = "Case notes"
