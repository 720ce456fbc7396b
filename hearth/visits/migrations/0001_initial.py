"""The visit model moves to the visits app (ADR 18): its table stays where it is, so only Django's state moves."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("children_in_need", "0005_assessment_version_refuses_a_stale_save"),
        ("protection", "0002_strategy_s47_conferences_core_groups"),
        ("people", "0003_name_pair_keys"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Visit",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("cin", "Child in need visit"), ("cp", "Child protection visit")], default="cin", max_length=4)),
                        ("manager_note", models.TextField(blank=True, db_default="", default="")),
                        ("visit_date", models.DateField()),
                        ("seen", models.BooleanField()),
                        ("seen_alone", models.BooleanField(default=False)),
                        ("bedroom_seen", models.BooleanField(default=False)),
                        ("not_seen_reason", models.TextField(blank=True)),
                        ("note", models.TextField(blank=True)),
                        ("child", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="visits", to="people.person")),
                        ("cin_plan", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="visits", to="children_in_need.cinplan")),
                        ("cp_plan", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="visits", to="protection.childprotectionplan")),
                        ("manager_seen_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("recorded_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "children_in_need_visit",
                        "indexes": [models.Index(fields=["child", "visit_date"], name="visit_child_idx")],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("seen", True), models.Q(("bedroom_seen", False), ("seen_alone", False)), _connector="OR"),
                                name="visit_alone_only_when_seen",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
