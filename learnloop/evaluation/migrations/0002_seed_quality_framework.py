"""Give every existing partnership the standard quality framework (new ones get it when created)."""

import csv
from pathlib import Path

from django.db import migrations

SEED_FILE = Path(__file__).resolve().parent.parent / "data" / "quality_framework.csv"


def seed(apps, schema_editor):
    Partnership = apps.get_model("partnership", "Partnership")
    FrameworkItem = apps.get_model("evaluation", "FrameworkItem")
    with SEED_FILE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for partnership in Partnership.objects.all():
        existing = {i.code: i for i in FrameworkItem.objects.filter(partnership=partnership)}
        for position, row in enumerate(rows, start=1):
            if row["code"] in existing:
                continue
            existing[row["code"]] = FrameworkItem.objects.create(
                partnership=partnership,
                kind=row["kind"],
                code=row["code"],
                name=row["name"],
                parent=existing.get(row["parent"]) if row["parent"] else None,
                source=row["source"],
                position=position * 10,
            )


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_self_evaluation")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
