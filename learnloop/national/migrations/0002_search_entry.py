import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

from learnloop.national import fts


def forwards(apps, schema_editor):
    for sql in fts.statements(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in fts.statements(schema_editor.connection.vendor, drop=True):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("national", "0001_national_sharing"),
        ("partnership", "0004_subgroup_responsibility_from_short_names"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("publication", "Published review summaries and briefings"),
                            ("seven_minute", "7-minute briefings"),
                            ("learning_point", "Learning points marked for national sharing"),
                            ("theme", "Themes"),
                            ("indicator", "Minimum dataset figures (aggregate, with small numbers suppressed)"),
                        ],
                        max_length=20,
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                ("title", models.CharField(max_length=300)),
                ("body", models.TextField(blank=True)),
                ("on", models.DateField(blank=True, null=True)),
                ("review_kinds", models.CharField(blank=True, max_length=200)),
                ("agency_kinds", models.CharField(blank=True, max_length=300)),
                ("theme_codes", models.TextField(blank=True)),
                ("theme_names", models.TextField(blank=True)),
                ("vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                (
                    "partnership",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="partnership.partnership"
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["partnership", "kind"], name="national_search_partnership")],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "object_id"), name="national_search_one_per_item")
                ],
            },
        ),
        # The FTS5 table and its triggers on SQLite, the GIN index on PostgreSQL: each only there.
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
