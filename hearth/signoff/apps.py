from django.apps import AppConfig


class SignOffConfig(AppConfig):
    name = "hearth.signoff"
    label = "signoff"
    verbose_name = "Decisions and sign-off"
