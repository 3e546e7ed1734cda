"""Running the retention command on the demo today removes nothing: the demo is recent by design."""

from __future__ import annotations

import io

from django.core.management import call_command

from learnloop.core.models import AuditEntry


def _counts() -> dict[str, int]:
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "contenttypes", "auth"}
    }


def test_today_s_run_leaves_the_demo_as_it_is(db):
    call_command("seed_demo", stdout=io.StringIO())
    before = _counts()
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert _counts() == before, out.getvalue()
    assert not AuditEntry.objects.filter(event=AuditEntry.Event.RETENTION).exists()
