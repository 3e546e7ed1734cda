"""Workforce's importers on the `import_source` command: course evaluations for a session
(`workforce-evaluations --target SESSION_ID`) and survey responses for a feedback exercise
(`workforce-feedback --target EXERCISE_ID`), each with `--mapping` naming the survey tool."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from learnloop.ingest import surveys
from learnloop.ingest.sources import Importer, Job, register_importer
from learnloop.ingest.staging import Check, NotAccepted
from learnloop.workforce import importers
from learnloop.workforce.models import FeedbackExercise, Session

TOOLS = tuple(key for key, _ in surveys.FORMATS)


def _target(job: Job, model: Any) -> Any:
    if job.mapping not in TOOLS:
        raise ValueError(f"Give --mapping, the survey tool: one of {', '.join(TOOLS)}.")
    found = model.objects.filter(partnership=job.partnership, pk=job.target).first() if job.target.isdigit() else None
    if found is None:
        raise ValueError(f"No {model._meta.verbose_name} {job.target} in this partnership.")
    if "prepared" not in job.extra:
        job.extra["prepared"] = surveys.prepare(job.mapping, job.data)
    return found


def _pair(model: Any, name: str, do: Callable[..., importers.ImportResult]) -> tuple[Callable, Callable]:
    def check(job: Job) -> Check:
        target = _target(job, model)
        return do(**{name: target}, fmt=job.mapping, data=job.extra["prepared"], by=job.by, dry_run=True).check()

    def run(job: Job, good_only: bool) -> str:
        target = _target(job, model)
        result = do(**{name: target}, fmt=job.mapping, data=job.extra["prepared"], by=job.by, skip_bad=good_only)
        if not result.created and result.errors:
            raise NotAccepted(f"Nothing was imported: {len(result.errors)} problems in the file.")
        return result.summary()

    return check, run


def register() -> None:
    check, run = _pair(Session, "session", importers.import_evaluations)
    register_importer(
        Importer(
            key="workforce-evaluations",
            title="Course evaluations",
            check=check,
            run=run,
            mappings=TOOLS,
            needs_target="the training session's number",
        )
    )
    check, run = _pair(FeedbackExercise, "exercise", importers.import_feedback)
    register_importer(
        Importer(
            key="workforce-feedback",
            title="Survey and consultation responses",
            check=check,
            run=run,
            mappings=TOOLS,
            needs_target="the feedback exercise's number",
        )
    )
