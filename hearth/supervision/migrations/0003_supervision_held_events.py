"""Each supervision already recorded becomes the `supervision.held` event about its worker (issue 14), so the
engine's supervision clock replays from the record. `hearth daily` then builds the clocks of every member of staff."""

from django.db import migrations


def forwards(apps, schema_editor):
    Supervision = apps.get_model("supervision", "Supervision")
    Event = apps.get_model("core", "Event")
    done = set(
        Event.objects.filter(type="supervision.held", record_type="supervision.supervision").values_list(
            "record_id", flat=True
        )
    )
    rows = [
        Event(
            staff_id=item.worker_id,
            type="supervision.held",
            significance="standard",
            occurred_on=item.held_on,
            recorded_at=item.recorded_at,
            recorded_by_id=item.manager_id,
            record_type="supervision.supervision",
            record_id=item.pk,
            summary="Supervision held",
            payload={},
        )
        for item in Supervision.objects.exclude(pk__in=done).iterator()
    ]
    Event.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("supervision", "0002_recorded_at_from_hearths_clock"), ("core", "0006_subjects_pauses_daily")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
