"""Outputs users can trust: "no data" is not a zero, anywhere the figures are shown.

A series is "no data" when no extract holds any event of a type its indicator needs, and a
period is "no data" when no import (from its first event to its last) or aggregate return covers
it. A true zero is a period an import covers with no such events. Every expected value is
worked out by hand from the rows below.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from learnloop.dataset import charts, spc
from learnloop.dataset.computation import NO_DATA, NO_VALUE, VALUE, ZERO, Series, apply_spc, compute, period_of
from learnloop.dataset.models import Indicator
from learnloop.dataset.tests.conftest import extract, load


def row(record: str, child: str, event_type: str, day: str, outcome: str = "") -> list[str]:
    return [record, child, event_type, day, "", "", outcome, "", ""]


# Two extracts: one covering 2024-01-05 to 2024-03-20 (Q1), one 2024-07-02 to 2024-09-30 (Q3).
# Nothing covers 2024-Q2. Neither holds any review CPPM.
FIRST = [
    row("c1", "A", "concern", "2024-01-05"),
    row("c2", "B", "concern", "2024-02-11"),
    row("i1", "A", "ird", "2024-01-06", "investigation"),
    row("r1", "A", "registration", "2024-01-20"),
    row("d1", "A", "deregistration", "2024-03-20"),
]
SECOND = [
    row("c3", "C", "concern", "2024-07-02"),
    row("i2", "C", "ird", "2024-07-03", "single_agency"),
    row("r2", "C", "registration", "2024-09-30"),
]


@pytest.fixture
def two_extracts(world):
    for rows in (FIRST, SECOND):
        item = load(world.partnership, extract(rows))
        assert item.status == "loaded", item.problems
    return {
        s.indicator.code: {f.period.label: f for f in s.figures} for s in compute(world.partnership.pk, kind="quarter")
    }


def test_an_indicator_whose_events_were_never_loaded_has_no_data_not_zeros(two_extracts):
    review = two_extracts["cppm_review"]
    assert list(review) == ["2024-Q1", "2024-Q2", "2024-Q3"]
    assert all(f.status == NO_DATA and f.value is None and f.point is None for f in review.values())
    # ...and so does one that needs them with another type (an initial CPPM was never loaded either)
    assert all(f.status == NO_DATA for f in two_extracts["cppm_initial_within_28d_pct"].values())


def test_a_quarter_no_import_covers_has_no_data_and_a_covered_empty_one_is_a_true_zero(world):
    # Q1 and Q3 as above, and a third extract spanning 2024-10-01 to 2024-12-31 with no concern.
    for rows in (FIRST, SECOND, [row("x1", "D", "ird", "2024-10-01"), row("x2", "D", "ird", "2024-12-31")]):
        load(world.partnership, extract(rows))
    concerns = {f.period.label: f for f in compute(world.partnership.pk, indicators=[_ind("concerns")])[0].figures}
    assert [(p, f.status, f.value) for p, f in concerns.items()] == [
        ("2024-Q1", VALUE, 2.0),
        ("2024-Q2", NO_DATA, None),  # no extract spans April to June
        ("2024-Q3", VALUE, 1.0),
        ("2024-Q4", ZERO, 0.0),  # covered by the third extract, no concern in it
    ]
    # SPC runs over the three points with data only: mean (2 + 1 + 0) / 3 = 1
    assert concerns["2024-Q2"].point is None
    assert concerns["2024-Q1"].point.mean == pytest.approx(1.0)


def test_a_percentage_with_nothing_to_count_is_no_value_not_no_data(two_extracts):
    ird_pct = two_extracts["ird_to_investigation_pct"]
    # Q1: 1 of 1 IRD with an outcome went to investigation; Q3: 0 of 1; Q2: not covered.
    assert (ird_pct["2024-Q1"].value, ird_pct["2024-Q1"].status) == (100.0, VALUE)
    assert (ird_pct["2024-Q3"].value, ird_pct["2024-Q3"].status) == (0.0, ZERO)
    assert ird_pct["2024-Q2"].status == NO_DATA
    # the median length of registration in Q3 has no deregistration to measure: no value
    assert two_extracts["registration_length_median_days"]["2024-Q3"].status == NO_VALUE


def test_a_series_with_no_data_has_no_chart_label_or_signal(world, two_extracts):
    series = compute(world.partnership.pk, indicators=[_ind("cppm_review")])[0]
    assert not series.has_data and series.missing_event_types == ["cppm_review"]
    assert charts.spec(series) == {}
    assert {r["label_text"] for r in charts.rows_for(series)} == {"No data"}


def test_the_chart_leaves_a_gap_for_a_period_with_no_data(world, two_extracts):
    series = compute(world.partnership.pk, indicators=[_ind("concerns")])[0]
    chart = charts.spec(series)
    layer = chart["layer"][3]  # the value line
    assert layer["encoding"]["x"]["scale"]["domain"] == ["2024-Q1", "2024-Q2", "2024-Q3"]
    data = chart.get("data") or layer.get("data")
    rows = data["values"] if "values" in data else chart["datasets"][data["name"]]
    # no zero is drawn for 2024-Q2, and the two quarters with data are separate runs of the line
    assert [(r["period"], r["value"], r["segment"]) for r in rows] == [("2024-Q1", 2.0, 1), ("2024-Q3", 1.0, 2)]
    assert any("no data for 2024-Q2" in line for line in chart["title"]["subtitle"])


def test_chart_text_is_at_least_14px(world, two_extracts):
    series = compute(world.partnership.pk, indicators=[_ind("concerns")])[0]
    svg = charts.render_svg(charts.spec(series), label="Chart")
    sizes = {int(s) for s in re.findall(r'font-size="(\d+)px"', svg)}
    assert sizes and min(sizes) >= 14


def test_percentage_limits_stay_between_0_and_100():
    # 10, 90, 10, 90, 10: mean 42, average moving range 80, so 42 -/+ 2.66 * 80 = -170.8 and 254.8
    indicator = Indicator(code="x_pct", name="X", unit=Indicator.Unit.PERCENT)
    periods = [period_of("quarter", d) for d in _quarter_starts(5)]
    from learnloop.dataset.computation import Figure

    series = Series(indicator, "", [Figure(p, v) for p, v in zip(periods, [10, 90, 10, 90, 10], strict=True)])
    apply_spc(series)
    point = series.figures[0].point
    assert (point.mean, point.lower, point.upper) == (pytest.approx(42.0), 0.0, 100.0)
    # a count keeps the rule's own limits
    unclamped = spc.evaluate([10, 90, 10, 90, 10])[0]
    assert (unclamped.lower, unclamped.upper) == (pytest.approx(-170.8), pytest.approx(254.8))


def test_clamping_the_limits_changes_no_rule():
    values = [100, 100, 100, 0, 100, 100, 100, 100, 100, 100, 100]
    assert [p.rules for p in spc.evaluate(values, bounds=(0, 100))] == [p.rules for p in spc.evaluate(values)]


def test_the_indicators_command_leaves_no_data_empty_with_its_status(world, two_extracts):
    out = io.StringIO()
    call_command("indicators", partnership="glen", period="quarter", format="csv", unsuppressed=True, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].endswith(",upper_limit,status")
    assert "cppm_review,2024-Q1,,,,,,,,no_data" in lines
    assert "concerns,2024-Q2,,,,,,,,no_data" in lines
    assert any(line.startswith("concerns,2024-Q1,2,2,,common_cause,") and line.endswith(",value") for line in lines)


def test_the_api_gives_each_figure_its_status(client, world, two_extracts):
    client.force_login(world.viewer)
    data = client.get("/api/p/glen/indicators/?indicator=cppm_review").json()
    results = data["results"] if isinstance(data, dict) and "results" in data else data
    assert {(r["period"], r["value"], r["status"]) for r in results} == {
        ("2024-Q1", None, "no_data"),
        ("2024-Q2", None, "no_data"),
        ("2024-Q3", None, "no_data"),
    }


def test_dashboard_says_no_data_not_common_cause(client, world, two_extracts):
    client.force_login(world.viewer)
    html = client.get(reverse("dataset:index", args=["glen"])).content.decode()
    panel = html.split('id="ind-cppm_review"', 1)[1].split("</section>", 1)[0]
    assert "No data" in panel and "Review CPPM" in panel
    assert "Common cause variation" not in panel and "<svg" not in panel
    concerns = html.split('id="ind-concerns"', 1)[1].split("</section>", 1)[0]
    assert "No data for 2024-Q2" in concerns


def test_no_trend_is_raised_from_a_series_with_no_data(client, world, two_extracts):
    from learnloop.dataset.selectors import emerging_trends

    assert all(t.indicator.code != "cppm_review" for t in emerging_trends(world.membership(world.viewer)))


def test_aggregate_returns_cover_only_their_quarters(world):
    from learnloop.dataset import aggregates
    from learnloop.dataset.tests.conftest import TODAY

    text = "indicator,period,breakdown,value,numerator,denominator\nconcerns,2025-Q1,,40,,\nconcerns,2025-Q3,,0,,\n"
    aggregates.aggregate_upload(
        partnership=world.partnership, stream=io.BytesIO(text.encode()), by=world.lead, today=TODAY
    )
    series = {s.indicator.code: s for s in compute(world.partnership.pk)}
    assert [(f.period.label, f.status) for f in series["concerns"].figures] == [
        ("2025-Q1", VALUE),
        ("2025-Q2", NO_DATA),  # no return entered
        ("2025-Q3", ZERO),  # a zero entered is a true zero
    ]
    assert not series["irds"].has_data


def test_the_import_page_names_the_event_types_the_extract_holds_none_of(client, world):
    item = load(world.partnership, extract(FIRST))
    assert len(item.warnings) == 1
    warning = item.warnings[0]
    for name in ("Investigation (investigation)", "Pre-birth CPPM (cppm_pre_birth)", "Initial CPPM", "Review CPPM"):
        assert name in warning
    for held in ("(concern)", "(ird)", "(registration)", "(deregistration)", "Core group"):
        assert held not in warning  # held, or needed by no indicator
    client.force_login(world.lead)
    page = client.get(reverse("dataset:import_detail", args=["glen", item.pk])).content.decode()
    assert "holds no Investigation (investigation)" in page


def test_a_complete_extract_has_no_such_warning(world):
    rows = [
        row(f"e{i}", "A", t, "2024-01-10", "investigation" if t == "ird" else "")
        for i, t in enumerate(
            ["concern", "ird", "investigation", "cppm_pre_birth", "cppm_initial", "cppm_review", "registration"]
        )
    ] + [row("e9", "A", "deregistration", "2024-02-10")]
    assert load(world.partnership, extract(rows)).warnings == []


def _ind(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def _quarter_starts(n: int):
    import datetime as dt

    return [dt.date(2024 + (q // 4), 3 * (q % 4) + 1, 1) for q in range(n)]
