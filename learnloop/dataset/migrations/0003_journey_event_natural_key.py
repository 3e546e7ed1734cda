"""Child-journey events keyed by (partnership, record_id), with no other index or database constraint.

Django cannot change a table's primary key in place, so the events move to a new table: the old
one is renamed, the new one created, the rows copied across, and the old one dropped.
See docs/adr/0006-the-event-table-is-built-for-loading.md.
"""

import django.db.models.deletion
from django.db import migrations, models

COLUMNS = [
    "partnership_id",
    "journey_import_id",
    "record_id",
    "child_key",
    "event_type",
    "event_date",
    "birth_month",
    "age_band",
    "sex",
    "disability",
    "ethnicity",
    "looked_after",
    "outcome",
    "concerns",
]


def _copy(source: str, target: str):
    def copy(apps, schema_editor):
        q = schema_editor.quote_name
        columns = ", ".join(q(c) for c in COLUMNS)
        source_table = apps.get_model("dataset", source)._meta.db_table
        target_table = apps.get_model("dataset", target)._meta.db_table
        schema_editor.execute(
            f"INSERT INTO {q(target_table)} ({columns}) SELECT {columns} FROM {q(source_table)}"  # noqa: S608
        )

    return copy


class Migration(migrations.Migration):
    dependencies = [
        ("dataset", "0002_period_lock_exceptions"),
        ("partnership", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="journeyevent", name="journey_type_date"),
        migrations.RemoveIndex(model_name="journeyevent", name="journey_child_date"),
        migrations.RemoveConstraint(model_name="journeyevent", name="journey_event_unique_record"),
        migrations.RenameModel(old_name="JourneyEvent", new_name="JourneyEventBefore0003"),
        migrations.CreateModel(
            name="JourneyEvent",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "partnership", "record_id", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "partnership",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="partnership.partnership",
                    ),
                ),
                (
                    "journey_import",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="dataset.journeyimport",
                    ),
                ),
                ("record_id", models.CharField(max_length=100)),
                (
                    "child_key",
                    models.CharField(help_text="HMAC-SHA256 of the source system's child id.", max_length=64),
                ),
                (
                    "event_type",
                    models.CharField(
                        choices=[
                            ("concern", "Concern"),
                            ("ird", "Inter-agency referral discussion"),
                            ("investigation", "Investigation"),
                            ("cppm_pre_birth", "Pre-birth CPPM"),
                            ("cppm_initial", "Initial CPPM"),
                            ("cppm_review", "Review CPPM"),
                            ("registration", "Registration"),
                            ("deregistration", "Deregistration"),
                            ("core_group", "Core group"),
                        ],
                        max_length=20,
                    ),
                ),
                ("event_date", models.DateField()),
                (
                    "birth_month",
                    models.DateField(blank=True, help_text="The first day of the month of birth.", null=True),
                ),
                ("age_band", models.CharField(default="not_known", max_length=10)),
                ("sex", models.CharField(default="not_known", max_length=10)),
                ("disability", models.CharField(default="not_known", max_length=10)),
                ("ethnicity", models.CharField(default="not_known", max_length=100)),
                ("looked_after", models.CharField(default="not_known", max_length=10)),
                ("outcome", models.CharField(blank=True, max_length=20)),
                ("concerns", models.CharField(blank=True, max_length=400)),
            ],
            options={"ordering": ["event_date", "record_id"]},
        ),
        migrations.RunPython(
            _copy("JourneyEventBefore0003", "JourneyEvent"), _copy("JourneyEvent", "JourneyEventBefore0003")
        ),
        migrations.DeleteModel(name="JourneyEventBefore0003"),
    ]
