"""The visit model moves to the visits app (ADR 18): Django forgets it here; its table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("children_in_need", "0005_assessment_version_refuses_a_stale_save"),
        ("visits", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Visit")],
            database_operations=[],
        ),
    ]
