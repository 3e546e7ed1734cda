"""Every read of reviews a user can trigger, scoped to what that member may see.

Another partnership's reviews are never returned; single-agency reviews only to their agency
and the lead officer (accounts.permissions.can_see_confidential, expressed as a query here).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import CONFIDENTIAL_ROLES
from learnloop.accounts.roles import Role
from learnloop.reviews import stages
from learnloop.reviews.models import (
    AgencyRequest,
    Kind,
    Publication,
    Recommendation,
    Review,
    ReviewSettings,
    Stage,
    StageEvent,
)
from learnloop.reviews.permissions import review_subgroup_ids
from learnloop.reviews.services import review_settings_for


def _confidential_filter(m: Membership, prefix: str = "") -> Q:
    if m.role == Role.LEAD_OFFICER:
        return Q()
    allowed = ~Q(**{f"{prefix}kind": Kind.SINGLE_AGENCY})
    if m.agency_id is not None and m.role in CONFIDENTIAL_ROLES:
        allowed |= Q(**{f"{prefix}agency_id": m.agency_id})
    return allowed


def reviews_visible(m: Membership) -> QuerySet[Review]:
    return Review.objects.filter(Q(partnership_id=m.partnership_id) & _confidential_filter(m))


def review_list(m: Membership) -> QuerySet[Review]:
    qs = reviews_visible(m).select_related("subgroup", "agency", "lead", "partnership").prefetch_related("agencies")
    return qs.distinct().order_by("-number")


def review_get(m: Membership, number: int) -> Review:
    review = (
        reviews_visible(m)
        .select_related("partnership", "subgroup", "agency", "lead", "created_by", "closure_recorded_by")
        .prefetch_related("agencies")
        .filter(number=number)
        .first()
    )
    if review is None:
        raise Http404("No such review.")
    return review


@dataclass
class ReviewPage:
    """Everything the review page shows, loaded in a fixed number of queries."""

    settings: ReviewSettings
    deadline: dt.date | None
    overdue: bool
    events: list[StageEvent]
    requests: list[AgencyRequest]
    children: list[Any]
    processes: list[Any]
    versions: list[Any]
    findings: list[Any]
    recommendations: list[Recommendation]
    publications: list[Publication]


def review_page(m: Membership, review: Review, today: dt.date) -> ReviewPage:
    settings = review_settings_for(review.partnership)
    amber = review.partnership.rag_amber_days
    recommendations = list(
        review.recommendations.select_related(
            "owner_agency", "owner_subgroup", "finding", "action", "action__learning_point"
        )
    )
    for rec in recommendations:
        rec.rag_status = rec.action.rag(today, amber) if rec.action else None  # type: ignore[attr-defined]
    return ReviewPage(
        settings=settings,
        deadline=stages.deadline(review, settings),
        overdue=review.stage != Stage.CLOSED and stages.is_overdue(review, settings, today),
        events=list(review.events.select_related("created_by")),
        requests=list(review.agency_requests.select_related("agency", "submitted_by")),
        children=list(review.children.all()),
        processes=list(review.parallel_processes.all()),
        versions=list(review.report_versions.select_related("created_by")),
        findings=list(review.findings.select_related("learning_point").prefetch_related("themes")),
        recommendations=recommendations,
        publications=list(review.publications.prefetch_related("resolutions")),
    )


@dataclass
class OpenActions:
    """The review's actions not yet completed: those the member may open, and how many more."""

    shown: list[Any]
    hidden: int

    @property
    def count(self) -> int:
        return len(self.shown) + self.hidden


def review_open_actions(m: Membership, review: Review) -> OpenActions:
    from learnloop.loop.selectors import actions_visible
    from learnloop.reviews.services import review_open_actions as all_open

    open_ids = [a.pk for a in all_open(review)]
    shown = list(
        actions_visible(m).filter(pk__in=open_ids).select_related("owner_agency", "owner_subgroup").order_by("number")
    )
    return OpenActions(shown=shown, hidden=len(open_ids) - len(shown))


def agency_request_get(m: Membership, review: Review, pk: int) -> AgencyRequest:
    request = (
        AgencyRequest.objects.select_related("agency", "review", "submitted_by").filter(review=review, pk=pk).first()
    )
    if request is None:
        raise Http404
    return request


def publication_get(m: Membership, review: Review, pk: int) -> Publication:
    publication = (
        Publication.objects.select_related("review", "review__lead", "review__partnership")
        .prefetch_related("resolutions")
        .filter(review=review, pk=pk)
        .first()
    )
    if publication is None:
        raise Http404
    return publication


# Who must act: the home panel -------------------------------------------------------------------


@dataclass
class Overdue:
    review: Review
    deadline: dt.date
    days: int


@dataclass
class HomeItems:
    overdue: list[Overdue] = field(default_factory=list)
    awaiting_decision: list[Review] = field(default_factory=list)
    returns_due: list[AgencyRequest] = field(default_factory=list)
    publications_due: list[Publication] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.overdue or self.awaiting_decision or self.returns_due or self.publications_due)


def home_items(m: Membership, today: dt.date) -> HomeItems:
    """What this member must act on: overdue stages they own, decisions, returns, renewals."""
    items = HomeItems()
    settings = review_settings_for(m.partnership)
    open_reviews = reviews_visible(m).exclude(stage=Stage.CLOSED).select_related("partnership")
    if m.role == Role.LEAD_OFFICER:
        mine = list(open_reviews)
    elif m.role == Role.COMMITTEE_MEMBER:
        mine = list(open_reviews.filter(stage__in=stages.COMMITTEE_STAGES))
    elif review_subgroup_ids(m):
        mine = list(open_reviews.filter(subgroup_id__in=review_subgroup_ids(m)))
    else:
        mine = []
    for review in mine:
        if stages.is_overdue(review, settings, today):
            due = stages.deadline(review, settings)
            assert due is not None
            items.overdue.append(Overdue(review, due, stages.days_overdue(review, settings, today)))
        if review.stage == Stage.DECISION and m.role in {Role.LEAD_OFFICER, Role.COMMITTEE_MEMBER}:
            items.awaiting_decision.append(review)
    items.overdue.sort(key=lambda o: o.deadline)
    if m.role == Role.AGENCY_LEAD and m.agency_id:
        items.returns_due = list(
            AgencyRequest.objects.filter(
                partnership_id=m.partnership_id,
                agency_id=m.agency_id,
                submitted_on__isnull=True,
                review__stage=Stage.INFORMATION,
            )
            .select_related("review", "review__partnership")
            .order_by("due_on")
        )
    if m.role == Role.LEAD_OFFICER:
        items.publications_due = list(
            Publication.objects.filter(
                partnership_id=m.partnership_id, status=Publication.Status.PUBLISHED, review_by__lte=today
            ).select_related("review", "review__partnership")
        )
    return items


# The partnership view ---------------------------------------------------------------------------


@dataclass
class YearMedian:
    year: int
    count: int
    median_days: float


@dataclass
class PartnershipView:
    by_stage: list[tuple[str, str, int]]
    overdue: list[Overdue]
    to_decision: list[YearMedian]
    to_report: list[YearMedian]
    ci_sent: list[Review]
    ci_outstanding: list[Review]
    final_outstanding: list[Review]
    recommendations: list[Recommendation]
    awaiting_relevance: list[Review]
    publications_due: list[Publication]


def _medians(pairs: list[tuple[int, int]]) -> list[YearMedian]:
    by_year: dict[int, list[int]] = defaultdict(list)
    for year, days in pairs:
        by_year[year].append(days)
    return [YearMedian(y, len(d), statistics.median(d)) for y, d in sorted(by_year.items())]


def partnership_view(m: Membership, today: dt.date) -> PartnershipView:
    """The partnership's reviews at a glance. Medians are per year of the later date."""
    settings = review_settings_for(m.partnership)
    reviews = list(reviews_visible(m).select_related("partnership", "subgroup").order_by("number"))
    labels = dict(Stage.choices)
    counts: dict[str, int] = defaultdict(int)
    for review in reviews:
        counts[review.stage] += 1
    order = [*stages.LEARNING_STAGES, Stage.RELEVANCE, Stage.CLOSED]
    by_stage = [(str(s), labels[s], counts[s]) for s in order if counts[s]]
    overdue = [
        Overdue(r, stages.deadline(r, settings), stages.days_overdue(r, settings, today))  # type: ignore[arg-type]
        for r in reviews
        if r.stage != Stage.CLOSED and stages.is_overdue(r, settings, today)
    ]
    learning = [r for r in reviews if r.kind == Kind.LEARNING]
    to_decision = [
        (r.decided_on.year, (r.decided_on - r.notified_on).days) for r in learning if r.notified_on and r.decided_on
    ]
    to_report = [
        (r.report_ratified_on.year, (r.report_ratified_on - r.decided_on).days)
        for r in learning
        if r.decided_on and r.report_ratified_on and r.decision == Review.Decision.PROCEED
    ]
    ci_sent = [r for r in learning if r.ci_notified_on]
    ci_outstanding = [r for r in learning if r.decided_on and not r.ci_notified_on]
    final_outstanding = [r for r in learning if r.report_ratified_on and not r.final_report_sent_on]
    recommendations = list(
        Recommendation.objects.filter(review__in=[r.pk for r in reviews])
        .select_related("review", "review__partnership", "action", "owner_agency", "owner_subgroup")
        .order_by("review__number", "id")
    )
    for rec in recommendations:
        rec.rag_status = rec.action.rag(today, m.partnership.rag_amber_days) if rec.action else None  # type: ignore[attr-defined]
    return PartnershipView(
        by_stage=by_stage,
        overdue=sorted(overdue, key=lambda o: o.deadline),
        to_decision=_medians(to_decision),
        to_report=_medians(to_report),
        ci_sent=ci_sent,
        ci_outstanding=ci_outstanding,
        final_outstanding=final_outstanding,
        recommendations=recommendations,
        awaiting_relevance=[r for r in reviews if r.stage == Stage.RELEVANCE],
        publications_due=list(
            Publication.objects.filter(
                review__in=[r.pk for r in reviews], status=Publication.Status.PUBLISHED, review_by__lte=today
            ).select_related("review", "review__partnership")
        ),
    )
