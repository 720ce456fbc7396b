"""A visit's kind is one its domain declares, with its own questions' answers; events and the audit trail name the
visit by its new label."""

from django.db import migrations, models


def relabel(apps, schema_editor):  # type: ignore[no-untyped-def]
    Event = apps.get_model("core", "Event")
    ChangeLog = apps.get_model("core", "ChangeLog")
    Event.objects.filter(record_type="children_in_need.visit").update(record_type="visits.visit")
    ChangeLog.objects.filter(model="children_in_need.visit").update(model="visits.visit")


def unlabel(apps, schema_editor):  # type: ignore[no-untyped-def]
    Event = apps.get_model("core", "Event")
    ChangeLog = apps.get_model("core", "ChangeLog")
    Event.objects.filter(record_type="visits.visit").update(record_type="children_in_need.visit")
    ChangeLog.objects.filter(model="visits.visit").update(model="children_in_need.visit")


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0001_initial"),
        ("children_in_need", "0006_visit_moves_to_visits"),
        ("core", "0004_refusal"),
    ]

    operations = [
        migrations.AlterField(model_name="visit", name="kind", field=models.CharField(max_length=4)),
        migrations.AddField(
            model_name="visit",
            name="answers",
            field=models.JSONField(blank=True, db_default={}, default=dict),
        ),
        migrations.RunPython(relabel, unlabel),
    ]
