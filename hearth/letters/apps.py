from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "hearth.letters"
    label = "letters"
    verbose_name = "Letters and forms from templates"
