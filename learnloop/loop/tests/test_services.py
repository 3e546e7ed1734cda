"""The loop's rules: stages, what each stage needs, RAG, numbering, append-only updates."""

from __future__ import annotations

import datetime as dt

import pytest

from learnloop.loop import services
from learnloop.loop.models import Action, ActionUpdate, LearningPoint, SourceType
from learnloop.testing.factories import EmbeddingFactory, ImpactFactory


def _lp(world, **kwargs) -> LearningPoint:
    lp = LearningPoint(
        partnership=world.partnership,
        title=kwargs.pop("title", "Chronologies"),
        description="Chronologies were not shared before the IRD.",
        kind=LearningPoint.Kind.IMPROVEMENT,
        source_type=SourceType.REVIEW,
        date_identified=kwargs.pop("date_identified", dt.date(2026, 1, 10)),
        **kwargs,
    )
    return services.learning_point_save(learning_point=lp, by=world.lead)


def _action(world, lp, **kwargs) -> Action:
    action = Action(
        learning_point=lp,
        title=kwargs.pop("title", "Share chronologies before every IRD"),
        owner_agency=kwargs.pop("owner_agency", world.social_work),
        due_date=kwargs.pop("due_date", dt.date(2026, 6, 30)),
        success_measure="Re-audit shows 9 in 10",
        **kwargs,
    )
    return services.action_save(action=action, by=world.lead)


def test_learning_points_and_actions_are_numbered_per_partnership(world):
    first = _lp(world)
    second = _lp(world, title="Second")
    other = services.learning_point_save(
        learning_point=LearningPoint(
            partnership=world.other_partnership,
            title="Elsewhere",
            description="x",
            kind="improvement",
            source_type="audit",
            date_identified=dt.date(2026, 1, 1),
        ),
        by=world.outsider,
    )
    assert (first.reference, second.reference, other.reference) == ("LP-0001", "LP-0002", "LP-0001")
    assert _action(world, first).reference == "A-0001"
    assert _action(world, second).reference == "A-0002"


def test_confidential_learning_point_needs_an_owning_agency(world):
    with pytest.raises(services.LoopError, match="owning agency"):
        _lp(world, is_confidential=True)
    assert LearningPoint.objects.count() == 0


def test_action_needs_an_owner(world):
    lp = _lp(world)
    with pytest.raises(services.LoopError, match="owning agency or an owning subgroup"):
        _action(world, lp, owner_agency=None)


def test_completed_needs_evidence_embedded_needs_embedding_evaluated_needs_impact(world):
    action = _action(world, _lp(world))
    services.action_set_status(action=action, status="in_progress", by=world.lead)
    with pytest.raises(services.LoopError, match="at least one piece of evidence"):
        services.action_set_status(action=action, status="completed", by=world.lead)
    action.refresh_from_db()
    assert action.status == "in_progress"

    services.evidence_add(action=action, description="Protocol", url="https://example.test/p", by=world.lead)
    services.action_set_status(action=action, status="completed", by=world.lead)
    assert action.completed_on is not None

    with pytest.raises(services.LoopError, match="embedding record"):
        services.action_set_status(action=action, status="embedded", by=world.lead)
    embedding = EmbeddingFactory(partnership=world.partnership, agency=world.social_work)
    embedding.actions.add(action)
    services.action_set_status(action=action, status="embedded", by=world.lead)

    with pytest.raises(services.LoopError, match="impact evaluation"):
        services.action_set_status(action=action, status="impact_evaluated", by=world.lead)
    impact = ImpactFactory(partnership=world.partnership)
    impact.actions.add(action)
    services.action_set_status(action=action, status="impact_evaluated", by=world.lead)
    action.refresh_from_db()
    assert action.status == "impact_evaluated"
    # Every change left a dated update naming the move.
    moves = list(ActionUpdate.objects.filter(action=action).order_by("id").values_list("status_from", "status_to"))
    assert moves == [
        ("not_started", "in_progress"),
        ("in_progress", "completed"),
        ("completed", "embedded"),
        ("embedded", "impact_evaluated"),
    ]


def test_skipping_ahead_still_needs_every_stage_requirement(world):
    action = _action(world, _lp(world))
    with pytest.raises(services.LoopError, match="evidence"):
        services.action_set_status(action=action, status="embedded", by=world.lead)


def test_going_back_needs_a_reason(world):
    action = _action(world, _lp(world))
    services.action_set_status(action=action, status="in_progress", by=world.lead)
    with pytest.raises(services.LoopError, match="Say why"):
        services.action_set_status(action=action, status="not_started", by=world.lead)
    services.action_set_status(action=action, status="not_started", by=world.lead, note="Owner on leave; re-planned")
    assert ActionUpdate.objects.filter(action=action).first().text.endswith("Owner on leave; re-planned")


def test_progress_updates_are_append_only(world):
    action = _action(world, _lp(world))
    update = services.action_add_update(action=action, text="Protocol drafted", by=world.lead)
    update.text = "changed"
    with pytest.raises(PermissionError):
        update.save()


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        ("in_progress", dt.date(2026, 3, 9), "red"),  # due yesterday
        ("not_started", dt.date(2026, 3, 10), "amber"),  # due today
        ("in_progress", dt.date(2026, 3, 24), "amber"),  # due in exactly 14 days
        ("in_progress", dt.date(2026, 3, 25), "green"),  # due in 15 days
        ("completed", dt.date(2026, 1, 1), "green"),  # done, even though the date has passed
        ("embedded", dt.date(2026, 3, 11), "green"),
    ],
)
def test_rag_is_computed_from_status_and_due_date(world, status, due, expected):
    from learnloop.loop.selectors import actions_visible

    today = dt.date(2026, 3, 10)
    action = _action(world, _lp(world), due_date=due)
    Action.objects.filter(pk=action.pk).update(status=status)
    action.refresh_from_db()
    assert action.rag(today, 14) == expected
    lead = world.membership(world.lead)
    assert actions_visible(lead, today).get(pk=action.pk).rag_status == expected


def test_learning_point_decision_needs_a_reason_to_decline(world):
    lp = _lp(world)
    with pytest.raises(services.LoopError, match="reason"):
        services.learning_point_decide(learning_point=lp, approve=False, reason=" ", by=world.committee)
    services.learning_point_decide(learning_point=lp, approve=True, reason="", by=world.committee)
    lp.refresh_from_db()
    assert lp.approval == "approved"
    assert lp.approval_decided_by == world.committee


def test_impact_must_link_to_something(world):
    from learnloop.loop.models import Impact

    impact = Impact(
        partnership=world.partnership,
        title="x",
        method="feedback",
        date=dt.date(2026, 1, 1),
        before="a",
        after="b",
        conclusion="c",
    )
    with pytest.raises(services.LoopError, match="at least one"):
        services.impact_save(impact=impact, learning_points=[], actions=[], by=world.lead)
