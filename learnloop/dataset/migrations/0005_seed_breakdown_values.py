"""Give every existing partnership the default breakdown values (see extract.DEFAULT_BREAKDOWN_VALUES)."""

from django.db import migrations

# A copy as of this migration: later changes to the defaults do not rewrite history.
ETHNIC_GROUPS = [
    "White: Scottish",
    "White: Other British",
    "White: Irish",
    "White: Gypsy/Traveller",
    "White: Roma",
    "White: Showman/Showwoman",
    "White: Polish",
    "White: Other white ethnic group",
    "Mixed or multiple ethnic groups",
    "Asian, Scottish Asian or British Asian: Pakistani, Scottish Pakistani or British Pakistani",
    "Asian, Scottish Asian or British Asian: Indian, Scottish Indian or British Indian",
    "Asian, Scottish Asian or British Asian: Bangladeshi, Scottish Bangladeshi or British Bangladeshi",
    "Asian, Scottish Asian or British Asian: Chinese, Scottish Chinese or British Chinese",
    "Asian, Scottish Asian or British Asian: Other Asian",
    "African, Scottish African or British African",
    "Other African",
    "Caribbean or Black",
    "Arab, Scottish Arab or British Arab",
    "Other ethnic group",
]
DEFAULTS = {
    "sex": [("male", "Male"), ("female", "Female"), ("other", "Other"), ("not_known", "Not known")],
    "disability": [("yes", "Yes"), ("no", "No"), ("not_known", "Not known")],
    "ethnicity": [*[(group, group) for group in ETHNIC_GROUPS], ("not_known", "Not known")],
    "looked_after": [("yes", "Yes"), ("no", "No"), ("not_known", "Not known")],
}


def seed(apps, schema_editor):
    Partnership = apps.get_model("partnership", "Partnership")
    BreakdownValue = apps.get_model("dataset", "BreakdownValue")
    for partnership_id in Partnership.objects.values_list("pk", flat=True):
        have = set(BreakdownValue.objects.filter(partnership_id=partnership_id).values_list("dimension", "value"))
        BreakdownValue.objects.bulk_create(
            [
                BreakdownValue(
                    partnership_id=partnership_id, dimension=dimension, value=value, label=label, order=order
                )
                for dimension, pairs in DEFAULTS.items()
                for order, (value, label) in enumerate(pairs)
                if (dimension, value) not in have
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("dataset", "0004_breakdown_values")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
