from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    from hearth.signoff.backfill import waiting_requests_backfill

    staff = apps.get_model("organisation", "StaffUser").objects.order_by("pk").first()
    waiting_requests_backfill(
        apps.get_model("children_in_need", "Assessment"),
        apps.get_model("children_in_need", "CinEpisode"),
        apps.get_model("signoff", "SignOff"),
        staff.pk if staff is not None else None,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("signoff", "0001_sign_off_requests_and_decisions"),
        ("children_in_need", "0004_child_protection_visits"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
