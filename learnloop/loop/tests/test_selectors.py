"""Who sees what, the loop's gaps, and loop health against figures computed by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from learnloop.loop import selectors
from learnloop.loop.models import Action
from learnloop.testing.factories import (
    ActionFactory,
    DisseminationFactory,
    EmbeddingFactory,
    ImpactFactory,
    LearningPointFactory,
)


@pytest.fixture
def confidential(world):
    return LearningPointFactory(
        partnership=world.partnership, is_confidential=True, agency=world.education, title="Education's own learning"
    )


def test_confidential_learning_is_seen_only_by_its_agency_and_the_lead_officer(world, confidential):
    public = LearningPointFactory(partnership=world.partnership)
    for user, sees in [
        (world.lead, True),
        (world.education_lead, True),
        (world.viewer, False),  # of education, but a viewer reads only what is not confidential
        (world.police_lead, False),
        (world.committee, False),
        (world.subgroup_member, False),
    ]:
        visible = set(selectors.learning_points_visible(world.membership(user)))
        assert public in visible
        assert (confidential in visible) is sees, user


def test_actions_on_confidential_learning_are_hidden_too(world, confidential):
    action = ActionFactory(learning_point=confidential, owner_agency=world.education)
    assert action in selectors.actions_visible(world.membership(world.education_lead))
    assert action not in selectors.actions_visible(world.membership(world.police_lead))


def test_another_partnership_sees_nothing(world):
    lp = LearningPointFactory(partnership=world.partnership)
    ActionFactory(learning_point=lp)
    outsider = world.membership(world.outsider)
    assert not selectors.learning_points_visible(outsider).exists()
    assert not selectors.actions_visible(outsider).exists()


def test_the_loop_names_its_gaps(world):
    lp = LearningPointFactory(partnership=world.partnership)
    lp.agencies.set([world.education, world.police])
    lead = world.membership(world.lead)
    assert selectors.learning_point_loop(lead, lp).gaps == [
        "No action",
        "Not shared",
        "No evidence of embedding",
        "Impact not evaluated",
    ]
    action = ActionFactory(learning_point=lp, owner_agency=world.social_work, due_date=dt.date(2000, 1, 1))
    briefing = DisseminationFactory(partnership=world.partnership)
    briefing.learning_points.add(lp)
    briefing.audience_agencies.add(world.police)
    assert selectors.learning_point_loop(lead, lp).gaps == [
        "Not shared with Education",
        "No evidence of embedding",
        "Impact not evaluated",
        "1 overdue action",
    ]
    EmbeddingFactory(partnership=world.partnership, agency=world.social_work).actions.add(action)
    ImpactFactory(partnership=world.partnership).learning_points.add(lp)
    briefing.audience_agencies.add(world.education)
    Action.objects.filter(pk=action.pk).update(status="completed")
    assert selectors.learning_point_loop(lead, lp).gaps == []


def test_loop_health_matches_hand_computed_figures(world):
    """Five learning points in the period, one outside it.

    LP1: action, shared, embedded 10 days after identification, evaluated.
    LP2: action, embedded 31 days after identification.
    LP3: action (overdue, police), shared.
    LP4: no action; evaluated directly.
    LP5: nothing.
    LP6: identified before the period: counted nowhere.
    So: total 5; with action 3 (60%); shared 2 (40%); embedded 2 (40%); evaluated 2 (40%);
    median days to embedded = median(10, 31) = 20.5; overdue: police 1.
    """
    p = world.partnership
    start, end, today = dt.date(2025, 4, 1), dt.date(2026, 3, 31), dt.date(2026, 3, 10)
    lp1, lp2, lp3, lp4, lp5 = (
        LearningPointFactory(partnership=p, date_identified=dt.date(2025, 5, day)) for day in (1, 2, 3, 4, 5)
    )
    lp6 = LearningPointFactory(partnership=p, date_identified=dt.date(2025, 3, 31))
    a1 = ActionFactory(learning_point=lp1, owner_agency=world.social_work, status="completed")
    a2 = ActionFactory(learning_point=lp2, owner_agency=world.education, status="completed")
    ActionFactory(
        learning_point=lp3,
        owner_agency=world.police,
        owner_subgroup=world.mise,
        due_date=dt.date(2026, 3, 1),
        status="in_progress",
    )
    ActionFactory(learning_point=lp6, owner_agency=world.police, due_date=dt.date(2026, 1, 1))
    d = DisseminationFactory(partnership=p)
    d.learning_points.set([lp1, lp3, lp6])
    EmbeddingFactory(partnership=p, agency=world.social_work, date=dt.date(2025, 5, 11)).actions.add(a1)
    EmbeddingFactory(partnership=p, agency=world.social_work, date=dt.date(2025, 8, 1)).actions.add(a1)
    EmbeddingFactory(partnership=p, agency=world.education, date=dt.date(2025, 6, 2)).actions.add(a2)
    ImpactFactory(partnership=p).actions.add(a1)
    ImpactFactory(partnership=p).learning_points.add(lp4)

    health = selectors.loop_health(world.membership(world.lead), start, end, today=today)
    assert (health.total, health.with_action, health.shared, health.embedded, health.evaluated) == (5, 3, 2, 2, 2)
    assert health.share(health.with_action) == pytest.approx(0.6)
    assert health.median_days_to_embedded == 20.5
    assert health.overdue_total == 1
    assert [(row["name"], row["count"]) for row in health.overdue_by_agency] == [("Police Scotland", 1)]
    assert [(row["name"], row["count"]) for row in health.overdue_by_subgroup] == [
        ("Management Information and Self Evaluation", 1)
    ]
    assert lp5.pk  # counted in the total with nothing done


def test_records_about_confidential_learning_are_hidden_with_it(world, confidential):
    action = ActionFactory(learning_point=confidential, owner_agency=world.education)
    embedding = EmbeddingFactory(partnership=world.partnership, agency=world.education)
    embedding.actions.add(action)
    impact = ImpactFactory(partnership=world.partnership)
    impact.learning_points.add(confidential)
    shared = DisseminationFactory(partnership=world.partnership)
    shared.learning_points.add(confidential)
    public = DisseminationFactory(partnership=world.partnership)
    for user, sees in [
        (world.lead, True),
        (world.education_lead, True),
        (world.police_lead, False),
        (world.committee, False),
    ]:
        m = world.membership(user)
        assert (embedding in selectors.embeddings_visible(m)) is sees
        assert (impact in selectors.impacts_visible(m)) is sees
        assert (shared in selectors.disseminations_visible(m)) is sees
        assert public in selectors.disseminations_visible(m)
