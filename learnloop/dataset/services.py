"""Every write to the minimum dataset with a rule or a side effect (imports: importer.py)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.core.disclosure import MARK
from learnloop.core.text import mid_sentence
from learnloop.dataset import charts
from learnloop.dataset.computation import SUPPRESSED
from learnloop.dataset.disclosure import suppress_series
from learnloop.dataset.models import Population, TrendSignal
from learnloop.dataset.permissions import mise_subgroup
from learnloop.dataset.selectors import Trend, comparable_national, national_figures
from learnloop.dataset.versions import data_changed
from learnloop.loop.models import LearningPoint, SourceType
from learnloop.loop.services import learning_point_save
from learnloop.partnership.models import Partnership


class DatasetError(Exception):
    """A rule of the dataset was broken; the message says which, in the user's words."""


def _shared(series: Any) -> Any:
    """The series as anyone may see it: a signal's chart and text go into the loop, read beyond
    MISE, so small numbers are suppressed (learnloop/core/disclosure.py)."""
    return suppress_series([copy.deepcopy(series)])[0]


def _value_text(trend: Trend, series: Any) -> str:
    latest = _shared(series).latest
    if latest is not None and latest.status == SUPPRESSED:
        return MARK
    return f"{trend.value:g}"


def _snapshot(trend: Trend, series: Any) -> tuple[str, list[dict[str, Any]]]:
    national = comparable_national(trend.indicator, national_figures().get(trend.indicator.code))
    series = _shared(series)
    spec = charts.spec(series, national=national)
    svg = charts.render_svg(
        spec, label=charts.text_alternative(series, f"Chart of {trend.indicator.name} when the signal was raised.")
    )
    return svg, charts.rows_for(series)


@transaction.atomic
def signal_to_learning_point(
    *, m: Membership, trend: Trend, series: Any, by: Any, today: dt.date | None = None
) -> LearningPoint:
    """Turn an emerging trend into a learning point in the loop, with its chart attached."""
    if trend.decision is not None:
        raise DatasetError(f"This signal was already {mid_sentence(trend.decision.get_status_display())}.")
    today = today or timezone.localdate()
    svg, rows = _snapshot(trend, series)
    signal = TrendSignal.objects.create(
        partnership=m.partnership,
        indicator=trend.indicator,
        period=trend.period,
        label=trend.point.label,
        rules=",".join(trend.point.rules),
        value=trend.value,
        status=TrendSignal.Status.LEARNING,
        decided_by=by,
        decided_at=timezone.now(),
        chart_svg=svg,
        chart_rows=rows,
        created_by=by,
    )
    kind = LearningPoint.Kind.GOOD_PRACTICE if trend.direction == "Improvement" else LearningPoint.Kind.IMPROVEMENT
    lp = LearningPoint(
        partnership=m.partnership,
        title=f"{trend.indicator.name}: {mid_sentence(trend.direction)} in {trend.period}"[:200],
        description=(
            f"The minimum dataset shows {trend.label_text.lower()} for {trend.indicator.name.lower()} in "
            f"{trend.period} (value {_value_text(trend, series)}; rule: {trend.rules_text}). "
            f"Scrutiny question: {trend.indicator.scrutiny_question or 'what explains this change?'}"
        ),
        kind=kind,
        source_type=SourceType.DATASET,
        source_title=f"{trend.indicator.name}, {trend.period}"[:300],  # the source (type) says "Minimum dataset"
        source_date=today,
        date_identified=today,
        subgroup=mise_subgroup(m),
    )
    lp.source_record = signal
    return learning_point_save(learning_point=lp, by=by)


@transaction.atomic
def signal_dismiss(*, m: Membership, trend: Trend, series: Any, reason: str, by: Any) -> TrendSignal:
    """Dismiss a signal; who dismissed it and why are kept."""
    reason = reason.strip()
    if not reason:
        raise DatasetError("Say why this signal needs no action.")
    if trend.decision is not None:
        raise DatasetError(f"This signal was already {mid_sentence(trend.decision.get_status_display())}.")
    svg, rows = _snapshot(trend, series)
    return TrendSignal.objects.create(
        partnership=m.partnership,
        indicator=trend.indicator,
        period=trend.period,
        label=trend.point.label,
        rules=",".join(trend.point.rules),
        value=trend.value,
        status=TrendSignal.Status.DISMISSED,
        decided_by=by,
        decided_at=timezone.now(),
        reason=reason,
        chart_svg=svg,
        chart_rows=rows,
        created_by=by,
    )


@transaction.atomic
def population_save(
    *, partnership: Partnership, year: int, children_0_15: int, source: str = "", by: Any = None
) -> Population:
    """Add or correct the number of children aged 0-15 for a year."""
    if not 1990 <= year <= 2100:
        raise DatasetError("Enter a year between 1990 and 2100.")
    if children_0_15 <= 0:
        raise DatasetError("Enter the number of children aged 0 to 15, more than 0.")
    population = Population.objects.filter(partnership=partnership, year=year).first() or Population(
        partnership=partnership, year=year, created_by=by
    )
    population.children_0_15 = children_0_15
    population.source = source.strip()
    population.save()
    data_changed(partnership.pk)
    return population
