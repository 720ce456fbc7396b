"""The workforce dates already recorded become the events that start their clocks (issue 14): a renewal date set
(due on that date, recorded on the day of the upgrade or on the date itself if it has passed) and the last
appraisal (held on its date). `hearth daily`
then joins each member of staff and replays them."""

from django.db import migrations

from hearth.core import clock


def forwards(apps, schema_editor):
    StaffUser = apps.get_model("organisation", "StaffUser")
    Event = apps.get_model("core", "Event")
    today, now = clock.today(), clock.now()
    rows = []
    for member in StaffUser.objects.filter(is_active=True).iterator():
        for field, event_type, what in (
            ("registration_renewal_date", "staff.registration_renewal_set", "Social Work England registration"),
            ("vetting_renewal_date", "staff.vetting_renewal_set", "DBS check"),
        ):
            due = getattr(member, field)
            if due is not None:
                rows.append(
                    Event(
                        staff_id=member.pk,
                        type=event_type,
                        significance="standard",
                        occurred_on=min(today, due),  # a date already passed is overdue from then
                        recorded_at=now,
                        summary=f"{what} next renewed by {due.isoformat()}",
                        payload={"due_date": due.isoformat()},
                    )
                )
        if member.last_appraisal_date is not None:
            rows.append(
                Event(
                    staff_id=member.pk,
                    type="staff.appraised",
                    significance="standard",
                    occurred_on=member.last_appraisal_date,
                    recorded_at=now,
                    summary="Annual appraisal held",
                    payload={},
                )
            )
    Event.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("organisation", "0006_staff_version_refuses_a_stale_save"), ("core", "0006_subjects_pauses_daily")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
