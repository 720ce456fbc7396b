from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "hearth.health"
    label = "health"
    verbose_name = "Children's health: assessments, checks, the SDQ and the health action plan"
