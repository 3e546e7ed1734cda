"""The demo shows a recurring theme across three sources, a repeated lesson, a stalled agency and
an emerging theme; seeding it twice changes nothing."""

from __future__ import annotations

import io

from django.core.management import call_command

from learnloop.accounts.models import User
from learnloop.insights import selectors
from learnloop.loop.models import LearningPoint


def test_the_demo_shows_one_of_each(db):
    call_command("seed_demo", stdout=io.StringIO())
    lead = User.objects.get(email="lead@demo.learnloop.test").memberships.get(partnership__slug="demo")
    found = selectors.insights(lead).findings
    keys = {f.key for f in found}
    assert "recurring_theme:escalation" in keys
    assert "emerging_theme:risks_outside_family" in keys
    assert any(f.kind == "repeated_learning" and "Neglect chronologies" in f.subject for f in found)
    assert any(f.kind == "stalled_actions" and "Police" in f.subject for f in found)
    count = LearningPoint.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert LearningPoint.objects.count() == count
