"""The minimum dataset's sections of the reports: this period's special-cause signals and what was
decided about them (committee paper); each indicator's trend with the national figure (annual
report). Figures come from the dataset's own selectors, suppressed as the reader must see them.
"""

from __future__ import annotations

from learnloop.core.disclosure import MARK
from learnloop.core.registry import ReportSection, register_committee_decisions, register_report_section
from learnloop.core.reporting import Block, Chart, ReportRequest, Table
from learnloop.dataset import charts, selectors, spc
from learnloop.dataset.computation import SUPPRESSED, Series
from learnloop.dataset.models import TrendSignal

PAPER, ANNUAL = "cpc-paper", "annual-report"
MAX_CHARTS = 6  # the annual report charts the indicators with a national figure, up to this many


def _series(r: ReportRequest) -> list[Series]:
    """Every indicator's quarters, computed once for all the sections of one build."""
    if "dataset:quarters" not in r.cache:
        r.cache["dataset:quarters"] = selectors.series_for(r.m, kind="quarter", suppressed=True if r.public else None)
    return r.cache["dataset:quarters"]


def _svg(spec: dict) -> str:  # type: ignore[type-arg]
    from learnloop.core.charts import svg as chart_svg

    return chart_svg(spec)


def _value(value: float | None, status: str = "") -> str:
    if status == SUPPRESSED:
        return MARK
    return "No value" if value is None else f"{value:g}"


def signals_in_period(r: ReportRequest) -> list[tuple[Series, object]]:
    """Every quarter ending in the period whose figure is a special-cause signal."""
    found = []
    for series in _series(r):
        for figure in series.figures:
            if figure.point is not None and figure.point.is_special and r.start <= figure.period.end <= r.end:
                found.append((series, figure))
    return found


def signals(r: ReportRequest) -> list[Block]:
    found = signals_in_period(r)
    decisions = {(s.indicator_id, s.period): s for s in TrendSignal.objects.filter(partnership_id=r.m.partnership_id)}
    rows = []
    for series, figure in found:
        decision = decisions.get((series.indicator.pk, figure.period.label))
        rows.append(
            [
                series.indicator.name,
                figure.period.label,
                _value(figure.value, figure.status),
                spc.LABEL_TEXT[figure.point.label],
                decision.get_status_display() if decision else "Not yet decided",
                decision.reason if decision else "",
            ]
        )
    return [
        Table(
            caption="Indicators with a special-cause signal in the period",
            headers=["Indicator", "Quarter", "Value", "Signal", "What was decided", "Why"],
            rows=rows,
            empty="No indicator showed a special-cause signal in a quarter ending in the period.",
        )
    ]


def year(r: ReportRequest) -> list[Block]:
    nationals = selectors.national_figures()
    summary = []
    blocks: list[Block] = []
    for series in _series(r):
        in_period = [f for f in series.figures if r.start <= f.period.end <= r.end]
        if not in_period:
            continue
        latest = in_period[-1]
        national = nationals.get(series.indicator.code)
        summary.append(
            [
                series.indicator.name,
                latest.period.label,
                _value(latest.value, latest.status),
                f"{national.value:g}" if national else "None published",
                spc.LABEL_TEXT[latest.point.label] if latest.point else "No signal",
            ]
        )
        # A chart where it compares like with like: a share with a national figure beside it.
        comparable = selectors.comparable_national(series.indicator, national)
        if comparable is not None and len(blocks) < MAX_CHARTS and any(f.value is not None for f in in_period):
            spec = charts.spec(series, national=comparable)
            blocks.append(
                Chart(
                    svg=_svg(spec),
                    alt=charts.text_alternative(
                        series, f"Chart of {series.indicator.name} by quarter; the data is in the table."
                    ),
                    table=Table(
                        caption=f"{series.indicator.name} by quarter",
                        headers=["Quarter", "Value", "Signal"],
                        rows=[
                            [row["period"], _value(row["value"], row["status"]), row["label_text"]]
                            for row in charts.rows_for(series)
                        ],
                        numeric=[1],
                    ),
                )
            )
    return [
        Table(
            caption="The minimum dataset: the latest quarter in the period, with the national figure",
            headers=["Indicator", "Quarter", "Value", "Scotland", "Trend"],
            rows=summary,
            numeric=[2, 3],
            empty="No figures were loaded for the period.",
        ),
        *blocks,
    ]


def decisions(r: ReportRequest) -> list[str]:
    decided = set(TrendSignal.objects.filter(partnership_id=r.m.partnership_id).values_list("indicator_id", "period"))
    waiting = [(s, f) for s, f in signals_in_period(r) if (s.indicator.pk, f.period.label) not in decided]
    return [f"Decide what to do about the signal on {s.indicator.name} in {f.period.label}." for s, f in waiting]


def register() -> None:
    register_report_section(
        ReportSection("dataset-signals", "What the data tells us", frozenset({PAPER}), signals, order=20)
    )
    register_report_section(
        ReportSection(
            "dataset-year",
            "What the minimum dataset shows",
            frozenset({ANNUAL}),
            year,
            order=20,
            narrative=True,
            narrative_hint="What the trends and the comparison with Scotland say about how well children are protected.",
        )
    )
    register_committee_decisions(decisions)
