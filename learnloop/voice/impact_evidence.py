"""Children's and families' views as evidence of impact: on one practice theme, the share of views
that were positive in a quarter before and a quarter after.

The rule (stated on the pages):
- Improved: the positive share rose by MARGIN percentage points or more.
- Worse: it fell by MARGIN points or more.
- No change: it moved by less either way.
- Too early to tell: fewer than MIN_VIEWS views with a sentiment in either quarter (too few to
  judge, and a small number of children that is never shown).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, Min, Q
from django.urls import reverse

from learnloop.core.registry import IMPROVED, NO_CHANGE, TOO_EARLY, WORSE, EvidenceKind, EvidenceReading
from learnloop.themes.models import Theme
from learnloop.voice.models import Sentiment
from learnloop.voice.selectors import views_visible

MARGIN = 15.0  # percentage points
MIN_VIEWS = 5

RULE = (
    f"The share of views on the theme that were positive (of those with a sentiment recorded), in the "
    f"quarter before and the quarter after. Improved: it rose by {MARGIN:g} percentage points or more. "
    f"Worse: it fell by {MARGIN:g} points or more. No change: it moved by less. Too early to tell: fewer "
    f"than {MIN_VIEWS} views in either quarter."
)


def _bounds(label: str) -> tuple[dt.date, dt.date]:
    year, quarter = int(label[:4]), int(label[-1])
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - dt.timedelta(days=1)
    return start, end


def _label(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def finding(before: tuple[int, int], after: tuple[int, int]) -> tuple[str, str]:
    """Each of before and after is (positive, with a sentiment)."""
    if before[1] < MIN_VIEWS or after[1] < MIN_VIEWS:
        return TOO_EARLY, f"Fewer than {MIN_VIEWS} views with a sentiment in one of the quarters."
    first, last = round(100 * before[0] / before[1], 1), round(100 * after[0] / after[1], 1)
    change = round(last - first, 1)
    moved = f"{first:g}% to {last:g}% positive ({change:+g} points)"
    if change >= MARGIN:
        return IMPROVED, f"{moved}: a rise of {MARGIN:g} points or more."
    if change <= -MARGIN:
        return WORSE, f"{moved}: a fall of {MARGIN:g} points or more."
    return NO_CHANGE, f"{moved}: less than {MARGIN:g} points either way."


def options(m: Any) -> list[tuple[str, str]]:
    used = views_visible(m).values("themes")
    return [(str(t.pk), t.name) for t in Theme.objects.filter(pk__in=used).order_by("name")]


def periods(m: Any) -> list[str]:
    span = views_visible(m).aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is None:
        return []
    labels, day = [], span["first"].replace(day=1)
    while day <= span["last"]:
        label = _label(day)
        if label not in labels:
            labels.append(label)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return labels


def _counts(m: Any, theme: Theme, label: str) -> tuple[int, int]:
    start, end = _bounds(label)
    found = (
        views_visible(m)
        .filter(themes=theme, date__gte=start, date__lte=end)
        .exclude(sentiment="")
        .aggregate(
            n=Count("pk", distinct=True), positive=Count("pk", filter=Q(sentiment=Sentiment.POSITIVE), distinct=True)
        )
    )
    return found["positive"], found["n"]


def _text(counts: tuple[int, int], public: bool) -> str:
    positive, n = counts
    if n < MIN_VIEWS:
        return "[c]"
    share = f"{round(100 * positive / n, 1):g}% positive"
    return share if public else f"{share} ({positive} of {n} views)"


def read(m: Any, ref: str, before: str, after: str, public: bool) -> EvidenceReading | None:
    theme = Theme.objects.filter(pk=int(ref), partnership_id=m.partnership_id).first() if ref.isdigit() else None
    if theme is None or not before or not after:
        return None
    first, last = _counts(m, theme, before), _counts(m, theme, after)
    result, reason = finding(first, last)
    return EvidenceReading(
        title=f"Children's and families' views on {theme.name}",
        before_label=before,
        before_text=_text(first, public),
        after_label=after,
        after_text=_text(last, public),
        finding=result,
        reason=reason,
        url=reverse("voice:index", args=[m.partnership.slug]),
    )


VIEWS_EVIDENCE = EvidenceKind(
    key="voice_sentiment",
    title="What children and families say about a practice theme",
    source_title="Voice of children and families",
    rule=RULE,
    options=options,
    read=read,
    periods=periods,
    order=40,
)
