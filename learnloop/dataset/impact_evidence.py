"""An indicator as evidence of impact: its figures for a period before and a period after.

The figures are read from the same computation as the dataset's own pages (quarters, with the
same statistical disclosure control for the same reader), so the two always agree.

The rule (stated on the pages): the after period's figure is judged by the Making Data Count
rules over the whole series.
- Improved: it is a special cause of improvement (outside the process limits on the good side, a
  run or trend of 7, or 2 of 3 near the good limit) and better than the before period's figure.
- Worse: it is a special cause of concern and worse than the before period's figure.
- No change: both figures are there and neither holds (common cause variation, or an indicator
  with no good direction).
- Too early to tell: either period has no figure (no data, no value, or withheld because the
  number of children is small), or the after period is not later than the before period.
"""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import floatformat
from django.urls import reverse

from learnloop.core.registry import IMPROVED, NO_CHANGE, TOO_EARLY, WORSE, EvidenceKind, EvidenceReading
from learnloop.dataset import spc
from learnloop.dataset.computation import STATUS_TEXT, Figure
from learnloop.dataset.models import Improvement, Indicator
from learnloop.dataset.permissions import can_see_small_numbers
from learnloop.dataset.selectors import figures_for

KIND = "quarter"

RULE = (
    "The after quarter is judged by the Making Data Count rules over the whole series. Improved: a "
    "special cause of improvement (outside the process limits on the good side, a run or trend of "
    "7, or 2 of 3 near the good limit) and better than the before quarter. Worse: a special cause "
    "of concern and worse than the before quarter. No change: common cause variation. Too early to "
    "tell: either quarter has no figure (no data, no value, or withheld as a small number)."
)


def figure_text(indicator: Indicator, figure: Figure | None) -> str:
    """A figure as the dataset's pages show it (42.3%, 7, No data, [c])."""
    if figure is None:
        return "No data"
    if figure.value is None:
        return STATUS_TEXT[figure.status]
    text = floatformat(figure.value, -1)
    return f"{text}%" if indicator.unit == Indicator.Unit.PERCENT else str(text)


def _better(improvement: str, before: float, after: float) -> bool:
    return after > before if improvement == Improvement.UP else after < before


def _worse(improvement: str, before: float, after: float) -> bool:
    return after < before if improvement == Improvement.UP else after > before


def finding(indicator: Indicator, before: Figure | None, after: Figure | None) -> tuple[str, str]:
    """The finding and its reason, for two figures of one series (SPC already applied)."""
    for label, figure in (("before", before), ("after", after)):
        if figure is None or figure.value is None:
            why = "withheld as a small number" if figure and figure.status == "suppressed" else "no figure"
            return TOO_EARLY, f"The {label} period has {why}, so the change cannot be judged yet."
    assert before is not None and after is not None and before.value is not None and after.value is not None
    if after.period.start <= before.period.start:
        return TOO_EARLY, "The after period must be later than the before period."
    point = after.point
    change = f"{figure_text(indicator, before)} in {before.period.label} to {figure_text(indicator, after)} in {after.period.label}"
    rules = " and ".join(spc.RULE_TEXT[r] for r in point.rules) if point and point.rules else ""
    if indicator.improvement == Improvement.NONE:
        return NO_CHANGE, f"{change}: this indicator has no good direction, so it cannot show improvement."
    if point and point.label == spc.IMPROVEMENT and _better(indicator.improvement, before.value, after.value):
        return IMPROVED, f"{change}: {after.period.label} is a special cause of improvement ({rules})."
    if point and point.label == spc.CONCERN and _worse(indicator.improvement, before.value, after.value):
        return WORSE, f"{change}: {after.period.label} is a special cause of concern ({rules})."
    return NO_CHANGE, f"{change}: within common cause variation, so not a change the data can show."


def _indicators() -> Any:
    return Indicator.objects.filter(in_dataset=True)


def options(m: Any) -> list[tuple[str, str]]:
    return [(i.code, i.name) for i in _indicators()]


def periods(m: Any) -> list[str]:
    series = figures_for(m.partnership_id, kind=KIND, indicators=list(_indicators()[:1]), suppressed=False)
    return [f.period.label for f in series[0].figures] if series else []


def read(m: Any, ref: str, before: str, after: str, public: bool) -> EvidenceReading | None:
    indicator = _indicators().filter(code=ref).first()
    if indicator is None:
        return None
    suppressed = public or not can_see_small_numbers(m)
    series = figures_for(m.partnership_id, kind=KIND, indicators=[indicator], suppressed=suppressed)
    by_label = {f.period.label: f for f in series[0].figures} if series else {}
    first, last = by_label.get(before), by_label.get(after)
    result, reason = finding(indicator, first, last)
    return EvidenceReading(
        title=indicator.name,
        before_label=before,
        before_text=figure_text(indicator, first),
        after_label=after,
        after_text=figure_text(indicator, last),
        finding=result,
        reason=reason,
        url=reverse("dataset:indicator", args=[m.partnership.slug, indicator.code]),
    )


INDICATOR_EVIDENCE = EvidenceKind(
    key="indicator",
    title="An indicator from the minimum dataset",
    source_title="Minimum dataset",
    rule=RULE,
    options=options,
    read=read,
    periods=periods,
    order=10,
)
