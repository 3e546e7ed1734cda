"""Writes for website statistics: imports (atomic, idempotent), promoted pages, and learning points."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from learnloop.ingest.problems import RowProblem
from learnloop.ingest.staging import Check
from learnloop.loop import services as loop_services
from learnloop.loop.models import Dissemination, LearningPoint, SourceType
from learnloop.partnership.models import Partnership, Subgroup
from learnloop.reach import parsers
from learnloop.reach.models import MonthlyTraffic, PageTraffic, PromotedPages, StatisticsImport
from learnloop.reach.permissions import SUBGROUP


class ReachError(Exception):
    """A rule was broken; the message says which, in the user's words."""


@dataclass
class ImportOutcome:
    record: StatisticsImport | None = None
    errors: list[RowProblem] = field(default_factory=list)
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    months: list[dt.date] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    totals: dict[dt.date, dict[str, int | None]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def fatal(self) -> bool:
        """A problem with the file as a whole (or its heading row): nothing in it can be imported."""
        return any(not e.row or e.row <= 1 for e in self.errors)

    def check(self) -> Check:
        notes = []
        if self.months:
            notes.append(f"The file covers {self.months[0]:%B %Y} to {self.months[-1]:%B %Y}.")
        for month, figures in sorted(self.totals.items()):
            views, visitors = figures.get("pageviews"), figures.get("visitors")
            notes.append(
                f"{month:%B %Y}: {'no' if views is None else f'{views:,}'} page views"
                + (f", {visitors:,} visitors." if visitors is not None else ".")
            )
        notes.extend(self.notes)
        return Check(
            noun="figure",
            new=self.added,
            changed=self.changed,
            unchanged=self.unchanged,
            errors=self.errors,
            notes=notes,
        )

    def summary(self) -> str:
        if not self.months:
            return "The file held no figures."
        span = f"{self.months[0]:%B %Y} to {self.months[-1]:%B %Y}"
        if not self.added and not self.changed:
            return f"Nothing new: every figure for {span} was already imported."
        return f"{span}: {self.added} figures added, {self.changed} changed, {self.unchanged} already up to date."


def _upsert(
    model: type,
    partnership: Partnership,
    lookup: dict[str, Any],
    values: dict[str, Any],
    outcome: ImportOutcome,
    existing: Any,
    dry_run: bool = False,
) -> None:
    """Set the figures given (never blanking a known figure with an unknown one); a dry run only counts."""
    row = existing.get(tuple(lookup.values()))
    wanted = {k: v for k, v in values.items() if v is not None or k == "tool"}
    if row is None:
        if not dry_run:
            model.objects.create(partnership=partnership, **lookup, **wanted)
        outcome.added += 1
        return
    changed = False
    for name, value in wanted.items():
        if name == "tool":
            continue
        if getattr(row, name) != value:
            if not dry_run:
                setattr(row, name, value)
            changed = True
    if changed:
        if not dry_run:
            row.tool = values["tool"]
            row.save()
        outcome.changed += 1
    else:
        outcome.unchanged += 1


@transaction.atomic
def statistics_import(
    *,
    partnership: Partnership,
    tool: str,
    data: bytes,
    filename: str,
    month: dt.date | None = None,
    by: Any = None,
    dry_run: bool = False,
    skip_bad: bool = False,
) -> ImportOutcome:
    """Read a Plausible, Matomo or GA4 export and merge its monthly figures.

    All or nothing; or, with `skip_bad` (the person accepted it), the good rows only. A problem
    with the file as a whole always loads nothing. A `dry_run` counts what would be added,
    changed and left as it is, and writes nothing.
    """
    stats = parsers.read(tool, data, filename=filename, month=parsers.first_of_month(month) if month else None)
    outcome = ImportOutcome(errors=list(stats.errors), notes=list(stats.notes), totals=dict(stats.months))
    if stats.placeholders:
        outcome.notes.append(
            f"{stats.placeholders} row{'s' if stats.placeholders != 1 else ''} for traffic with no page "
            "(“(not set)”, “Page URL not defined”) counted in the month but not as pages."
        )
    outcome.months = stats.all_months()
    if not outcome.months and not outcome.fatal:
        outcome.errors.append(RowProblem(None, "", "The file holds no figures to import."))
    if outcome.fatal or (outcome.errors and not skip_bad and not dry_run):
        return outcome
    months = {
        (row.month,): row
        for row in MonthlyTraffic.objects.filter(partnership=partnership, month__in=list(stats.months))
    }
    for month_start, values in sorted(stats.months.items()):
        _upsert(
            MonthlyTraffic,
            partnership,
            {"month": month_start},
            {"visitors": values.get("visitors"), "pageviews": values.get("pageviews"), "tool": tool},
            outcome,
            months,
            dry_run,
        )
    page_months = sorted({m for m, _ in stats.pages})
    pages = {
        (row.month, row.path): row for row in PageTraffic.objects.filter(partnership=partnership, month__in=page_months)
    }
    for (month_start, path), values in sorted(stats.pages.items()):
        _upsert(
            PageTraffic,
            partnership,
            {"month": month_start, "path": path},
            {"pageviews": values.get("pageviews") or 0, "visitors": values.get("visitors"), "tool": tool},
            outcome,
            pages,
            dry_run,
        )
    if dry_run:
        return outcome
    if outcome.added or outcome.changed:
        outcome.record = StatisticsImport.objects.create(
            partnership=partnership,
            tool=tool,
            filename=filename[:255],
            first_month=outcome.months[0],
            last_month=outcome.months[-1],
            rows_read=stats.rows_read,
            added=outcome.added,
            changed=outcome.changed,
            unchanged=outcome.unchanged,
            created_by=by,
        )
    return outcome


@transaction.atomic
def promoted_pages_save(*, dissemination: Dissemination, paths: Iterable[str], by: Any = None) -> PromotedPages | None:
    """Say which pages a campaign or dissemination promoted. No paths removes the link."""
    cleaned = []
    for path in paths:
        path = path.strip()
        if not path:
            continue
        cleaned.append(parsers._path(path))
    record = PromotedPages.objects.filter(dissemination=dissemination).first()
    if not cleaned:
        if record:
            record.delete()
        return None
    text = "\n".join(dict.fromkeys(cleaned))
    if record is None:
        return PromotedPages.objects.create(
            partnership_id=dissemination.partnership_id, dissemination=dissemination, paths=text, created_by=by
        )
    if record.paths != text:
        record.paths = text
        record.save()
    return record


@transaction.atomic
def learning_point_raise(
    *,
    record: PromotedPages,
    title: str,
    description: str,
    kind: str,
    themes: Iterable[Any],
    by: Any,
    today: dt.date | None = None,
) -> LearningPoint:
    """Raise a learning point from what a campaign did to traffic, linked back to it."""
    today = today or timezone.localdate()
    if not title.strip() or not description.strip():
        raise ReachError("Give the learning point a title and say what was learned.")
    d = record.dissemination
    lp = LearningPoint(
        partnership=d.partnership,
        title=title.strip()[:200],
        description=description.strip(),
        kind=kind,
        source_type=SourceType.WEBSITE,
        source_title=f"Website statistics: {d.title}"[:300],
        source_date=d.date,
        date_identified=today,
        subgroup=Subgroup.objects.filter(partnership=d.partnership, responsibility=SUBGROUP).first(),
    )
    lp.source_record = record
    return loop_services.learning_point_save(learning_point=lp, themes=themes, agencies=[], by=by)
