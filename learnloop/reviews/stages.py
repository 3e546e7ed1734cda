"""Which stages each kind of review passes through, and their deadlines. Pure functions.

The learning review follows the national guidance's eleven steps (docs/domain.md, "Learning reviews").
Case reviews and internal reviews are commissioned directly, so they start at the review
itself; external learning and inspection reports start with a decision on their relevance.
"""

from __future__ import annotations

import datetime as dt

from learnloop.reviews.models import Kind, Review, ReviewSettings, Stage

LEARNING_STAGES: list[str] = [
    Stage.NOTIFICATION,
    Stage.INFORMATION,
    Stage.RECOMMENDATION,
    Stage.DECISION,
    Stage.CI_NOTIFICATION,
    Stage.REVIEW,
    Stage.REPORT,
    Stage.FINAL_REPORT,
    Stage.PUBLICATION,
    Stage.ACTION_PLAN,
    Stage.FOLLOW_UP,
]
CASE_STAGES: list[str] = [Stage.REVIEW, Stage.REPORT, Stage.ACTION_PLAN, Stage.FOLLOW_UP]
EXTERNAL_STAGES: list[str] = [Stage.RELEVANCE, Stage.ACTION_PLAN, Stage.FOLLOW_UP]

STAGES_BY_KIND: dict[str, list[str]] = {
    Kind.LEARNING: LEARNING_STAGES,
    Kind.MULTI_AGENCY: CASE_STAGES,
    Kind.SINGLE_AGENCY: CASE_STAGES,
    Kind.INTERNAL: CASE_STAGES,
    Kind.EXTERNAL: EXTERNAL_STAGES,
    Kind.INSPECTION: EXTERNAL_STAGES,
}

# Who must act on a stage, for the home pages: the committee decides and approves; everything
# else is the lead officer's (and the responsible subgroup's).
COMMITTEE_STAGES = {Stage.DECISION, Stage.REPORT}


def stages_for(kind: str) -> list[str]:
    return [str(s) for s in STAGES_BY_KIND[kind]]


def first_stage(kind: str) -> str:
    return stages_for(kind)[0]


def next_stage(review: Review) -> str:
    """Where completing the current stage leads. A decision not to proceed (once the Care
    Inspectorate has been told) and external learning found not relevant close the review."""
    stage = review.stage
    if stage == Stage.CI_NOTIFICATION and review.decision == Review.Decision.NOT_PROCEED:
        return Stage.CLOSED
    if stage == Stage.RELEVANCE and review.relevance == Review.Relevance.NOT_RELEVANT:
        return Stage.CLOSED
    order = stages_for(review.kind)
    position = order.index(stage)
    return order[position + 1] if position + 1 < len(order) else Stage.CLOSED


def earlier_stages(review: Review) -> list[str]:
    """The stages a review may go back to (with a reason)."""
    order = stages_for(review.kind)
    if review.stage == Stage.CLOSED:
        return order
    return order[: order.index(review.stage)]


def stage_number(kind: str, stage: str) -> int | None:
    order = stages_for(kind)
    return order.index(stage) + 1 if stage in order else None


def deadline(review: Review, settings: ReviewSettings) -> dt.date | None:
    """The day the current stage should be finished by: its start plus the partnership's days."""
    days = settings.days_for(review.stage)
    if days is None:
        return None
    return review.stage_started_on + dt.timedelta(days=days)


def is_overdue(review: Review, settings: ReviewSettings, today: dt.date) -> bool:
    due = deadline(review, settings)
    return due is not None and due < today


def days_overdue(review: Review, settings: ReviewSettings, today: dt.date) -> int:
    due = deadline(review, settings)
    return max((today - due).days, 0) if due is not None else 0
