"""Writing the demo partnerships through the services, as users would."""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from learnloop.accounts.models import Membership, User
from learnloop.accounts.services import membership_create, user_get_or_create
from learnloop.core import registry
from learnloop.core.audit import acting_as
from learnloop.loop import services
from learnloop.loop.demo.actions_earlier import ACTIONS_ON_EARLIER_LEARNING
from learnloop.loop.demo.actions_later import ACTIONS_ON_LATER_LEARNING
from learnloop.loop.demo.learning import LEARNING_POINTS
from learnloop.loop.demo.other import OTHER_LEARNING_POINTS, OTHER_PEOPLE
from learnloop.loop.demo.people import DEMO_PEOPLE
from learnloop.loop.demo.records import DISSEMINATIONS, EMBEDDINGS, IMPACTS, TRACKED_CHILDREN
from learnloop.loop.demo.specs import (
    AGENCIES,
    APPROVED,
    AWAITING,
    DEMO_NAME,
    DEMO_PASSWORD,
    DEMO_SLUG,
    DONE,
    IP,
    LP,
    OTHER_NAME,
    OTHER_SLUG,
    Person,
)
from learnloop.loop.models import (
    Action,
    Dissemination,
    Embedding,
    Impact,
    LearningPoint,
    SevenMinuteBriefing,
    TrackedChild,
)
from learnloop.partnership.models import Agency, Partnership, Subgroup
from learnloop.partnership.services import partnership_create
from learnloop.themes.models import Theme

# In the order of the learning they act on, oldest first, so reference numbers follow it.
ACTIONS = ACTIONS_ON_EARLIER_LEARNING + ACTIONS_ON_LATER_LEARNING


def seed_demo(stdout: TextIO | None = None) -> str:
    """Build the demo partnerships if they are missing, and return the sign-ins to print."""

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")

    with transaction.atomic():
        if Partnership.objects.filter(slug=DEMO_SLUG).exists():
            say(f"{DEMO_NAME} already exists; checking the demo sign-ins only.")
            _ensure_people(Partnership.objects.get(slug=DEMO_SLUG), DEMO_PEOPLE)
        else:
            _build_demo(say)
        demo_partnership = Partnership.objects.get(slug=DEMO_SLUG)
        with acting_as(User.objects.get(email=DEMO_PEOPLE[0].email)):
            for seeder in registry.DEMO_SEEDERS:
                seeder(partnership=demo_partnership, say=say)
        if Partnership.objects.filter(slug=OTHER_SLUG).exists():
            say(f"{OTHER_NAME} already exists; checking its sign-in only.")
            _ensure_people(Partnership.objects.get(slug=OTHER_SLUG), OTHER_PEOPLE)
        else:
            _build_other(say)
    return sign_in_table()


def sign_in_table() -> str:
    people = (*DEMO_PEOPLE, *OTHER_PEOPLE)
    width = max(len(p.label) for p in people) + 2
    lines = [f"Demo sign-ins (password for all: {DEMO_PASSWORD})"]
    lines += [f"  {p.label:<{width}}{p.email}" for p in people]
    return "\n".join(lines)


def _ensure_people(partnership: Partnership, people: tuple[Person, ...], by: Any = None) -> dict[str, User]:
    """Each person is a member with the demo password; only what is missing or changed is written."""
    agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
    subgroups = {s.short_name: s for s in Subgroup.objects.filter(partnership=partnership)}
    users: dict[str, User] = {}
    for person in people:
        membership = Membership.objects.filter(partnership=partnership, user__email__iexact=person.email).first()
        if membership is None:
            membership = membership_create(
                partnership=partnership,
                email=person.email,
                full_name=person.full_name,
                job_title=person.job_title,
                role=person.role,
                agency=agencies.get(AGENCIES[person.agency]) if person.agency else None,
                subgroups=[subgroups[s] for s in person.subgroups if s in subgroups],
                by=by,
                invite_base_url=None,
            )
        user = membership.user
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        users[person.key] = user
    return users


class _Context:
    """Lookups for one partnership while it is being seeded."""

    def __init__(self, partnership: Partnership, users: dict[str, User]) -> None:
        self.partnership = partnership
        self.users = users
        self.today = timezone.localdate()
        self.agencies = {key: Agency.objects.get(partnership=partnership, name=name) for key, name in AGENCIES.items()}
        self.subgroups = {s.short_name: s for s in Subgroup.objects.filter(partnership=partnership)}
        self.themes = {t.code: t for t in Theme.objects.filter(partnership=partnership)}
        self.lps: dict[str, LearningPoint] = {}
        self.actions: dict[str, Action] = {}
        self.children: dict[str, TrackedChild] = {}

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    def agency(self, key: str | None) -> Agency | None:
        return self.agencies[key] if key else None

    def subgroup(self, key: str | None) -> Subgroup | None:
        return self.subgroups[key] if key else None


def _build_demo(say: Any) -> None:
    first = DEMO_PEOPLE[0]
    lead, _ = user_get_or_create(email=first.email, full_name=first.full_name, job_title=first.job_title)
    with acting_as(lead):
        partnership = partnership_create(slug=DEMO_SLUG, name=DEMO_NAME, by=lead)
        users = _ensure_people(partnership, DEMO_PEOPLE, by=lead)
        ctx = _Context(partnership, users)
        _add_learning_points(ctx, LEARNING_POINTS)
        _add_tracked_children(ctx)
        _add_actions(ctx)
        _add_embeddings(ctx)
        _add_impacts(ctx)
        _move_actions_on(ctx)
        _add_disseminations(ctx)
    say(
        f"Created {DEMO_NAME}: {len(ctx.lps)} learning points, {len(ctx.actions)} actions, "
        f"{len(DISSEMINATIONS)} disseminations, {len(EMBEDDINGS)} embedding records, {len(IMPACTS)} impact "
        f"evaluations and {len(ctx.children)} tracked children."
    )


def _build_other(say: Any) -> None:
    first = OTHER_PEOPLE[0]
    lead, _ = user_get_or_create(email=first.email, full_name=first.full_name, job_title=first.job_title)
    with acting_as(lead):
        partnership = partnership_create(slug=OTHER_SLUG, name=OTHER_NAME, by=lead)
        users = _ensure_people(partnership, OTHER_PEOPLE, by=lead)
        ctx = _Context(partnership, users)
        _add_learning_points(ctx, OTHER_LEARNING_POINTS, decided_by="lead")
    say(f"Created {OTHER_NAME}: {len(ctx.lps)} learning points.")


def _add_learning_points(ctx: _Context, specs: tuple[LP, ...], decided_by: str = "committee") -> None:
    for spec in specs:
        identified = ctx.day(-spec.days_ago)
        by = ctx.users[spec.by] if spec.by in ctx.users else ctx.users["lead"]
        lp = LearningPoint(
            partnership=ctx.partnership,
            title=spec.title,
            description=spec.description,
            kind=spec.kind,
            source_type=spec.source_type,
            source_title=spec.source_title,
            source_date=identified - dt.timedelta(days=7),
            source_url=spec.source_url,
            date_identified=identified,
            subgroup=ctx.subgroup(spec.subgroup),
            agency=ctx.agency(spec.confidential_agency),
            is_confidential=spec.confidential_agency is not None,
        )
        lp = services.learning_point_save(
            learning_point=lp,
            themes=[ctx.themes[code] for code in spec.themes],
            agencies=[ctx.agencies[key] for key in spec.agencies],
            by=by,
        )
        if spec.approval != AWAITING:
            services.learning_point_decide(
                learning_point=lp, approve=spec.approval == APPROVED, reason=spec.reason, by=ctx.users[decided_by]
            )
        ctx.lps[spec.key] = lp


def _add_tracked_children(ctx: _Context) -> None:
    lead = ctx.users["lead"]
    for spec in TRACKED_CHILDREN:
        child = services.tracked_child_save(
            tracked_child=TrackedChild(
                partnership=ctx.partnership,
                agency=ctx.agencies[spec.agency],
                local_case_reference=spec.reference,
                label=spec.label,
                age_band=spec.age_band,
                why_tracked=spec.why,
                difference_learning_would_have_made=spec.difference,
            ),
            learning_points=[ctx.lps[key] for key in spec.learning_points],
            by=lead,
        )
        for days_ago, text in spec.entries:
            services.tracked_child_add_entry(tracked_child=child, date=ctx.day(-days_ago), text=text, by=lead)
        ctx.children[spec.label] = child


def _add_actions(ctx: _Context) -> None:
    for spec in ACTIONS:
        action = Action(
            learning_point=ctx.lps[spec.lp],
            title=spec.title,
            owner_agency=ctx.agency(spec.agency),
            owner_subgroup=ctx.subgroup(spec.subgroup),
            owner_person=ctx.users[spec.person] if spec.person else None,
            due_date=ctx.day(spec.due),
            success_measure=spec.success,
        )
        ctx.actions[spec.key] = services.action_save(action=action, by=ctx.users["lead"])


def _add_embeddings(ctx: _Context) -> None:
    for spec in EMBEDDINGS:
        services.embedding_save(
            embedding=Embedding(
                partnership=ctx.partnership,
                kind=spec.kind,
                agency=ctx.agencies[spec.agency],
                date=ctx.day(-spec.days_ago),
                description=spec.description,
                url=spec.url,
            ),
            actions=[ctx.actions[key] for key in spec.actions],
            by=ctx.users["lead"],
        )


def _add_impacts(ctx: _Context) -> None:
    for spec in IMPACTS:
        services.impact_save(
            impact=Impact(
                partnership=ctx.partnership,
                title=spec.title,
                method=spec.method,
                date=ctx.day(-spec.days_ago),
                before=spec.before,
                after=spec.after,
                conclusion=spec.conclusion,
                tracked_child=ctx.children[spec.tracked_child] if spec.tracked_child else None,
            ),
            learning_points=[ctx.lps[key] for key in spec.learning_points],
            actions=[ctx.actions[key] for key in spec.actions],
            by=ctx.users["lead"],
        )


def _move_actions_on(ctx: _Context) -> None:
    """Walk each action through its stages in order, with progress notes and evidence on the way."""
    order = [str(s) for s in Action.ORDER]
    for spec in ACTIONS:
        action = ctx.actions[spec.key]
        by = ctx.users[spec.person] if spec.person else ctx.users["lead"]
        target = order.index(spec.status)
        if target >= order.index(IP):
            services.action_set_status(action=action, status=IP, by=by)
        for text in spec.updates:
            services.action_add_update(action=action, text=text, by=by)
        for description, url in spec.evidence:
            services.evidence_add(action=action, description=description, url=url, by=by)
        for status in order[order.index(DONE) : target + 1]:
            services.action_set_status(action=action, status=status, by=by)
        if spec.done is not None and action.is_done:
            # The service stamps today; the demo's history needs the day it was really done.
            action.completed_on = ctx.day(spec.done)
            services.action_save(action=action, by=by)


def _add_disseminations(ctx: _Context) -> None:
    lead = ctx.users["lead"]
    for spec in DISSEMINATIONS:
        dissemination = services.dissemination_save(
            dissemination=Dissemination(
                partnership=ctx.partnership,
                kind=spec.kind,
                title=spec.title,
                date=ctx.day(-spec.days_ago),
                description=spec.description,
                people_reached=spec.people_reached,
            ),
            audience_agencies=[ctx.agencies[key] for key in spec.audience],
            learning_points=[ctx.lps[key] for key in spec.learning_points],
            reach={ctx.agencies[key]: people for key, people in spec.reach},
            by=lead,
        )
        if spec.briefing:
            parts = dict(zip((name for name, _ in SevenMinuteBriefing.PARTS), spec.briefing, strict=True))
            services.briefing_save(briefing=SevenMinuteBriefing(dissemination=dissemination, **parts), by=lead)
