"""Every read in the learning loop a user can trigger, scoped to what that member may see."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import CONFIDENTIAL_ROLES, can_see_confidential
from learnloop.accounts.roles import Role
from learnloop.loop.models import (
    Action,
    ActionUpdate,
    Dissemination,
    Embedding,
    Evidence,
    Impact,
    LearningPoint,
    TrackedChild,
)


def _confidential_filter(m: Membership, prefix: str = "") -> Q:
    """Non-confidential records, plus confidential ones of the member's own agency."""
    if m.role == Role.LEAD_OFFICER:
        return Q()
    allowed = Q(**{f"{prefix}is_confidential": False})
    if m.agency_id is not None and m.role in CONFIDENTIAL_ROLES:
        allowed |= Q(**{f"{prefix}agency_id": m.agency_id})
    return allowed


# Learning points ------------------------------------------------------------------------------


def learning_points_visible(m: Membership) -> QuerySet[LearningPoint]:
    return LearningPoint.objects.filter(Q(partnership_id=m.partnership_id) & _confidential_filter(m))


def _hidden_learning_points(m: Membership) -> QuerySet[LearningPoint]:
    """Confidential learning points this member may not see (a subquery, not a query)."""
    return LearningPoint.objects.filter(partnership_id=m.partnership_id, is_confidential=True).exclude(
        pk__in=learning_points_visible(m).values("pk")
    )


def with_loop_flags(qs: QuerySet[LearningPoint]) -> QuerySet[LearningPoint]:
    """Annotate each learning point with where its loop stands, in one query."""
    first_embedded = (
        Embedding.objects.filter(actions__learning_point=OuterRef("pk"))
        .order_by()
        .values("actions__learning_point")
        .annotate(first=Min("date"))
        .values("first")[:1]
    )
    return qs.annotate(
        has_action=Exists(Action.objects.filter(learning_point=OuterRef("pk"))),
        is_shared=Exists(Dissemination.objects.filter(learning_points=OuterRef("pk"))),
        is_embedded=Exists(Embedding.objects.filter(actions__learning_point=OuterRef("pk"))),
        is_evaluated=ExpressionWrapper(
            Q(Exists(Impact.objects.filter(learning_points=OuterRef("pk"))))
            | Q(Exists(Impact.objects.filter(actions__learning_point=OuterRef("pk")))),
            output_field=BooleanField(),
        ),
        first_embedded_on=Subquery(first_embedded),
    )


LOOP_FILTERS: dict[str, tuple[str, bool]] = {
    "with_action": ("has_action", True),
    "no_action": ("has_action", False),
    "shared": ("is_shared", True),
    "not_shared": ("is_shared", False),
    "embedded": ("is_embedded", True),
    "not_embedded": ("is_embedded", False),
    "evaluated": ("is_evaluated", True),
    "not_evaluated": ("is_evaluated", False),
}


def learning_point_list(m: Membership) -> QuerySet[LearningPoint]:
    qs = (
        with_loop_flags(learning_points_visible(m))
        .select_related("subgroup", "agency")
        .prefetch_related("themes", "agencies")
    )
    return qs.distinct().order_by("-date_identified", "-number")


def learning_point_get(m: Membership, number: int) -> LearningPoint:
    lp = (
        learning_points_visible(m)
        .select_related("partnership", "subgroup", "agency", "approval_decided_by", "created_by")
        .prefetch_related("themes", "agencies")
        .filter(number=number)
        .first()
    )
    if lp is None:
        raise Http404("No such learning point.")
    return lp


@dataclass
class LoopView:
    """One learning point's whole loop, and its open gaps named."""

    learning_point: LearningPoint
    actions: list[Action]
    disseminations: list[Dissemination]
    embeddings: list[Embedding]
    impacts: list[Impact]
    tracked_children: list[TrackedChild]
    gaps: list[str] = field(default_factory=list)


def learning_point_loop(m: Membership, lp: LearningPoint, today: dt.date | None = None) -> LoopView:
    today = today or timezone.localdate()
    actions = list(action_list(m, today=today).filter(learning_point=lp).prefetch_related("evidence"))
    disseminations = list(
        disseminations_visible(m).filter(learning_points=lp).prefetch_related("audience_agencies").order_by("date")
    )
    embeddings = list(
        embeddings_visible(m).filter(actions__learning_point=lp).select_related("agency").distinct().order_by("date")
    )
    impacts = list(
        impacts_visible(m)
        .filter(Q(learning_points=lp) | Q(actions__learning_point=lp))
        .select_related("tracked_child", "tracked_child__agency")
        .distinct()
        .order_by("date")
    )
    for impact in impacts:
        impact.story_hidden = not can_see_child_story(m, impact)  # type: ignore[attr-defined]
    tracked = list(lp.tracked_children.select_related("agency").all())
    view = LoopView(lp, actions, disseminations, embeddings, impacts, tracked)
    if not actions:
        view.gaps.append("No action")
    reached = {agency.pk for d in disseminations for agency in d.audience_agencies.all()}
    if not disseminations:
        view.gaps.append("Not shared")
    else:
        for agency in lp.agencies.all():
            if agency.pk not in reached:
                view.gaps.append(f"Not shared with {agency.name}")
    if not embeddings:
        view.gaps.append("No evidence of embedding")
    if not impacts:
        view.gaps.append("Impact not evaluated")
    overdue = [a for a in actions if a.rag_status == Action.Rag.RED]
    if overdue:
        view.gaps.append(f"{len(overdue)} overdue action{'s' if len(overdue) != 1 else ''}")
    return view


# Actions ----------------------------------------------------------------------------------------


def rag_annotation(today: dt.date, amber_days: int) -> Case:
    return Case(
        When(status__in=[str(s) for s in Action.DONE], then=Value(Action.Rag.GREEN.value)),
        When(due_date__lt=today, then=Value(Action.Rag.RED.value)),
        When(due_date__lte=today + dt.timedelta(days=amber_days), then=Value(Action.Rag.AMBER.value)),
        default=Value(Action.Rag.GREEN.value),
        output_field=CharField(),
    )


def actions_visible(m: Membership, today: dt.date | None = None) -> QuerySet[Action]:
    today = today or timezone.localdate()
    return Action.objects.filter(
        Q(partnership_id=m.partnership_id) & _confidential_filter(m, "learning_point__")
    ).annotate(rag_status=rag_annotation(today, m.partnership.rag_amber_days))


def action_list(m: Membership, today: dt.date | None = None) -> QuerySet[Action]:
    qs = actions_visible(m, today).select_related(
        "learning_point", "owner_agency", "owner_subgroup", "owner_person", "partnership"
    )
    # Open actions first, soonest due at the top; finished ones after them.
    done_last = Case(
        When(status__in=[str(s) for s in Action.DONE], then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return qs.distinct().order_by(done_last, "due_date", "number")


def action_get(m: Membership, number: int) -> Action:
    action = action_list(m).filter(number=number).first()
    if action is None:
        raise Http404("No such action.")
    return action


def action_detail_related(action: Action) -> dict[str, Any]:
    return {
        "updates": list(ActionUpdate.objects.filter(action=action).select_related("created_by")),
        "evidence": list(Evidence.objects.filter(action=action).select_related("created_by")),
        "embeddings": list(action.embeddings.select_related("agency").order_by("date")),
        "impacts": list(action.impacts.order_by("date")),
    }


@dataclass
class WhoCanRecord:
    """Who may record embedding and impact for an action, by role and by name: for the pages of
    a member who may not, so they know whom to ask."""

    agency: Any
    agency_leads: list[Any]
    lead_officers: list[Any]


def who_can_record(action: Action) -> WhoCanRecord:
    members = Membership.objects.filter(
        partnership_id=action.partnership_id, is_active=True, user__is_active=True
    ).select_related("user")
    leads = [ms.user for ms in members.filter(role=Role.LEAD_OFFICER).order_by("user__full_name")]
    agency_leads = []
    if action.owner_agency_id is not None:
        agency_leads = [
            ms.user
            for ms in members.filter(role=Role.AGENCY_LEAD, agency_id=action.owner_agency_id).order_by(
                "user__full_name"
            )
        ]
    return WhoCanRecord(agency=action.owner_agency, agency_leads=agency_leads, lead_officers=leads)


# Sharing, embedding, impact, tracked children ------------------------------------------------


def disseminations_visible(m: Membership) -> QuerySet[Dissemination]:
    """Records about confidential learning are hidden with it."""
    qs = Dissemination.objects.filter(partnership_id=m.partnership_id)
    if m.role != Role.LEAD_OFFICER:
        qs = qs.exclude(learning_points__in=_hidden_learning_points(m).values("pk"))
    return qs


def dissemination_list(m: Membership) -> QuerySet[Dissemination]:
    qs = disseminations_visible(m).prefetch_related(
        "audience_agencies", Prefetch("learning_points", queryset=learning_points_visible(m))
    )
    return qs.distinct().order_by("-date", "-id")


def dissemination_get(m: Membership, pk: int) -> Dissemination:
    obj = (
        disseminations_visible(m)
        .select_related("partnership", "created_by")
        .prefetch_related(
            "audience_agencies", "reach__agency", Prefetch("learning_points", queryset=learning_points_visible(m))
        )
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        raise Http404("No such dissemination.")
    return obj


def embeddings_visible(m: Membership) -> QuerySet[Embedding]:
    qs = Embedding.objects.filter(partnership_id=m.partnership_id)
    if m.role != Role.LEAD_OFFICER:
        qs = qs.exclude(actions__learning_point__in=_hidden_learning_points(m).values("pk"))
    return qs


def embedding_list(m: Membership) -> QuerySet[Embedding]:
    qs = (
        embeddings_visible(m)
        .select_related("agency")
        .prefetch_related(Prefetch("actions", queryset=actions_visible(m)))
    )
    return qs.distinct().order_by("-date", "-id")


def embedding_get(m: Membership, pk: int) -> Embedding:
    obj = (
        embeddings_visible(m)
        .select_related("partnership", "agency", "created_by")
        .prefetch_related(Prefetch("actions", queryset=actions_visible(m).select_related("learning_point")))
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        raise Http404("No such embedding record.")
    return obj


def impacts_visible(m: Membership) -> QuerySet[Impact]:
    qs = Impact.objects.filter(partnership_id=m.partnership_id)
    if m.role != Role.LEAD_OFFICER:
        hidden = _hidden_learning_points(m).values("pk")
        qs = qs.exclude(learning_points__in=hidden).exclude(actions__learning_point__in=hidden)
    return qs


def impact_list(m: Membership) -> QuerySet[Impact]:
    """Impacts, each with `story_hidden` (its narrative tells a child's story this member may not read)."""
    qs = (
        impacts_visible(m)
        .annotate(story_hidden=_child_story_hidden(m))
        .select_related("tracked_child", "tracked_child__agency")
        .prefetch_related(
            Prefetch("learning_points", queryset=learning_points_visible(m)),
            Prefetch("actions", queryset=actions_visible(m)),
        )
    )
    return qs.distinct().order_by("-date", "-id")


def impact_get(m: Membership, pk: int) -> Impact:
    obj = (
        impacts_visible(m)
        .select_related("partnership", "tracked_child", "tracked_child__agency", "created_by")
        .prefetch_related(
            Prefetch("learning_points", queryset=learning_points_visible(m)),
            Prefetch("actions", queryset=actions_visible(m).select_related("learning_point")),
        )
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        raise Http404("No such impact evaluation.")
    obj.story_hidden = not can_see_child_story(m, obj)  # type: ignore[attr-defined]
    return obj


def tracked_children_visible(m: Membership) -> QuerySet[TrackedChild]:
    return TrackedChild.objects.filter(partnership_id=m.partnership_id)


def tracked_child_list(m: Membership) -> QuerySet[TrackedChild]:
    qs = (
        tracked_children_visible(m)
        .select_related("agency")
        .prefetch_related(Prefetch("learning_points", queryset=learning_points_visible(m)))
        .annotate(entry_count=Count("entries", distinct=True))
    )
    return qs.order_by("label")


def tracked_child_get(m: Membership, pk: int) -> TrackedChild:
    obj = (
        tracked_children_visible(m)
        .select_related("partnership", "agency", "created_by")
        .prefetch_related(
            "entries__created_by", Prefetch("learning_points", queryset=learning_points_visible(m)), "impacts"
        )
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        raise Http404("No such tracked child.")
    return obj


def can_see_case_reference(m: Membership, tracked_child: TrackedChild) -> bool:
    """A tracked child's case reference and story (why tracked, the difference the learning would
    have made, the dated entries, and the before, after and conclusion of impact evaluations
    about the child): the child's agency and the lead officer. One rule for all of them."""
    return can_see_confidential(m, tracked_child.agency_id)


def can_see_child_story(m: Membership, impact: Impact) -> bool:
    """An impact evaluation's narrative: hidden only when it tells a tracked child's story."""
    return impact.tracked_child is None or can_see_case_reference(m, impact.tracked_child)


def _child_story_hidden(m: Membership) -> Any:
    """`can_see_child_story` in SQL, as an annotation on impacts."""
    if m.role == Role.LEAD_OFFICER:
        return Value(False)
    hidden = Q(tracked_child__isnull=False)
    if can_see_confidential(m, m.agency_id):
        hidden &= ~Q(tracked_child__agency_id=m.agency_id)
    return Case(When(hidden, then=Value(True)), default=Value(False), output_field=BooleanField())


# Loop health ------------------------------------------------------------------------------------


@dataclass
class LoopHealth:
    start: dt.date | None
    end: dt.date | None
    total: int
    with_action: int
    shared: int
    embedded: int
    evaluated: int
    median_days_to_embedded: float | None
    embedded_count_for_median: int
    overdue_by_agency: list[dict[str, Any]]
    overdue_by_subgroup: list[dict[str, Any]]
    overdue_total: int

    def share(self, count: int) -> float | None:
        return count / self.total if self.total else None


def loop_health(m: Membership, start: dt.date | None, end: dt.date | None, today: dt.date | None = None) -> LoopHealth:
    """The share of learning points with actions, shared, embedded and evaluated, in a period.

    A fixed number of queries, whatever the number of rows.
    """
    today = today or timezone.localdate()
    lps = with_loop_flags(learning_points_visible(m))
    if start:
        lps = lps.filter(date_identified__gte=start)
    if end:
        lps = lps.filter(date_identified__lte=end)
    rows = list(
        lps.values("has_action", "is_shared", "is_embedded", "is_evaluated", "date_identified", "first_embedded_on")
    )
    counts = Counter()
    days: list[int] = []
    for row in rows:
        for flag in ("has_action", "is_shared", "is_embedded", "is_evaluated"):
            counts[flag] += bool(row[flag])
        if row["first_embedded_on"] is not None:
            first = row["first_embedded_on"]
            if isinstance(first, str):  # SQLite returns the subquery's date as text
                first = dt.date.fromisoformat(first)
            days.append(max(0, (first - row["date_identified"]).days))
    overdue = actions_visible(m, today).filter(rag_status=Action.Rag.RED)
    if start:
        overdue = overdue.filter(learning_point__date_identified__gte=start)
    if end:
        overdue = overdue.filter(learning_point__date_identified__lte=end)
    by_agency = list(
        overdue.values(agency_id=F("owner_agency_id"), name=F("owner_agency__name"))
        .annotate(count=Count("id"))
        .order_by("-count", "name")
    )
    by_subgroup = list(
        overdue.values(subgroup_id=F("owner_subgroup_id"), name=F("owner_subgroup__name"))
        .annotate(count=Count("id"))
        .order_by("-count", "name")
    )
    return LoopHealth(
        start=start,
        end=end,
        total=len(rows),
        with_action=counts["has_action"],
        shared=counts["is_shared"],
        embedded=counts["is_embedded"],
        evaluated=counts["is_evaluated"],
        median_days_to_embedded=statistics.median(days) if days else None,
        embedded_count_for_median=len(days),
        overdue_by_agency=by_agency,
        overdue_by_subgroup=by_subgroup,
        overdue_total=sum(row["count"] for row in by_agency),
    )


# Home -----------------------------------------------------------------------------------------


def home_summary(m: Membership, today: dt.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    still_open = action_list(m, today=today).exclude(status__in=[str(s) for s in Action.DONE])
    mine = list(still_open.filter(owner_person_id=m.user_id)[:20])
    agency_actions: list[Action] = []
    if m.role == Role.AGENCY_LEAD and m.agency_id:
        agency_actions = list(still_open.filter(owner_agency_id=m.agency_id)[:20])
    subgroup_actions: list[Action] = []
    if m.role == Role.SUBGROUP_MEMBER:
        subgroup_actions = list(still_open.filter(owner_subgroup_id__in=m.subgroup_ids())[:20])
    awaiting: list[LearningPoint] = []
    if m.role in {Role.LEAD_OFFICER, Role.COMMITTEE_MEMBER}:
        awaiting = list(
            learning_points_visible(m).filter(approval=LearningPoint.Approval.AWAITING).select_related("subgroup")[:20]
        )
    rag_counts = dict(
        actions_visible(m, today)
        .exclude(status__in=[str(s) for s in Action.DONE])
        .values_list("rag_status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {
        # Viewers read only and hold no actions; a committee member sees the list only if they hold one.
        "show_my_actions": m.role != Role.VIEWER and (m.role != Role.COMMITTEE_MEMBER or bool(mine)),
        "my_actions": mine,
        "agency_actions": agency_actions,
        "subgroup_actions": subgroup_actions,
        "awaiting_approval": awaiting,
        "rag_counts": {rag: rag_counts.get(rag, 0) for rag in ("red", "amber", "green")},
        "health": loop_health(m, None, None, today=today),
    }
