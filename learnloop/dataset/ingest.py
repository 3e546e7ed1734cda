"""The minimum dataset on the `import_source` command: `dataset` (a child-journey extract) and
`aggregates` (aggregate figures). A check runs the whole import in a transaction that is rolled
back, so it says exactly what accepting would do and leaves nothing behind."""

from __future__ import annotations

import io

from django.db import transaction

from learnloop.dataset import aggregates
from learnloop.dataset.importer import journey_import_create, journey_import_run
from learnloop.dataset.models import JourneyImport
from learnloop.ingest.problems import RowProblem
from learnloop.ingest.sources import Importer, Job, register_importer
from learnloop.ingest.staging import Check, NotAccepted


class _RollBack(Exception):
    pass


def _journeys(job: Job, *, accept_good_rows: bool) -> JourneyImport:
    item = journey_import_create(
        partnership=job.partnership,
        stream=io.BytesIO(job.data),
        filename=job.filename,
        by=job.by,
        accept_good_rows=accept_good_rows,
    )
    if not item.is_finished:
        item = journey_import_run(journey_import=item)
    return item


def _journey_check(item: JourneyImport) -> Check:
    errors = [RowProblem(p["row"], p["column"], p["reason"]) for p in item.problems]
    loaded = item.status == JourneyImport.Status.LOADED
    return Check(
        noun="event",
        new=item.rows_created if loaded else max(item.rows_total - item.rows_bad, 0),
        changed=item.rows_replaced if loaded else 0,
        errors=errors,
        notes=list(item.warnings),
    )


def journeys_check(job: Job) -> Check:
    result: list[Check] = []
    try:
        with transaction.atomic():
            item = _journeys(job, accept_good_rows=False)
            result.append(_journey_check(item))
            if item.work_file:
                item.work_file.delete(save=False)
            raise _RollBack
    except _RollBack:
        pass
    return result[0]


def journeys_run(job: Job, good_only: bool) -> str:
    item = _journeys(job, accept_good_rows=good_only)
    if item.status != JourneyImport.Status.LOADED:
        raise NotAccepted(f"Nothing was loaded: {item.rows_bad:,} of {item.rows_total:,} rows have problems.")
    left_out = f", {item.rows_bad:,} bad rows left out" if item.rows_bad else ""
    return f"Loaded {item.rows_loaded:,} events ({item.rows_created:,} new, {item.rows_replaced:,} replaced{left_out})."


def _aggregate_check(report: aggregates.UploadReport) -> Check:
    return Check(
        noun="figure",
        new=report.created,
        changed=report.updated,
        unchanged=report.unchanged,
        errors=[RowProblem(p["row"], p["column"], p["reason"]) for p in report.problems],
        notes=list(report.warnings),
    )


def aggregates_check(job: Job) -> Check:
    result: list[Check] = []
    try:
        with transaction.atomic():
            report = aggregates.aggregate_upload(
                partnership=job.partnership, stream=io.BytesIO(job.data), accept_good_rows=True, by=job.by
            )
            result.append(_aggregate_check(report))
            raise _RollBack
    except _RollBack:
        pass
    return result[0]


def aggregates_run(job: Job, good_only: bool) -> str:
    report = aggregates.aggregate_upload(
        partnership=job.partnership, stream=io.BytesIO(job.data), accept_good_rows=good_only, by=job.by
    )
    if not report.loaded:
        raise NotAccepted(f"Nothing was saved: {report.rows_bad} rows have problems.")
    return f"Saved {report.created} new and {report.updated} changed figures; {report.unchanged} unchanged."


def register() -> None:
    register_importer(Importer(key="dataset", title="Child-journey extract", check=journeys_check, run=journeys_run))
    register_importer(Importer(key="aggregates", title="Aggregate figures", check=aggregates_check, run=aggregates_run))
