"""Each kind of finding, planted in a partnership built for the test, is found; a stable
partnership raises nothing; each threshold is tested at its edge."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from learnloop.core import registry
from learnloop.insights import selectors
from learnloop.insights.models import InsightSettings
from learnloop.insights.tests.helpers import AS_OF, action, embed, lp, share, stable


def findings(world, user=None, as_of=AS_OF):
    return selectors.insights(world.membership(user or world.lead), as_of).findings


def kinds(world, user=None, as_of=AS_OF):
    return sorted({(f.kind, f.subject_key) for f in findings(world, user, as_of)})


@pytest.fixture(autouse=True)
def _no_dataset_signals(monkeypatch):
    monkeypatch.setattr(registry, "INDICATOR_SIGNAL_PROVIDERS", [])


def test_a_stable_partnership_raises_nothing(world):
    stable(world)
    assert kinds(world) == []


def test_a_theme_from_three_sources_within_a_year_recurs(world):
    stable(world)
    for days, source in [(300, "review"), (200, "audit"), (10, "voice")]:
        point = lp(world, f"Escalation not used ({source})", days_ago=days, source=source, themes=("escalation",))
        action(world, point, status="completed")
        share(world, point)
    found = [f for f in findings(world) if f.kind == "recurring_theme"]
    assert [f.subject_key for f in found] == ["escalation"]
    assert found[0].since == AS_OF - dt.timedelta(days=10)
    assert len(found[0].evidence) == 3


@pytest.mark.parametrize(("oldest_days", "found"), [(364, True), (365, False)])
def test_the_recurring_window_edge(world, oldest_days, found):
    for days, source in [(oldest_days, "review"), (200, "audit"), (10, "voice")]:
        point = lp(world, f"Escalation {source}", days_ago=days, source=source, themes=("escalation",))
        action(world, point, status="completed")
        share(world, point)
    assert any(f.kind == "recurring_theme" for f in findings(world)) is found


def test_the_recurring_sources_threshold_is_the_partnerships(world):
    for days, source in [(200, "audit"), (10, "voice")]:
        point = lp(world, f"Escalation {source}", days_ago=days, source=source, themes=("escalation",))
        action(world, point, status="completed")
        share(world, point)
    assert not any(f.kind == "recurring_theme" for f in findings(world))
    InsightSettings.objects.create(partnership=world.partnership, recurring_min_sources=2)
    assert any(f.kind == "recurring_theme" for f in findings(world))


def _emerging(world, recent: int, baseline_days=(880, 600, 400)):
    for i, days in enumerate(baseline_days):
        point = lp(world, f"Exploitation older {i}", days_ago=days, source="review", themes=("risks_outside_family",))
        action(world, point, status="completed")
        share(world, point)
    for i in range(recent):
        point = lp(
            world, f"Exploitation now {i}", days_ago=10 + 15 * i, source="review", themes=("risks_outside_family",)
        )
        action(world, point, status="completed")
        share(world, point)


def test_a_rising_theme_is_emerging(world):
    _emerging(world, recent=6)
    found = [f for f in findings(world) if f.kind == "emerging_theme"]
    assert [f.subject_key for f in found] == ["risks_outside_family"]
    assert len(found[0].evidence) == 6


def test_the_emerging_minimum_count_edge(world):
    _emerging(world, recent=4, baseline_days=(880,))
    assert any(f.kind == "emerging_theme" for f in findings(world))  # 4 against 1: p = 0.0067
    InsightSettings.objects.create(partnership=world.partnership, emerging_min_count=5)
    assert not any(f.kind == "emerging_theme" for f in findings(world))


def test_a_theme_at_its_usual_rate_is_not_emerging(world):
    # two a year for three years: the last six months hold one, as usual
    for i, days in enumerate([900, 720, 540, 360, 180, 20]):
        point = lp(world, f"Exploitation {i}", days_ago=days, themes=("risks_outside_family",))
        action(world, point, status="completed")
        share(world, point)
    assert not any(f.kind == "emerging_theme" for f in findings(world))


def test_without_two_and_a_half_years_of_records_nothing_emerges(world):
    _emerging(world, recent=6, baseline_days=())
    assert not any(f.kind == "emerging_theme" for f in findings(world))


def test_a_lesson_learned_again_names_what_happened_to_the_first(world):
    first = lp(
        world,
        "Chronologies not kept up to date in neglect cases",
        days_ago=900,
        description="Chronologies were not kept up to date for children experiencing neglect.",
    )
    done = action(world, first, status="embedded", changed_days_ago=800)
    embed(world, done, days_ago=800)
    share(world, first)
    again = lp(
        world,
        "Neglect chronologies out of date again",
        days_ago=5,
        description="Chronologies for children experiencing neglect were not kept up to date.",
    )
    action(world, again, status="in_progress", changed_days_ago=1)
    share(world, again)
    found = [f for f in findings(world) if f.kind == "repeated_learning"]
    assert [f.subject_key for f in found] == [again.reference]
    assert "embedded, impact not evaluated" in found[0].detail
    assert found[0].references == [again.reference, first.reference]


def test_different_lessons_are_not_repeats(world):
    stable(world)
    assert not any(f.kind == "repeated_learning" for f in findings(world))


@pytest.mark.parametrize(("days", "stalled"), [(89, False), (90, True)])
def test_stalled_actions_edge(world, days, stalled):
    point = lp(world, "Escalation", days_ago=200, agencies=(world.police,))
    share(world, point)
    action(world, point, agency=world.police, status="in_progress", changed_days_ago=days)
    found = [f for f in findings(world) if f.kind == "stalled_actions"]
    assert bool(found) is stalled
    if stalled:
        assert found[0].subject == "Police Scotland"


@pytest.mark.parametrize(("days", "found"), [(59, False), (60, True)])
def test_learning_not_shared_with_an_agency_it_concerns(world, days, found):
    point = lp(world, "Police not told", days_ago=days, agencies=(world.police, world.education))
    action(world, point, status="completed")
    share(world, point, world.education)
    result = [f for f in findings(world) if f.kind == "unshared_agency"]
    assert bool(result) is found
    if found:
        assert [f.subject for f in result] == [world.police.name]


@pytest.mark.parametrize(("days", "found"), [(59, False), (60, True)])
def test_learning_with_no_action(world, days, found):
    point = lp(world, "Nobody acted", days_ago=days)
    share(world, point)
    assert any(f.kind == "no_action" and f.subject_key == point.reference for f in findings(world)) is found


@pytest.mark.parametrize(("days", "found"), [(364, False), (365, True)])
def test_impact_not_evaluated_a_year_after_embedding(world, days, found):
    point = lp(world, "Embedded long ago", days_ago=800)
    share(world, point)
    embed(world, action(world, point, status="embedded", changed_days_ago=days), days_ago=days)
    assert any(f.kind == "impact_not_evaluated" for f in findings(world)) is found


def test_indicator_signals_come_from_the_registry(world, monkeypatch):
    signal = registry.IndicatorSignal(
        code="IRD_RATE",
        name="IRDs per 1,000",
        period="2026-Q1",
        period_end=dt.date(2026, 3, 31),
        direction="Concern",
        rules="a point outside the limits",
    )
    monkeypatch.setattr(registry, "INDICATOR_SIGNAL_PROVIDERS", [lambda m: [signal]])
    found = [f for f in findings(world) if f.kind == "indicator_signal"]
    assert [f.subject_key for f in found] == ["IRD_RATE:2026-Q1"]


def test_a_confidential_record_never_shapes_what_a_viewer_sees(world):
    for days, source in [(200, "audit"), (10, "voice")]:
        point = lp(world, f"Escalation {source}", days_ago=days, source=source, themes=("escalation",))
        action(world, point, status="completed")
        share(world, point)
    secret = lp(world, "Police escalation", days_ago=50, source="review", themes=("escalation",), confidential=True)
    action(world, secret, agency=world.police, status="completed")
    share(world, secret)
    assert any(f.kind == "recurring_theme" for f in findings(world, world.lead))
    assert any(f.kind == "recurring_theme" for f in findings(world, world.police_lead))
    for user in (world.viewer, world.committee, world.education_lead, world.subgroup_member):
        assert not any(f.kind == "recurring_theme" for f in findings(world, user)), user
    # nor its own loop: a confidential point without action is not shown to a viewer
    lonely = lp(world, "Police secret, no action", days_ago=100, confidential=True)
    assert lonely.reference in {r for f in findings(world, world.lead) for r in f.references}
    assert lonely.reference not in {r for f in findings(world, world.viewer) for r in f.references}


def test_findings_since_a_date(world):
    old = lp(world, "Nobody acted long ago", days_ago=300)
    new = lp(world, "Nobody acted lately", days_ago=70)
    share(world, old)
    share(world, new)
    m = world.membership(world.lead)
    since = AS_OF - dt.timedelta(days=30)
    # findings_since reads today's records; compare with the same rule at as_of
    got = [f for f in selectors.insights(m, AS_OF).findings if f.since >= since]
    assert [f.subject_key for f in got] == [new.reference]
    assert {f.subject_key for f in selectors.findings_since(world.partnership, m, dt.date(2000, 1, 1))} >= {
        old.reference,
        new.reference,
    }


def test_the_committee_paper_lists_what_is_new_since_the_start_of_its_period(world):
    from learnloop.reports import building, render

    point = lp(world, "Nobody acted on this", days_ago=90, as_of=timezone.localdate())
    share(world, point)
    today = timezone.localdate()
    html = render.to_html(
        building.build(kind="cpc-paper", partnership=world.partnership, start=today - dt.timedelta(days=60), end=today)
    )
    assert "MISE: what is new across sources" in html
    assert point.reference in html
    # a later period starts after the finding began: it is no longer new
    later = render.to_html(building.build(kind="cpc-paper", partnership=world.partnership, start=today, end=today))
    assert point.reference not in later.split("MISE: what is new across sources")[1].split("<h2")[0]
