"""Stop repeating cell values in the problems of imports checked before problems were made safe:
a shifted row could have put a child's id there (docs/guide-dataset.md)."""

import re

from django.db import migrations

NOT_SHOWN = "The value is not shown because it could identify a child."
_QUOTED = re.compile(r"^'.*' (is not .*)$", re.DOTALL)
_CONCERNS = re.compile(r"^Not a concern code: .*?\. (Use: .*)$", re.DOTALL)


def scrub(reason: str) -> str:
    match = _QUOTED.match(reason)
    if match:
        return f"The value {match.group(1)} {NOT_SHOWN}"
    match = _CONCERNS.match(reason)
    if match:
        return f"A value is not a concern code. {NOT_SHOWN} {match.group(1)}"
    return reason


def forwards(apps, schema_editor):
    JourneyImport = apps.get_model("dataset", "JourneyImport")
    for item in JourneyImport.objects.exclude(problems=[]).only("pk", "problems").iterator():
        problems = [{**p, "reason": scrub(p.get("reason", ""))} for p in item.problems]
        if problems != item.problems:
            JourneyImport.objects.filter(pk=item.pk).update(problems=problems)


class Migration(migrations.Migration):
    dependencies = [("dataset", "0005_seed_breakdown_values")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
