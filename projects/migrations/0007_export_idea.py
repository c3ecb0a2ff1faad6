"""An export may take a merged vault idea filed in a project (no generation behind it) as its source."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0006_project_saved_ideas"),
        ("vault", "0003_idea_thumbnail"),
    ]

    operations = [
        migrations.AddField(
            model_name="export",
            name="idea",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="exports",
                to="vault.idea",
            ),
        ),
    ]
