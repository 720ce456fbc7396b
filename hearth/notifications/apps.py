from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "hearth.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from hearth.notifications import kinds  # noqa: F401  (the kinds follow their events from start-up)
