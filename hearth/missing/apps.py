from django.apps import AppConfig


class MissingConfig(AppConfig):
    name = "hearth.missing"
    label = "missing"
    verbose_name = "Missing and absent children, and children at risk of exploitation"
