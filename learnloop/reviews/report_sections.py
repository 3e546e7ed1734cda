"""The reviews' sections of the reports: reviews by stage with overdue steps and decisions for the
committee paper; notified, decided, completed and published, with their themes, for the annual
report. Figures come from the reviews' own selectors (the partnership view), scoped to the reader.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from learnloop.core.registry import ReportSection, register_committee_decisions, register_report_section
from learnloop.core.reporting import Block, Heading, Paragraph, ReportRequest, Table, day
from learnloop.reviews import selectors
from learnloop.reviews.models import Finding, Publication, Review, Stage

PAPER, ANNUAL = "cpc-paper", "annual-report"


def _reference(review: Review) -> str:
    return f"{review.get_kind_display()} {review.number}"


def by_stage(r: ReportRequest) -> list[Block]:
    view = selectors.partnership_view(r.m, r.as_of)
    awaiting = list(selectors.reviews_visible(r.m).filter(stage=Stage.DECISION).order_by("number"))
    return [
        Table(
            caption="Reviews by stage",
            headers=["Stage", "Reviews"],
            rows=[[label, count] for _, label, count in view.by_stage],
            numeric=[1],
            empty="There are no reviews.",
        ),
        Heading("Overdue steps"),
        Table(
            caption="Review stages past their deadline",
            headers=["Review", "Title", "Stage", "Deadline", "Days overdue"],
            rows=[
                [_reference(o.review), o.review.title, o.review.get_stage_display(), day(o.deadline), o.days]
                for o in view.overdue
            ],
            numeric=[4],
            empty="No review stage is overdue.",
        ),
        Heading("Decisions needed"),
        Table(
            caption="Reviews awaiting the committee's decision",
            headers=["Review", "Title", "Recommendation", "Notified"],
            rows=[[_reference(rv), rv.title, rv.get_recommendation_display(), day(rv.notified_on)] for rv in awaiting],
            empty="No review is awaiting the committee's decision.",
        ),
    ]


def _between(r: ReportRequest, value: Any) -> bool:
    return value is not None and r.start <= value <= r.end


def year(r: ReportRequest) -> list[Block]:
    reviews = list(selectors.reviews_visible(r.m).order_by("number"))
    published = Publication.objects.filter(
        review__in=[rv.pk for rv in reviews],
        status=Publication.Status.PUBLISHED,
        published_on__gte=r.start,
        published_on__lte=r.end,
    )
    counts = [
        ["Notifications received", sum(_between(r, rv.notified_on) for rv in reviews)],
        ["Decisions made", sum(_between(r, rv.decided_on) for rv in reviews)],
        ["Reports ratified (completed)", sum(_between(r, rv.report_ratified_on) for rv in reviews)],
        ["Learning published", published.count()],
    ]
    decisions = Counter(rv.get_decision_display() for rv in reviews if _between(r, rv.decided_on) and rv.decision)
    themes: Counter[str] = Counter()
    for finding in Finding.objects.filter(
        review__in=[rv.pk for rv in reviews if _between(r, rv.report_ratified_on) or _between(r, rv.decided_on)]
    ).prefetch_related("themes"):
        themes.update(t.name for t in finding.themes.all())
    return [
        Table(
            caption=f"Learning reviews, {day(r.start)} to {day(r.end)}",
            headers=["Step", "Number"],
            rows=[[label, r.count(n) if n else n] for label, n in counts],
            numeric=[1],
        ),
        Table(
            caption="What was decided",
            headers=["Decision", "Reviews"],
            rows=[[label, r.count(n)] for label, n in sorted(decisions.items())],
            numeric=[1],
            empty="No decision was made in the period.",
        ),
        Table(
            caption="Themes of the reviews' findings",
            headers=["Theme", "Findings"],
            rows=[[name, n] for name, n in themes.most_common()],
            numeric=[1],
            empty="No findings with themes in the period.",
        ),
    ]


def decisions(r: ReportRequest) -> list[str]:
    out = []
    for rv in selectors.reviews_visible(r.m).filter(stage__in=[Stage.DECISION, Stage.REPORT]).order_by("number"):
        if rv.stage == Stage.DECISION:
            out.append(f"Decide whether {_reference(rv)} ({rv.title}) proceeds to a learning review.")
        else:
            out.append(f"Approve the report of {_reference(rv)} ({rv.title}).")
    return out


def register() -> None:
    register_report_section(ReportSection("reviews-stages", "Learning reviews", frozenset({PAPER}), by_stage, order=30))
    register_report_section(
        ReportSection(
            "reviews-year",
            "Learning reviews",
            frozenset({ANNUAL}),
            year,
            order=30,
            narrative=True,
            narrative_hint="What the reviews taught the partnership. Never name or describe a child or family.",
        )
    )
    register_committee_decisions(decisions)


__all__ = ["register", "Paragraph"]
