"""`make run` loads the demo every time: it must build a full loop once and change nothing after."""

from __future__ import annotations

import io

from django.core.management import call_command

from learnloop.accounts.models import User
from learnloop.loop.models import Action, LearningPoint, TrackedChild


def _counts() -> dict[str, int]:
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "axes", "admin", "contenttypes", "auth", "core"}
    }


def test_seed_demo_builds_every_state_and_is_idempotent(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = _counts()
    assert "lead@demo.learnloop.test" in out.getvalue()
    assert LearningPoint.objects.filter(partnership__slug="demo").count() >= 35
    assert set(Action.objects.values_list("status", flat=True)) == {s.value for s in Action.Status}
    assert TrackedChild.objects.filter(partnership__slug="demo").count() == 2
    assert User.objects.get(email="lead@demo.learnloop.test").check_password("learnloop-demo")
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first
