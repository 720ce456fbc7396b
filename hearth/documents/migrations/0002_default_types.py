"""The document types a council starts with (it edits its own list at /documents/types/)."""

from django.db import migrations

DEFAULT_TYPES = [
    ("Assessment report", "child_record"),
    ("Child protection conference report", "child_record"),
    ("Conference minutes", "child_record"),
    ("Correspondence", "correspondence"),
    ("Court order", "child_record"),
    ("Court report or statement", "child_record"),
    ("Email", "correspondence"),
    ("Letter sent", "correspondence"),
    ("Medical or health letter", "child_record"),
    ("Other", "child_record"),
    ("Photograph", "child_record"),
    ("Police check or report", "child_record"),
    ("School report", "child_record"),
    ("Signed consent", "child_record"),
    ("Strategy discussion minutes", "child_record"),
    ("Adoption record", "adoption"),
]


def add_types(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    for name, retention in DEFAULT_TYPES:
        DocumentType.objects.get_or_create(name=name, defaults={"retention": retention})


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]
