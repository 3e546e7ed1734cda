"""Store every e-mail address in lower case, so that sign-in and uniqueness ignore case."""

from collections import defaultdict

from django.db import migrations


def lower_case_emails(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    by_lower = defaultdict(list)
    for pk, email in User.objects.values_list("pk", "email"):
        by_lower[email.strip().lower()].append((pk, email))
    clashes = sorted(lower for lower, rows in by_lower.items() if len(rows) > 1)
    if clashes:
        raise RuntimeError(
            "These addresses belong to more than one account when case is ignored: "
            + ", ".join(clashes)
            + ". Merge or rename the accounts (Django admin), then migrate again."
        )
    for lower, [(pk, email)] in by_lower.items():
        if email != lower:
            User.objects.filter(pk=pk).update(email=lower)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]

    operations = [migrations.RunPython(lower_case_emails, migrations.RunPython.noop)]
