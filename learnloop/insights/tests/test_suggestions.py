"""Theme suggestions: trained on the partnership's tagged records, stored in the database,
offered on the learning point form without JavaScript, never ticked for the user."""

from __future__ import annotations

import csv
from pathlib import Path

from django.urls import reverse

from learnloop.insights import suggestions
from learnloop.insights.models import ThemeModel
from learnloop.insights.tests.helpers import lp

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "labelled_learning.csv"


def _tag_sample(world, limit=None):
    with SAMPLE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))[:limit]
    for i, row in enumerate(rows):
        lp(world, row["text"][:190], days_ago=i, description=row["text"], themes=tuple(row["themes"].split(";")))


def test_with_few_tagged_records_the_taxonomy_words_are_used(world):
    m = world.membership(world.lead)
    found = suggestions.suggest(m, "The chronology was not updated so the pattern was missed")
    assert found and found[0][0] == "chronologies"
    assert not ThemeModel.objects.exists()


def test_a_model_is_trained_stored_and_used_across_processes(world, django_capture_on_commit_callbacks):
    _tag_sample(world)
    m = world.membership(world.lead)
    with django_capture_on_commit_callbacks(execute=True):
        suggestions.suggest(m, "anything")  # enough tagged records: retraining is enqueued (runs at once in tests)
    stored = ThemeModel.objects.get(partnership=world.partnership)
    assert stored.records >= 90 and "information_sharing" in stored.themes
    model = suggestions.load(ThemeModel.objects.get(pk=stored.pk))  # read back from the database
    scores = model.scores("School did not share the concern with social work in time")
    assert max(scores, key=scores.get) == "information_sharing"


def test_retraining_waits_for_enough_new_records(world, django_capture_on_commit_callbacks):
    _tag_sample(world)
    suggestions.theme_model_train(partnership=world.partnership)
    trained_at = ThemeModel.objects.get().trained_at
    m = world.membership(world.lead)
    with django_capture_on_commit_callbacks(execute=True):
        suggestions.suggest(m, "Escalation was not used")
    assert ThemeModel.objects.get().trained_at == trained_at
    for i in range(suggestions.RETRAIN_AFTER):
        lp(world, f"Escalation not used {i}", days_ago=1, themes=("escalation",))
    with django_capture_on_commit_callbacks(execute=True):
        suggestions.suggest(m, "Escalation was not used")
    assert ThemeModel.objects.get().trained_at > trained_at


def test_suggest_themes_button_offers_without_ticking(client, world):
    client.force_login(world.lead)
    response = client.post(
        reverse("loop:learning_point_create", args=["glen"]),
        {
            "title": "Chronology out of date",
            "description": "The chronology was not kept up to date.",
            "suggest_themes": "1",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="theme-suggestions"' in content and "Chronologies" in content
    assert "Chronology out of date" in content  # what was typed is kept
    assert "There is a problem" not in content  # not validated yet
    assert " checked" not in content  # nothing ticked for the user
    assert not world.partnership.learning_points.exists()
