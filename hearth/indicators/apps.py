from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "hearth.indicators"
    label = "indicators"
    verbose_name = "Performance indicators"
