"""The record kinds LearnLoop keeps for a limited time, declared on behalf of each app.

The defaults here must equal the table in docs/retention.md (a test reads the table and
compares). Each kind's `due` finds the rows whose period has ended and that still need doing,
so a second run finds nothing; `apply` does one batch of them. Anonymising writes with
`QuerySet.update()` on purpose: a field-by-field audit entry would copy the very content being
removed into the log. The run writes one entry per kind instead (see services).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Max, Q, QuerySet

from learnloop.retention.registry import ANONYMISE, DELETE, SERVICE, Batch, RecordKind, register

REMOVED = "[Removed under the partnership's retention schedule.]"


def _files(batch: Batch, rows: list[Any], attribute: str) -> None:
    for row in rows:
        value = getattr(row, attribute)
        name = getattr(value, "name", value)
        if name:
            batch.files.append(name)


def _delete(rows: list[Any], file_attribute: str | None = None) -> Batch:
    """Delete row by row, so audited models log the deletion (then stripped of content)."""
    batch = Batch()
    if not rows:
        return batch
    model = type(rows[0])
    if file_attribute:
        _files(batch, rows, file_attribute)
    ids = [row.pk for row in rows]
    model.objects.filter(pk__in=ids).delete()
    batch.touch(model, ids)
    batch.done = len(rows)
    return batch


def _none(partnership: Any) -> bool:
    return partnership is None


def _older_than(model: str, field: str = "created_at") -> Callable[..., list[QuerySet[Any]]]:
    """The due rows of a model that belongs to a partnership and is dated by `field`: those on or
    before the cutoff (nothing for the service-wide run)."""

    def due(partnership: Any, cutoff: dt.date, action: str) -> list[QuerySet[Any]]:
        from django.apps import apps

        if _none(partnership):
            return []
        rows = apps.get_model(model).objects.filter(partnership=partnership, **{f"{field}__date__lte": cutoff})
        return [rows]

    return due


# --- tracked children ---------------------------------------------------------------------


def _tracked_children_due(partnership: Any, cutoff: dt.date, action: str) -> list[QuerySet[Any]]:
    from learnloop.loop.models import TrackedChild

    if _none(partnership):
        return []
    rows = (
        TrackedChild.objects.filter(partnership=partnership)
        .exclude(local_case_reference="", why_tracked=REMOVED)
        .annotate(last_entry=Max("entries__date"))
        .filter(Q(last_entry__lte=cutoff) | Q(last_entry__isnull=True, created_at__date__lte=cutoff))
    )
    return [rows]


def _tracked_children_apply(rows: list[Any], action: str) -> Batch:
    from learnloop.loop.models import TrackedChild, TrackedChildEntry

    batch = Batch()
    ids = [row.pk for row in rows]
    entries = TrackedChildEntry.objects.filter(tracked_child_id__in=ids)
    batch.touch(TrackedChildEntry, entries.values_list("pk", flat=True))
    entries.delete()
    TrackedChild.objects.filter(pk__in=ids).update(
        local_case_reference="", why_tracked=REMOVED, difference_learning_would_have_made=""
    )
    batch.touch(TrackedChild, ids)
    batch.done = len(ids)
    return batch


register(
    RecordKind(
        key="tracked_children",
        label="Tracked children and their stories",
        runs_from="the last entry in the child's story (or the day the child was added, if none)",
        default_months=72,
        actions=(ANONYMISE,),
        how="the case reference, why the child is tracked and the story's entries are removed; the "
        "label, age band and links to learning and impact stay",
        due=_tracked_children_due,
        apply=_tracked_children_apply,
    )
)


# --- audit cases and readings -------------------------------------------------------------


def _audit_cases_due(partnership: Any, cutoff: dt.date, action: str) -> list[QuerySet[Any]]:
    from learnloop.audits.models import Audit, AuditCase

    if _none(partnership):
        return []
    rows = AuditCase.objects.filter(partnership=partnership).exclude(local_case_reference="", why_selected=REMOVED)
    finished = Q(audit__status=Audit.Status.COMPLETE, audit__completed_on__lte=cutoff) | Q(
        audit__status=Audit.Status.CANCELLED, audit__due_date__lte=cutoff
    )
    return [rows.filter(finished)]


def _audit_cases_apply(rows: list[Any], action: str) -> Batch:
    from learnloop.audits.models import AuditCase, ModeratedAnswer, ReadingAnswer

    batch = Batch()
    ids = [row.pk for row in rows]
    for row in rows:
        AuditCase.objects.filter(pk=row.pk).update(
            local_case_reference="",
            reference_hash=f"removed-{row.pk}",
            why_selected=REMOVED,
            source_case_key="",
            moderation_note="",
        )
    for model, link in ((ReadingAnswer, "reading__case_id__in"), (ModeratedAnswer, "case_id__in")):
        answers = model.objects.filter(**{link: ids})
        batch.touch(model, answers.values_list("pk", flat=True))
        answers.exclude(comment="").update(comment="")
    batch.touch(AuditCase, ids)
    batch.done = len(ids)
    return batch


register(
    RecordKind(
        key="audit_cases",
        label="Audit cases: local case references and readers' comments",
        runs_from="the day the audit was completed (or, if cancelled, its readings' due date)",
        default_months=36,
        actions=(ANONYMISE,),
        how="the local case reference, its matching key, why the case was chosen and every free-text "
        "comment are removed; the grades and choices that make the audit's results stay",
        due=_audit_cases_due,
        apply=_audit_cases_apply,
    )
)


# --- minimum dataset ----------------------------------------------------------------------


def _events_due(partnership: Any, cutoff: dt.date, action: str) -> list[QuerySet[Any]]:
    from learnloop.dataset.models import JourneyEvent

    if _none(partnership):
        return []
    return [
        JourneyEvent.objects.filter(partnership=partnership, event_date__lte=cutoff).only("partnership", "record_id")
    ]


def _events_apply(rows: list[Any], action: str) -> Batch:
    from learnloop.dataset.models import JourneyEvent

    batch = Batch()
    by_partnership: dict[int, list[str]] = {}
    for row in rows:
        by_partnership.setdefault(row.partnership_id, []).append(row.record_id)
    for partnership_id, record_ids in by_partnership.items():
        # Not an audited model (ADR 0006): a plain bulk delete.
        JourneyEvent.objects.filter(partnership_id=partnership_id, record_id__in=record_ids).delete()
    batch.done = len(rows)
    return batch


register(
    RecordKind(
        key="dataset_events",
        label="Minimum dataset: pseudonymised child-level events",
        runs_from="the date of the event",
        default_months=84,
        actions=(DELETE,),
        how="the event rows are deleted; figures for the quarters they fed can no longer be recomputed",
        due=_events_due,
        apply=_events_apply,
        batch_size=5000,
    )
)


def _work_files_due(partnership: Any, cutoff: dt.date, action: str) -> list[QuerySet[Any]]:
    from learnloop.dataset.models import JourneyImport

    if _none(partnership):
        return []
    return [
        JourneyImport.objects.filter(
            partnership=partnership, status__in=JourneyImport.FINISHED, finished_at__date__lte=cutoff
        ).exclude(work_file="")
    ]


def _work_files_apply(rows: list[Any], action: str) -> Batch:
    from learnloop.dataset.models import JourneyImport

    batch = Batch()
    _files(batch, rows, "work_file")
    JourneyImport.objects.filter(pk__in=[row.pk for row in rows]).update(work_file="")
    batch.done = len(rows)
    return batch


register(
    RecordKind(
        key="dataset_work_files",
        label="Minimum dataset: import work files",
        runs_from="the day the import finished (loaded or rejected)",
        default_months=1,
        actions=(DELETE,),
        how="the pseudonymised working copy of the extract is deleted from storage; the import's "
        "summary (counts, problems, dates) stays",
        due=_work_files_due,
        apply=_work_files_apply,
    )
)


# --- voice --------------------------------------------------------------------------------


def _views_due(partnership: Any, cutoff: dt.date, action: str) -> list[QuerySet[Any]]:
    from learnloop.voice.models import View

    if _none(partnership):
        return []
    return [View.objects.filter(partnership=partnership, date__lte=cutoff).exclude(summary=REMOVED)]


def _views_apply(rows: list[Any], action: str) -> Batch:
    from learnloop.voice.models import SafetyFlag, View

    batch = Batch()
    ids = [row.pk for row in rows]
    View.objects.filter(pk__in=ids).update(
        summary=REMOVED, quote="", child_reference="", source_key="", source_detail="", team=""
    )
    flags = SafetyFlag.objects.filter(view_id__in=ids)
    batch.touch(SafetyFlag, flags.values_list("pk", flat=True))
    flags.update(note="", notified="")
    batch.touch(View, ids)
    batch.done = len(ids)
    return batch


register(
    RecordKind(
        key="voice_views",
        label="Children's and families' views",
        runs_from="the date the view was given",
        default_months=36,
        actions=(ANONYMISE,),
        how="what they said, their own words, the pseudonymous child reference, the team and the "
        "safety flag's note are removed; the channel, who gave it, age band, date, themes and "
        "sentiment stay for the counts",
        due=_views_due,
        apply=_views_apply,
    )
)


# --- workforce ----------------------------------------------------------------------------


def _evaluations_due(partnership: Any, cutoff: dt.date, action: str) -> list[QuerySet[Any]]:
    from learnloop.workforce.models import Evaluation

    if _none(partnership):
        return []
    rows = Evaluation.objects.filter(partnership=partnership, session__date__lte=cutoff)
    not_anonymised = ~Q(comments="", source_key="")
    if action == ANONYMISE:
        return [rows.filter(not_anonymised)]
    # An evaluation a learning point was raised from is kept (anonymised), as its page says.
    raised = _learning_point_sources(Evaluation)
    return [rows.filter(~Q(pk__in=raised) | not_anonymised)]


def _learning_point_sources(model: type[Any]) -> QuerySet[Any]:
    from django.contrib.contenttypes.models import ContentType

    from learnloop.loop.models import LearningPoint

    ct = ContentType.objects.get_for_model(model)
    return LearningPoint.objects.filter(source_record_type=ct).values("source_record_id")


def _evaluations_apply(rows: list[Any], action: str) -> Batch:
    from learnloop.workforce.models import ConfidenceScore, Evaluation

    ids = [row.pk for row in rows]
    raised = Evaluation.objects.filter(pk__in=_learning_point_sources(Evaluation)).filter(pk__in=ids)
    keep = set(raised.values_list("pk", flat=True))
    batch = Batch()
    if action == DELETE:
        gone = [row for row in rows if row.pk not in keep]
        scores = ConfidenceScore.objects.filter(evaluation_id__in=[row.pk for row in gone])
        batch.touch(ConfidenceScore, scores.values_list("pk", flat=True))
        deleted = _delete(gone)
        batch.touched += deleted.touched
        batch.done += deleted.done
        ids = list(keep)
    Evaluation.objects.filter(pk__in=ids).update(comments="", source_key="")
    batch.touch(Evaluation, ids)
    batch.done += len(ids)
    return batch


register(
    RecordKind(
        key="workforce_evaluations",
        label="Training evaluations",
        runs_from="the date of the training session",
        default_months=36,
        actions=(ANONYMISE, DELETE),
        how="anonymise: the comments and the survey tool's response key are removed, the confidence "
        "scores stay; delete: the evaluation and its scores go, except one a learning point was raised "
        "from, which is anonymised",
        due=_evaluations_due,
        apply=_evaluations_apply,
    )
)


def _feedback_due(partnership: Any, cutoff: dt.date, action: str) -> list[QuerySet[Any]]:
    from learnloop.workforce.models import FeedbackAnswer

    if _none(partnership):
        return []
    dated = Q(response__submitted_at__date__lte=cutoff) | Q(
        response__submitted_at__isnull=True, response__exercise__date__lte=cutoff
    )
    return [FeedbackAnswer.objects.filter(dated, response__partnership=partnership).exclude(answer=REMOVED)]


def _feedback_apply(rows: list[Any], action: str) -> Batch:
    from learnloop.workforce.models import FeedbackAnswer, FeedbackResponse

    batch = Batch()
    ids = [row.pk for row in rows]
    FeedbackAnswer.objects.filter(pk__in=ids).update(answer=REMOVED)
    FeedbackResponse.objects.filter(pk__in={row.response_id for row in rows}).update(source_key="")
    batch.touch(FeedbackAnswer, ids)
    batch.done = len(ids)
    return batch


register(
    RecordKind(
        key="workforce_feedback",
        label="Workforce survey and consultation answers",
        runs_from="the day the response was submitted (or the exercise's date)",
        default_months=36,
        actions=(ANONYMISE,),
        how="each answer's text is removed; the question, the agency and the count of responses stay",
        due=_feedback_due,
        apply=_feedback_apply,
    )
)


# --- evidence and embedding files ---------------------------------------------------------


register(
    RecordKind(
        key="action_evidence",
        label="Evidence of actions (files and links)",
        runs_from="the day the evidence was added",
        default_months=72,
        actions=(DELETE,),
        how="the evidence record is deleted and its file removed from storage; the action and its progress stay",
        due=_older_than("loop.Evidence"),
        apply=lambda rows, action: _delete(rows, "file"),
    )
)


def _embedding_files_due(partnership: Any, cutoff: dt.date, action: str) -> list[QuerySet[Any]]:
    from learnloop.loop.models import Embedding

    if _none(partnership):
        return []
    return [Embedding.objects.filter(partnership=partnership, date__lte=cutoff).exclude(file="")]


def _embedding_files_apply(rows: list[Any], action: str) -> Batch:
    from learnloop.loop.models import Embedding

    batch = Batch()
    _files(batch, rows, "file")
    ids = [row.pk for row in rows]
    Embedding.objects.filter(pk__in=ids).update(file="", original_filename="", content_type="", size=None)
    batch.touch(Embedding, ids)
    batch.done = len(ids)
    return batch


register(
    RecordKind(
        key="embedding_files",
        label="Embedding records' files",
        runs_from="the date of the embedding record",
        default_months=72,
        actions=(DELETE,),
        how="the uploaded file is removed from storage; the record of what was embedded, where and when stays",
        due=_embedding_files_due,
        apply=_embedding_files_apply,
    )
)


# --- e-mails, sign-in records, staged uploads ----------------------------------------------


def _plain_delete(rows: list[Any], action: str) -> Batch:
    """Delete rows of a model that is not audited (no per-row entries to strip)."""
    batch = Batch()
    if rows:
        type(rows[0]).objects.filter(pk__in=[row.pk for row in rows]).delete()
    batch.done = len(rows)
    return batch


register(
    RecordKind(
        key="notifications",
        label="E-mails sent (notifications)",
        runs_from="the day the e-mail was sent or first tried",
        default_months=12,
        actions=(DELETE,),
        how="the copy of the e-mail (address, subject, text) is deleted",
        due=_older_than("notifications.Notification", "claimed_at"),
        apply=_plain_delete,
    )
)


def _sign_in_due(partnership: Any, cutoff: dt.date, action: str) -> list[QuerySet[Any]]:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from learnloop.accounts.models import PasswordResetRequest

    if not _none(partnership):
        return []
    return [
        AccessAttempt.objects.filter(attempt_time__date__lte=cutoff),
        AccessFailureLog.objects.filter(attempt_time__date__lte=cutoff),
        AccessLog.objects.filter(attempt_time__date__lte=cutoff),
        PasswordResetRequest.objects.filter(at__date__lte=cutoff),
    ]


register(
    RecordKind(
        key="sign_in_records",
        label="Sign-in and lock-out records",
        runs_from="the time of the attempt",
        default_months=12,
        actions=(DELETE,),
        how="the lock-out counters, the sign-in access log and password-link requests are deleted; "
        "the audit log's own sign-in entries are kept for the audit log's period",
        due=_sign_in_due,
        apply=_plain_delete,
        scope=SERVICE,
    )
)


register(
    RecordKind(
        key="staged_uploads",
        label="Uploads waiting to be checked (staged imports)",
        runs_from="the day the file was uploaded",
        default_months=1,
        actions=(DELETE,),
        how="the staged rows and any staged file are deleted, whether or not they were imported",
        due=_older_than("ingest.StagedImport"),
        apply=lambda rows, action: _delete(rows, "path"),
    )
)


# --- the audit log ------------------------------------------------------------------------


def _audit_log_due(partnership: Any, cutoff: dt.date, action: str) -> list[QuerySet[Any]]:
    from learnloop.core.models import AuditEntry

    if _none(partnership):
        return [AuditEntry.objects.filter(partnership__isnull=True, at__date__lte=cutoff)]
    return [AuditEntry.objects.filter(partnership=partnership, at__date__lte=cutoff)]


def _audit_log_apply(rows: list[Any], action: str) -> Batch:
    from learnloop.core.models import AuditEntry

    batch = Batch()
    batch.done = AuditEntry.objects.filter(pk__in=[row.pk for row in rows]).delete_for_retention()
    return batch


register(
    RecordKind(
        key="audit_log",
        label="The audit log",
        runs_from="the time of the entry",
        default_months=84,
        minimum_months=72,
        actions=(DELETE,),
        how="entries older than this are deleted; until then an entry about a record that was "
        "deleted or anonymised keeps who, when, what happened, the kind of record and its id, "
        "without the record's content",
        due=_audit_log_due,
        apply=_audit_log_apply,
    )
)
