"""Website statistics on the `import_source` command: `reach --mapping plausible|matomo|ga4`
(the tool; found from the file when left out) and, for a Matomo export of one month that does
not name its dates, `--target YYYY-MM`."""

from __future__ import annotations

import datetime as dt

from learnloop.ingest.sources import Importer, Job, register_importer
from learnloop.ingest.staging import Check, NotAccepted
from learnloop.reach import services
from learnloop.reach.models import Tool


def guess_tool(data: bytes) -> str:
    """Plausible writes a ZIP, GA4 a CSV that starts with '#' lines; anything else is Matomo's."""
    from learnloop.ingest.reading import decode, is_zip

    if is_zip(data[:4]):
        return Tool.PLAUSIBLE
    return Tool.GA4 if decode(data[:4096]).lstrip().startswith("#") else Tool.MATOMO


def _common(job: Job) -> dict:
    month = None
    if job.target:
        try:
            month = dt.date.fromisoformat(f"{job.target}-01" if len(job.target) == 7 else job.target)
        except ValueError:
            raise ValueError(f"--target for website statistics is a month (YYYY-MM), not '{job.target}'.") from None
    return {
        "partnership": job.partnership,
        "tool": job.mapping or guess_tool(job.data),
        "data": job.data,
        "filename": job.filename,
        "month": month,
        "by": job.by,
    }


def check(job: Job) -> Check:
    return services.statistics_import(dry_run=True, **_common(job)).check()


def run(job: Job, good_only: bool) -> str:
    outcome = services.statistics_import(skip_bad=good_only, **_common(job))
    if outcome.fatal or (outcome.errors and not good_only):
        raise NotAccepted(f"Nothing was imported: {len(outcome.errors)} problems in the file.")
    return outcome.summary()


def register() -> None:
    register_importer(
        Importer(key="reach", title="Website statistics", check=check, run=run, mappings=tuple(Tool.values))
    )
