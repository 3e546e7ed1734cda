"""The dataset's special-cause signals as core.registry IndicatorSignals, for the insights page."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from learnloop.accounts.models import Membership
from learnloop.core.registry import IndicatorSignal
from learnloop.dataset.selectors import emerging_trends


def period_end(label: str) -> dt.date | None:
    """The last day of a period labelled "2026-Q3" or "2026"."""
    try:
        if "-Q" in label:
            year, quarter = label.split("-Q")
            month = int(quarter) * 3
            first_of_next = dt.date(int(year) + (month == 12), month % 12 + 1, 1)
            return first_of_next - dt.timedelta(days=1)
        return dt.date(int(label[:4]), 12, 31)
    except ValueError:
        return None


def indicator_signals(m: Membership) -> list[IndicatorSignal]:
    signals = []
    for trend in emerging_trends(m):
        decided = trend.decision.get_status_display() if trend.decision is not None else ""
        signals.append(
            IndicatorSignal(
                code=trend.indicator.code,
                name=trend.indicator.name,
                period=trend.period,
                period_end=period_end(trend.period),
                direction=trend.direction,
                rules=trend.rules_text,
                url=reverse("dataset:indicator", args=[m.partnership.slug, trend.indicator.code]),
                decided=decided,
            )
        )
    return signals
