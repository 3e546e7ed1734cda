"""Re-importing a corrected file corrects the safety flags an earlier import set.

A row already imported (the same key) whose corrected answers now say a child feels unsafe is
flagged, and the lead officer and agency lead told. A row that no longer says so loses its flag
only when nobody has acted on it; a flag someone has acted on (passed on, or the view answered in
"you said, we did" or raised as a learning point) is kept and marked "no longer raised by the
data: review". Each change is written in the import's notes and the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from learnloop.core import audit
from learnloop.core.models import AuditEntry
from learnloop.loop.models import LearningPoint, SourceType
from learnloop.partnership.models import Partnership
from learnloop.voice.models import ImportBatch, SafetyFlag, View


@dataclass
class FlagChanges:
    """Views already held whose flag a re-import changes, each with its row in the file."""

    add: list[tuple[int, View]] = field(default_factory=list)
    remove: list[tuple[int, View]] = field(default_factory=list)
    keep_for_review: list[tuple[int, View]] = field(default_factory=list)

    @property
    def rows(self) -> set[int]:
        return {row for row, _ in [*self.add, *self.remove, *self.keep_for_review]}


def acted_on(flag: SafetyFlag | None) -> bool:
    """Someone has done something about the flag: removing it would lose that silently."""
    if flag is None:
        return False
    if flag.is_passed_on or flag.note.strip():
        return True
    view = flag.view
    if view.responses.exists():
        return True
    return LearningPoint.objects.filter(
        source_type=SourceType.VOICE,
        source_record_type__app_label="voice",
        source_record_type__model="view",
        source_record_id=view.pk,
    ).exists()


def flag_changes(partnership: Partnership, source: str, rows: Iterable[Any]) -> FlagChanges:
    """What a re-import would do to the flags of views already held. `rows` have row, key and
    feels_unsafe (the corrected answer)."""
    wanted = {r.key: r for r in rows}
    held = View.objects.filter(partnership=partnership, source=source, source_key__in=list(wanted)).select_related(
        "safety_flag"
    )
    changes = FlagChanges()
    for view in held:
        row = wanted[view.source_key]
        flag = getattr(view, "safety_flag", None)
        if row.feels_unsafe:
            if not view.feels_unsafe or (flag is not None and flag.no_longer_raised_at):
                changes.add.append((row.row, view))
        elif view.feels_unsafe and not (flag is not None and flag.no_longer_raised_at):
            (changes.keep_for_review if acted_on(flag) else changes.remove).append((row.row, view))
    for part in (changes.add, changes.remove, changes.keep_for_review):
        part.sort(key=lambda pair: pair[0])
    return changes


def apply(changes: FlagChanges, *, batch: ImportBatch, by: Any, base_url: str = "") -> list[str]:
    """Make the changes; return the notes that record them in the import."""
    from learnloop.voice.services import safety_flag_raise

    notes: list[str] = []
    now = timezone.now()
    for row, view in changes.add:
        flag = SafetyFlag.objects.filter(view=view).first()
        if flag is not None and flag.no_longer_raised_at:
            flag.no_longer_raised_at = None
            flag.no_longer_raised_by = None
            flag.save()
            notes.append(
                f"Row {row}: {view.reference} says a child feels unsafe again; its flag is no longer marked for review."
            )
            continue
        view.feels_unsafe = True
        view.save()
        safety_flag_raise(view=view, base_url=base_url)
        notes.append(
            f"Row {row}: {view.reference} now says a child feels unsafe: flagged, and the lead officer and agency lead told."
        )
    for row, view in changes.remove:
        flag = SafetyFlag.objects.filter(view=view).first()
        told = f" {flag.notified} had been told; tell them it was a mistake." if flag and flag.notified else ""
        if flag is not None:
            flag.delete()
        view.feels_unsafe = False
        view.save()
        detail = (
            f"Safety flag removed by the import of {batch.filename}: row {row} no longer says a child feels unsafe."
        )
        audit.record(event=AuditEntry.Event.UPDATE, obj=view, user=by, detail=detail)
        notes.append(
            f"Row {row}: the flag on {view.reference} was removed: the corrected file no longer says a child feels unsafe and nobody had acted on it.{told}"
        )
    for row, view in changes.keep_for_review:
        flag = SafetyFlag.objects.get(view=view)
        flag.no_longer_raised_at = now
        flag.no_longer_raised_by = batch
        flag.save()
        notes.append(
            f"Row {row}: the corrected file no longer says a child feels unsafe, but someone has acted on the flag on "
            f"{view.reference}, so it is kept and marked “no longer raised by the data: review”."
        )
    return notes
