"""Give the seeded subgroups their responsibility, matched on their short name in any case.

Where a partnership has two subgroups with the same short name, the one in use (then the older)
takes the responsibility; the other is left for the lead officer to sort out.
"""

from django.db import migrations

SHORT_NAMES = {
    "MISE": "mise",
    "LRS": "learning_review",
    "LROG": "review_operations",
    "JLD": "joint_ld",
    "PIC": "public_information",
}


def set_responsibilities(apps, schema_editor):
    Subgroup = apps.get_model("partnership", "Subgroup")
    taken = set(Subgroup.objects.exclude(responsibility="").values_list("partnership_id", "responsibility"))
    for subgroup in Subgroup.objects.filter(responsibility="").order_by("-is_active", "pk"):
        responsibility = SHORT_NAMES.get((subgroup.short_name or "").strip().upper())
        if responsibility is None or (subgroup.partnership_id, responsibility) in taken:
            continue
        taken.add((subgroup.partnership_id, responsibility))
        subgroup.responsibility = responsibility
        subgroup.save(update_fields=["responsibility"])


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0003_subgroup_responsibility"),
    ]

    operations = [
        migrations.RunPython(set_responsibilities, migrations.RunPython.noop),
    ]
