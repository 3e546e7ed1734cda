"""“Suggest themes” on the view, audit finding and workforce feedback forms: offered, never applied."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import timezone

from learnloop.insights.tests.test_sources import completed_audit, theme
from learnloop.loop.models import LearningPoint
from learnloop.voice.models import View
from learnloop.workforce.models import FeedbackExercise

WORDS = {"title": "Chronology out of date", "description": "The chronology was not kept up to date."}


def ticked_themes(content: str) -> list[str]:
    return re.findall(r'name="themes" type="checkbox" value="(\d+)" checked', content)


def offered(response) -> str:
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="theme-suggestions"' in content and "Chronologies" in content
    assert "There is a problem" not in content  # not validated yet
    return content


def test_on_a_view(client, world):
    client.force_login(world.lead)
    address = reverse("voice:view_create", args=["glen"])
    assert 'name="suggest_themes"' in client.get(address).content.decode()
    response = client.post(address, {"summary": WORDS["description"], "suggest_themes": "1"})
    content = offered(response)
    assert WORDS["description"] in content
    assert ticked_themes(content) == []
    assert not View.objects.exists()


def test_on_an_audit_finding(client, world):
    audit = completed_audit(world, on=timezone.localdate())
    client.force_login(world.lead)
    address = reverse("audits:finding_create", args=["glen", audit.number])
    assert 'name="suggest_themes"' in client.get(address).content.decode()
    content = offered(client.post(address, {**WORDS, "suggest_themes": "1"}))
    assert WORDS["title"] in content
    assert ticked_themes(content) == []
    assert not LearningPoint.objects.exists()


def test_on_workforce_feedback_keeps_what_was_ticked(client, world):
    client.force_login(world.lead)
    address = reverse("workforce:feedback_create", args=["glen"])
    assert 'name="suggest_themes"' in client.get(address).content.decode()
    escalation = theme(world)
    data = {**WORDS, "themes": [escalation.pk], "date_day": "3", "date_month": "4", "suggest_themes": "1"}
    content = offered(client.post(address, data))
    assert ticked_themes(content) == [str(escalation.pk)]  # as the user left it, nothing added
    assert 'value="3"' in content  # the half-typed date is kept
    assert not FeedbackExercise.objects.exists()


def test_no_one_who_may_not_record_gets_suggestions(client, world):
    client.force_login(world.viewer)
    response = client.post(reverse("workforce:feedback_create", args=["glen"]), {**WORDS, "suggest_themes": "1"})
    assert response.status_code in (403, 404)
