"""The table of the database cache, the embedded default when REDIS_URL is not set."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "learnloop_cache"


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Made whatever the cache setting is now, so switching from Redis to the database later works.
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_event_retention")]

    operations = [migrations.RunPython(create, drop)]
