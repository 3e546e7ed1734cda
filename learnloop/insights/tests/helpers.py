"""Build a partnership's records for insight tests: learning points, actions and sharing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from learnloop.loop import services
from learnloop.loop.models import Action, Dissemination, Embedding, LearningPoint
from learnloop.themes.models import Theme

AS_OF = dt.date(2026, 6, 30)


def lp(
    world: Any,
    title: str,
    *,
    days_ago: int,
    source: str = "review",
    themes: tuple[str, ...] = (),
    agencies: tuple[Any, ...] = (),
    description: str = "",
    confidential: bool = False,
    kind: str = LearningPoint.Kind.IMPROVEMENT,
    as_of: dt.date = AS_OF,
) -> LearningPoint:
    point = LearningPoint(
        partnership=world.partnership,
        title=title,
        description=description or title,
        kind=kind,
        source_type=source,
        date_identified=as_of - dt.timedelta(days=days_ago),
        is_confidential=confidential,
        agency=world.police if confidential else None,
    )
    return services.learning_point_save(
        learning_point=point,
        themes=Theme.objects.filter(partnership=world.partnership, code__in=themes),
        agencies=list(agencies),
    )


def action(
    world: Any,
    point: LearningPoint,
    *,
    agency: Any = None,
    status: str = "in_progress",
    changed_days_ago: int = 10,
    as_of: dt.date = AS_OF,
) -> Action:
    a = Action(
        partnership=world.partnership,
        learning_point=point,
        title=f"Act on {point.title}",
        owner_agency=agency or world.social_work,
        due_date=as_of + dt.timedelta(days=90),
        success_measure="Seen in the next audit.",
        status=status,
    )
    services.action_save(action=a)
    changed = timezone.make_aware(dt.datetime.combine(as_of - dt.timedelta(days=changed_days_ago), dt.time(12)))
    Action.objects.filter(pk=a.pk).update(status_changed_at=changed, created_at=changed)
    a.refresh_from_db()
    return a


def share(world: Any, point: LearningPoint, *agencies: Any) -> Dissemination:
    d = Dissemination.objects.create(
        partnership=world.partnership,
        kind=Dissemination.Kind.BRIEFING_EVENT,
        title=f"Briefing on {point.title}",
        date=AS_OF,
    )
    d.learning_points.add(point)
    d.audience_agencies.set(agencies)
    return d


def embed(world: Any, a: Action, *, days_ago: int) -> Embedding:
    e = Embedding.objects.create(
        partnership=world.partnership,
        kind=Embedding.Kind.POLICY,
        agency=world.social_work,
        date=AS_OF - dt.timedelta(days=days_ago),
        description="Written into guidance.",
    )
    e.actions.add(a)
    return e


def stable(world: Any) -> None:
    """A partnership whose loop is in order: learning acted on, shared, on time, nothing repeating."""
    topics = [
        ("Siblings not seen at home visits", "information_sharing"),
        ("Interpreters booked late for initial meetings", "race_culture_faith"),
        ("Pre-birth referrals made after twenty weeks", "babies_pre_birth"),
        ("School absence not linked to the child's plan", "not_in_school"),
    ]
    for i, (title, theme) in enumerate(topics):
        point = lp(world, title, days_ago=100 + 200 * i, themes=(theme,), agencies=(world.education,))
        action(world, point, status="completed", changed_days_ago=20)
        share(world, point)
