from django.apps import AppConfig


class IngestConfig(AppConfig):
    """What every import shares: the staged upload, reading a table, row problems, the check page
    and the `import_source` command. Source apps register their importers here (see sources.py)."""

    name = "learnloop.ingest"
    label = "ingest"
    verbose_name = "Imports"
