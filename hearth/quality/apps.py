from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "hearth.quality"
    label = "quality"
    verbose_name = "Data quality"

    def ready(self) -> None:
        from hearth.core.changes import on_child_changed
        from hearth.quality.checks import quality_mark

        on_child_changed(quality_mark)
