from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "hearth.plans"
    label = "plans"
    verbose_name = "Plans: outcomes, reviews and progress"
