"""AnalyticsEvent and ProducerProfile now belong to the insights app (same tables): state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_alter_user_avatar"),
        ("insights", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AnalyticsEvent"),
                migrations.DeleteModel(name="ProducerProfile"),
            ],
            database_operations=[],
        ),
    ]
