from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "hearth.visits"
    label = "visits"
    verbose_name = "Statutory visits to a child, of every kind"
