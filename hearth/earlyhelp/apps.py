from django.apps import AppConfig


class EarlyhelpConfig(AppConfig):
    name = "hearth.earlyhelp"
    label = "earlyhelp"
    verbose_name = "Early help"
