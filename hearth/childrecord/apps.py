from django.apps import AppConfig


class ChildrecordConfig(AppConfig):
    name = "hearth.childrecord"
    label = "childrecord"
    verbose_name = "The child's page"
