"""The models moved here from accounts with their tables: state only, no table is touched."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0004_alter_user_avatar"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ProducerProfile",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("dna", models.JSONField(default=dict)),
                        ("creativity", models.JSONField(default=dict)),
                        ("computed_at", models.DateTimeField(auto_now=True)),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="producer_profile",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "accounts_producerprofile"},
                ),
                migrations.CreateModel(
                    name="AnalyticsEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("event_type", models.CharField(db_index=True, max_length=50)),
                        ("event_data", models.JSONField(blank=True, default=dict)),
                        ("source", models.CharField(default="server", max_length=10)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="analytics_events",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "accounts_analyticsevent",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [models.Index(fields=["user", "created_at"], name="accounts_an_user_id_338528_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
