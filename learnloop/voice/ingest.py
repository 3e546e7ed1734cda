"""Voice's importers on the `import_source` command: `voice --mapping kobo` and so on, read with the
partnership's saved column mapping for that source and the default given-by and consent."""

from __future__ import annotations

from learnloop.ingest.sources import Importer, Job, register_importer
from learnloop.ingest.staging import Check, NotAccepted
from learnloop.voice.importers import FORMATS, ImportOptions, ImportRejected, views_check, views_import, views_prepare
from learnloop.voice.models import ColumnMapping


def _read(job: Job) -> dict:
    if job.mapping not in FORMATS:
        raise ValueError(f"Give --mapping, the export's source: one of {', '.join(FORMATS)}.")
    saved = ColumnMapping.objects.filter(partnership=job.partnership, source=job.mapping).first()
    job.extra["mapping"] = saved.columns if saved else dict(FORMATS[job.mapping].defaults)
    job.extra["options"] = ImportOptions()
    prepared = views_prepare(
        partnership=job.partnership,
        source=job.mapping,
        filename=job.filename,
        content=job.data,
        mapping=job.extra["mapping"],
        options=job.extra["options"],
    )
    job.extra["prepared"] = prepared
    return prepared


def check(job: Job) -> Check:
    prepared = job.extra.get("prepared") or _read(job)
    return views_check(
        partnership=job.partnership,
        source=job.mapping,
        filename=job.filename,
        mapping=job.extra["mapping"],
        options=job.extra["options"],
        prepared=prepared,
    )


def run(job: Job, good_only: bool) -> str:
    prepared = job.extra.get("prepared") or _read(job)
    try:
        batch = views_import(
            partnership=job.partnership,
            source=job.mapping,
            filename=job.filename,
            mapping=job.extra["mapping"],
            options=job.extra["options"],
            by=job.by,
            prepared=prepared,
            skip_bad=good_only,
        )
    except ImportRejected as rejected:
        raise NotAccepted(f"Nothing was imported: {rejected}.") from None
    return f"{batch.views_added} view{'s' if batch.views_added != 1 else ''} imported."


def register() -> None:
    register_importer(
        Importer(key="voice", title="Voice of children and families", check=check, run=run, mappings=tuple(FORMATS))
    )
