"""apply_retention: records at the edges of their date, content gone, files gone, the audit log kept."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from learnloop.core.models import RETENTION_STRIPPED, AuditEntry
from learnloop.dataset.models import JourneyEvent, JourneyImport
from learnloop.ingest.models import StagedImport
from learnloop.loop.models import Evidence, TrackedChild, TrackedChildEntry
from learnloop.notifications.models import Notification
from learnloop.retention import registry
from learnloop.retention.kinds import REMOVED
from learnloop.retention.models import RetentionOverride
from learnloop.retention.services import retention_apply
from learnloop.testing.factories import ActionFactory, TrackedChildFactory
from learnloop.voice.models import View

AS_OF = dt.date(2030, 6, 15)
CUTOFF_72 = dt.date(2024, 6, 15)  # 72 months before AS_OF: the last date whose six years have ended
ONE_DAY = dt.timedelta(days=1)


def _child(world, ref: str, last_entry: dt.date) -> TrackedChild:
    child = TrackedChildFactory(
        partnership=world.partnership, agency=world.social_work, local_case_reference=ref, label=f"Child {ref}"
    )
    TrackedChildEntry.objects.create(tracked_child=child, date=last_entry - dt.timedelta(days=400), text=f"Early {ref}")
    TrackedChildEntry.objects.create(tracked_child=child, date=last_entry, text=f"Injury noted {ref}")
    return child


def _result(results, key):
    return next(r for r in results if r.kind.key == key)


def _audit_text() -> str:
    return json.dumps(list(AuditEntry.objects.values("changes", "object_repr", "detail")))


@pytest.fixture
def children(world):
    return {
        "after": _child(world, "SW-AFTER", CUTOFF_72 - ONE_DAY),  # its date was yesterday
        "on": _child(world, "SW-ON", CUTOFF_72),  # its date is today
        "before": _child(world, "SW-BEFORE", CUTOFF_72 + ONE_DAY),  # its date is tomorrow
    }


def test_tracked_children_on_and_after_their_date_are_anonymised_not_before(world, children):
    results = retention_apply(partnership=world.partnership, as_of=AS_OF)
    assert _result(results, "tracked_children").done == 2
    for name in ("after", "on"):
        child = TrackedChild.objects.get(pk=children[name].pk)
        assert child.local_case_reference == ""
        assert child.why_tracked == REMOVED
        assert child.label == f"Child SW-{name.upper()}" and child.age_band
        assert not child.entries.exists()
    kept = TrackedChild.objects.get(pk=children["before"].pk)
    assert kept.local_case_reference == "SW-BEFORE" and kept.entries.count() == 2


def test_audit_entries_keep_who_when_what_but_lose_the_content(world, children):
    created = AuditEntry.objects.get(
        object_type="loop.TrackedChild", object_id=str(children["on"].pk), event=AuditEntry.Event.CREATE
    )
    assert "SW-ON" in json.dumps(created.changes)
    retention_apply(partnership=world.partnership, as_of=AS_OF)

    created = AuditEntry.objects.get(pk=created.pk)
    assert created.changes == {} and created.object_repr == "" and created.detail == RETENTION_STRIPPED
    assert created.event == AuditEntry.Event.CREATE and created.partnership == world.partnership
    entry_deletions = AuditEntry.objects.filter(object_type="loop.TrackedChildEntry", event=AuditEntry.Event.DELETE)
    assert entry_deletions.count() == 4
    assert all(e.object_id and e.changes == {} and e.object_repr == "" for e in entry_deletions)
    text = _audit_text()
    assert "SW-ON" not in text and "SW-AFTER" not in text and "Injury noted SW-ON" not in text
    assert "SW-BEFORE" in text  # the child not yet due keeps its history

    run = AuditEntry.objects.get(event=AuditEntry.Event.RETENTION, changes__kind="tracked_children")
    assert run.changes["records"] == 2 and run.changes["as_of"] == "2030-06-15"
    assert run.changes["audit_entries_stripped"] >= 2 + 4


def test_dry_run_changes_nothing(world, children):
    before = AuditEntry.objects.count()
    results = retention_apply(partnership=world.partnership, as_of=AS_OF, dry_run=True)
    assert _result(results, "tracked_children").due == 2
    assert _result(results, "tracked_children").done == 0
    assert TrackedChild.objects.exclude(local_case_reference="").count() == 3
    assert TrackedChildEntry.objects.count() == 6
    assert AuditEntry.objects.count() == before


def test_a_second_run_does_nothing(world, children):
    retention_apply(partnership=world.partnership, as_of=AS_OF)
    before = AuditEntry.objects.count()
    results = retention_apply(partnership=world.partnership, as_of=AS_OF)
    assert all(r.due == 0 and r.done == 0 for r in results)
    assert AuditEntry.objects.count() == before


def test_an_override_is_respected_and_stays_in_its_partnership(world, children):
    RetentionOverride.objects.create(partnership=world.partnership, kind="tracked_children", months=120)
    results = retention_apply(partnership=world.partnership, as_of=AS_OF)
    assert _result(results, "tracked_children").done == 0
    RetentionOverride.objects.filter(partnership=world.partnership).update(months=12)
    results = retention_apply(partnership=world.partnership, as_of=AS_OF)
    assert _result(results, "tracked_children").done == 3
    other = TrackedChildFactory(partnership=world.other_partnership, local_case_reference="OTHER-1")
    TrackedChild.objects.filter(pk=other.pk).update(created_at=timezone.now() - dt.timedelta(days=3650))
    retention_apply(partnership=world.partnership, as_of=AS_OF)
    assert TrackedChild.objects.get(pk=other.pk).local_case_reference == "OTHER-1"


def test_evidence_past_its_date_is_deleted_with_its_file(world, django_capture_on_commit_callbacks):
    action = ActionFactory(learning_point__partnership=world.partnership)
    old = Evidence.objects.create(
        partnership=world.partnership,
        action=action,
        description="Old minutes",
        file=SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 old"),
    )
    new = Evidence.objects.create(
        partnership=world.partnership,
        action=action,
        description="New minutes",
        file=SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 new"),
    )
    Evidence.objects.filter(pk=old.pk).update(created_at=dt.datetime(2024, 6, 15, 12, tzinfo=dt.UTC))
    Evidence.objects.filter(pk=new.pk).update(created_at=dt.datetime(2024, 6, 16, 12, tzinfo=dt.UTC))
    assert default_storage.exists(old.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        results = retention_apply(partnership=world.partnership, as_of=AS_OF)
    assert _result(results, "action_evidence").done == 1
    assert _result(results, "action_evidence").files_removed == 1
    assert not Evidence.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(old.file.name)
    assert default_storage.exists(new.file.name)
    deleted = AuditEntry.objects.get(object_type="loop.Evidence", object_id=str(old.pk), event="delete")
    assert deleted.object_repr == "" and "Old minutes" not in _audit_text()


def test_files_stay_when_the_run_is_rolled_back(world, django_capture_on_commit_callbacks):
    imp = JourneyImport.objects.create(
        partnership=world.partnership,
        filename="q1.csv",
        status=JourneyImport.Status.REJECTED,
        finished_at=dt.datetime(2030, 5, 1, tzinfo=dt.UTC),
    )
    imp.work_file.save("work.csv", ContentFile(b"child_key,event\n"))
    name = imp.work_file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        retention_apply(partnership=world.partnership, as_of=dt.date(2030, 6, 1))
    assert default_storage.exists(name) and callbacks  # removed only on commit
    for callback in callbacks:
        callback()
    assert not default_storage.exists(name)
    assert JourneyImport.objects.get(pk=imp.pk).work_file.name == ""
    assert JourneyImport.objects.get(pk=imp.pk).filename == "q1.csv"


def test_voice_views_lose_their_words_and_keep_their_counts(world):
    old = View.objects.create(
        partnership=world.partnership,
        number=1,
        channel="survey",
        given_by="child",
        age_band="11_15",
        date=dt.date(2027, 6, 15),
        summary="My worker never listens MARKER-VIEW",
        quote="never listens MARKER-QUOTE",
        consent="publish_words",
        sentiment="negative",
    )
    results = retention_apply(partnership=world.partnership, as_of=AS_OF)
    assert _result(results, "voice_views").done == 1
    old.refresh_from_db()
    assert old.summary == REMOVED and old.quote == ""
    assert old.channel == "survey" and old.sentiment == "negative" and old.date == dt.date(2027, 6, 15)
    assert "MARKER-VIEW" not in _audit_text() and "MARKER-QUOTE" not in _audit_text()


def test_events_notifications_staged_uploads_and_old_log_entries(world, django_capture_on_commit_callbacks):
    JourneyEvent.objects.bulk_create(
        [
            JourneyEvent(
                partnership=world.partnership,
                record_id=f"R{i}",
                child_key="k" * 64,
                event_type="concern",
                event_date=day,
            )
            for i, day in enumerate([dt.date(2023, 6, 15), dt.date(2023, 6, 16)])
        ]
    )
    note = Notification.objects.create(
        partnership=world.partnership,
        recipient=world.lead,
        kind="action_due",
        subject_key="action:1",
        sent_to="lead@glen.test",
        subject="Due",
        body="Body",
        claimed_at=dt.datetime(2029, 6, 1, tzinfo=dt.UTC),
    )
    path = default_storage.save("imports/staged.csv", ContentFile(b"a,b\n"))
    staged = StagedImport.objects.create(
        partnership=world.partnership, token="t" * 40, kind="reach:ga4", filename="stats.csv", path=path
    )
    StagedImport.objects.filter(pk=staged.pk).update(created_at=dt.datetime(2030, 5, 1, tzinfo=dt.UTC))
    with django_capture_on_commit_callbacks(execute=True):
        results = retention_apply(partnership=world.partnership, as_of=AS_OF)
    assert list(JourneyEvent.objects.values_list("record_id", flat=True)) == ["R1"]
    assert _result(results, "dataset_events").done == 1
    assert not Notification.objects.filter(pk=note.pk).exists()
    assert not StagedImport.objects.filter(pk=staged.pk).exists() and not default_storage.exists(path)


def test_the_audit_log_is_deleted_only_past_its_own_period(world):
    from learnloop.core import audit

    old = audit.record(event=AuditEntry.Event.EXPORT, partnership=world.partnership, detail="old")
    edge = audit.record(event=AuditEntry.Event.EXPORT, partnership=world.partnership, detail="edge")
    # Dates are set with Django's own update, bypassing the log's refusal, as a test fixture only.
    from django.db.models import QuerySet

    QuerySet.update(AuditEntry.objects.filter(pk=old.pk), at=dt.datetime(2023, 6, 14, 12, tzinfo=dt.UTC))
    QuerySet.update(AuditEntry.objects.filter(pk=edge.pk), at=dt.datetime(2023, 6, 16, 12, tzinfo=dt.UTC))
    results = retention_apply(partnership=world.partnership, as_of=AS_OF)  # 84 months: cut-off 15 June 2023
    assert _result(results, "audit_log").done == 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=edge.pk).exists()


def test_sign_in_records_are_service_wide(world):
    from axes.models import AccessLog

    AccessLog.objects.create(username="lead@glen.test", ip_address="127.0.0.1", user_agent="x", path_info="/")
    AccessLog.objects.update(attempt_time=dt.datetime(2029, 6, 1, tzinfo=dt.UTC))
    results = retention_apply(partnership=world.partnership, as_of=AS_OF)
    assert "sign_in_records" not in {r.kind.key for r in results}
    assert AccessLog.objects.exists()
    results = retention_apply(partnership=None, as_of=AS_OF)
    assert _result(results, "sign_in_records").done >= 1
    assert not AccessLog.objects.exists()


def test_the_command_prints_counts_per_kind(world, children):
    out = StringIO()
    call_command("apply_retention", "--partnership", "glen", "--as-of", "2030-06-15", "--dry-run", stdout=out)
    assert "tracked_children: 2 anonymise" in out.getvalue()
    assert TrackedChild.objects.exclude(local_case_reference="").count() == 3
    out = StringIO()
    call_command("apply_retention", "--as-of", "2030-06-15", stdout=out)
    assert "tracked_children: 2 anonymise" in out.getvalue()
    assert "Service-wide records" in out.getvalue()
    out = StringIO()
    call_command("apply_retention", "--as-of", "2030-06-15", stdout=out)
    assert "tracked_children: 0 anonymise" in out.getvalue()


def test_the_command_refuses_bad_input(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--as-of must be a date"):
        call_command("apply_retention", "--as-of", "15/06/2030")
    with pytest.raises(CommandError, match="No partnership"):
        call_command("apply_retention", "--partnership", "nowhere")


def test_only_the_retention_service_changes_the_audit_log():
    from pathlib import Path

    from django.conf import settings

    callers = []
    for path in Path(settings.BASE_DIR, "learnloop").rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text()
        if "strip_content_for_retention(" in text or "delete_for_retention(" in text:
            callers.append(path.relative_to(settings.BASE_DIR).as_posix())
    assert sorted(callers) == [
        "learnloop/core/models.py",
        "learnloop/retention/kinds.py",
        "learnloop/retention/services.py",
    ]


def test_kinds_declare_sensible_defaults():
    for kind in registry.kinds():
        assert kind.default_months >= kind.minimum_months >= 1
        assert kind.default_action in kind.actions


def test_evaluations_deleted_where_the_partnership_chose_it_unless_learning_was_raised(world):
    from django.contrib.contenttypes.models import ContentType

    from learnloop.loop.models import LearningPoint
    from learnloop.testing.factories import LearningPointFactory
    from learnloop.workforce.models import Course, Evaluation, Session

    course = Course.objects.create(partnership=world.partnership, title="Chronologies", audience="All")
    session = Session.objects.create(
        partnership=world.partnership, course=course, date=dt.date(2027, 6, 15), trainer="T", places=10
    )
    plain = Evaluation.objects.create(partnership=world.partnership, session=session, comments="MARKER-EVAL-1")
    raised = Evaluation.objects.create(partnership=world.partnership, session=session, comments="MARKER-EVAL-2")
    LearningPointFactory(
        partnership=world.partnership,
        source_record_type=ContentType.objects.get_for_model(Evaluation),
        source_record_id=raised.pk,
    )
    RetentionOverride.objects.create(
        partnership=world.partnership, kind="workforce_evaluations", months=36, action="delete"
    )
    results = retention_apply(partnership=world.partnership, as_of=AS_OF)
    assert _result(results, "workforce_evaluations").done == 2
    assert not Evaluation.objects.filter(pk=plain.pk).exists()
    assert Evaluation.objects.get(pk=raised.pk).comments == ""
    assert LearningPoint.objects.filter(source_record_id=raised.pk).exists()
    assert "MARKER-EVAL" not in _audit_text()
    results = retention_apply(partnership=world.partnership, as_of=AS_OF)
    assert _result(results, "workforce_evaluations").due == 0
