from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "hearth.documents"
    label = "documents"
    verbose_name = "Documents on a child's record"
