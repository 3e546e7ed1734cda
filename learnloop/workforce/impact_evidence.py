"""A course's evaluations as evidence of impact: mean confidence before and after the training.

The figures are those of the course's own page (mean confidence on the 1 to 5 scale, over every
outcome, shown to one decimal place). The rule (stated on the pages):
- Improved: the mean rose by MARGIN or more.
- Worse: it fell by MARGIN or more.
- No change: it moved by less than MARGIN either way.
- Too early to tell: fewer than MIN_RESPONDENTS people evaluated the course (too few to judge,
  and a small number that is never shown outside the partnership).
"""

from __future__ import annotations

from typing import Any

from learnloop.core.registry import IMPROVED, NO_CHANGE, TOO_EARLY, WORSE, EvidenceKind, EvidenceReading
from learnloop.workforce.selectors import confidence_summary, course_list, one_decimal

MARGIN = 0.5  # points on the 1 to 5 scale
MIN_RESPONDENTS = 5

RULE = (
    f"Mean confidence on the 1 to 5 scale before and after the training, from the course's "
    f"evaluations. Improved: it rose by {MARGIN:g} or more. Worse: it fell by {MARGIN:g} or more. No "
    f"change: it moved by less. Too early to tell: fewer than {MIN_RESPONDENTS} people evaluated it."
)


def finding(before: float | None, after: float | None, respondents: int) -> tuple[str, str]:
    if before is None or after is None or respondents < MIN_RESPONDENTS:
        return TOO_EARLY, f"Fewer than {MIN_RESPONDENTS} people have evaluated the course."
    first, last = one_decimal(before), one_decimal(after)
    change = float(last - first)
    moved = f"{first} to {last} ({change:+.1f})"
    if change >= MARGIN:
        return IMPROVED, f"{moved}: a rise of {MARGIN:g} or more."
    if change <= -MARGIN:
        return WORSE, f"{moved}: a fall of {MARGIN:g} or more."
    return NO_CHANGE, f"{moved}: less than {MARGIN:g} either way."


def options(m: Any) -> list[tuple[str, str]]:
    return [(str(c.pk), c.title) for c in course_list(m).order_by("title")]


def read(m: Any, ref: str, before: str, after: str, public: bool) -> EvidenceReading | None:
    if not ref.isdigit():
        return None
    course = course_list(m).filter(pk=int(ref)).first()
    if course is None:
        return None
    overall = confidence_summary(m, course).overall
    result, reason = finding(overall.before, overall.after, overall.respondents)
    few = overall.respondents < MIN_RESPONDENTS
    return EvidenceReading(
        title=f"Confidence before and after: {course.title}",
        before_label="Before the training",
        before_text="[c]" if few else f"{one_decimal(overall.before)} of 5",
        after_label="After the training",
        after_text="[c]" if few else f"{one_decimal(overall.after)} of 5",
        finding=result,
        reason=reason if not few else f"{reason} The figures are not shown.",
        url=course.get_absolute_url(),
    )


CONFIDENCE_EVIDENCE = EvidenceKind(
    key="training_confidence",
    title="Staff confidence before and after a course",
    source_title="Workforce learning and development",
    rule=RULE,
    options=options,
    read=read,
    order=30,
)
