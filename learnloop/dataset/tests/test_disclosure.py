"""Small numbers of children are suppressed for everyone without a need to see them."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from learnloop.core.disclosure import NOTE
from learnloop.dataset.computation import SUPPRESSED, Figure, Period, Series
from learnloop.dataset.disclosure import suppress_series
from learnloop.dataset.models import Indicator
from learnloop.dataset.tests.conftest import extract, load

HEADER = ["record_id", "child_id", "event_type", "event_date", "disability"]
# Concerns by disability, worked out by hand:
#            yes  no  | all
# 2024-Q1     3   10  |  13   yes is small; 13 - 10 would give it away, so no goes too
# 2024-Q2     5   12  |  17   nothing is small (5 is shown)
# 2024-Q3     0    4  |   4   no is small, and so is the whole partnership's 4; yes is a true 0
PLAN = {"2024-01-15": {"yes": 3, "no": 10}, "2024-04-15": {"yes": 5, "no": 12}, "2024-07-15": {"yes": 0, "no": 4}}


def rows() -> list[list[str]]:
    out = []
    for day, counts in PLAN.items():
        for disability, n in counts.items():
            for _ in range(n):
                i = len(out) + 1
                out.append([f"r{i}", f"C{i}", "concern", day, disability])
    return out


@pytest.fixture
def loaded(world):
    item = load(world.partnership, extract(rows(), header=HEADER))
    assert item.status == "loaded", item.problems
    return item


def _period(label: str) -> Period:
    year, q = int(label[:4]), int(label[-1])
    return Period("quarter", label, dt.date(year, 3 * q - 2, 1), dt.date(year, 3 * q, 28))


def _percent(*pairs: tuple[int, int]) -> Series:
    indicator = Indicator(code="looked_after_at_registration_pct", name="Looked after", unit=Indicator.Unit.PERCENT)
    figures = [
        Figure(_period(f"{2020 + i}-Q1"), round(100 * n / d, 1) if d else None, numerator=n, denominator=d)
        for i, (n, d) in enumerate(pairs)
    ]
    return Series(indicator, "", figures)


def test_percentages_on_small_bases_are_suppressed_and_others_are_not():
    series = suppress_series([_percent((2, 20), (6, 10), (0, 4), (0, 12), (12, 12), (5, 12))])[0]
    assert [f.status for f in series.figures] == [SUPPRESSED, SUPPRESSED, SUPPRESSED, "zero", "value", "value"]
    assert series.figures[0].value is None and series.figures[0].numerator is None
    assert series.figures[0].denominator is None


def test_a_breakdown_is_suppressed_so_its_total_gives_nothing_away():
    count = Indicator(code="concerns", name="Concerns", unit=Indicator.Unit.COUNT)

    def series(key: str, *values: int) -> Series:
        return Series(
            count, key, [Figure(_period(f"2024-Q{i + 1}"), float(v), numerator=v) for i, v in enumerate(values)]
        )

    total = series("", 13, 17, 4)
    suppress_series([total])
    assert [f.status for f in total.figures] == ["value", "value", SUPPRESSED]
    yes, no = suppress_series([series("yes", 3, 5, 0), series("no", 10, 12, 4)], totals=[series("", 13, 17, 4)])
    assert [f.value if f.status != SUPPRESSED else "[c]" for f in yes.figures] == ["[c]", 5, 0]
    assert [f.value if f.status != SUPPRESSED else "[c]" for f in no.figures] == ["[c]", 12, "[c]"]


def _breakdown(response) -> dict[tuple[str, str], object]:
    return {
        (s.breakdown_value, f.period.label): ("[c]" if f.status == SUPPRESSED else f.value)
        for s in response.context["breakdown_series"]
        for f in s.figures
    }


HIDDEN = {("yes", "2024-Q1"): "[c]", ("no", "2024-Q1"): "[c]", ("no", "2024-Q3"): "[c]", ("yes", "2024-Q3"): 0.0}
SHOWN = {("yes", "2024-Q1"): 3.0, ("no", "2024-Q1"): 10.0, ("no", "2024-Q3"): 4.0, ("yes", "2024-Q3"): 0.0}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("viewer", HIDDEN),
        ("committee", HIDDEN),
        ("education_lead", HIDDEN),
        ("contributor", HIDDEN),
        ("lead", SHOWN),
        ("subgroup_member", SHOWN),  # in MISE
    ],
)
def test_the_indicator_page_shows_small_numbers_only_to_the_lead_officer_and_mise(client, world, loaded, who, expected):
    client.force_login(getattr(world, who))
    url = reverse("dataset:indicator", args=["glen", "concerns"]) + "?breakdown=disability"
    response = client.get(url)
    assert response.status_code == 200
    cells = _breakdown(response)
    assert {k: cells[k] for k in expected} == expected
    assert cells[("yes", "2024-Q2")] == 5.0
    page = response.content.decode()
    assert (NOTE in page) is (expected is HIDDEN)
    # The whole partnership's chart: 2024-Q3 (4 concerns) is not drawn for those who may not see it.
    latest = response.context["panel"].series.latest
    assert (latest.status == SUPPRESSED) is (expected is HIDDEN)
    if expected is HIDDEN:
        assert "Not drawn: 2024-Q3" in page


def test_another_partnership_gets_404(client, world, loaded):
    client.force_login(world.outsider)
    url = reverse("dataset:indicator", args=["glen", "concerns"]) + "?breakdown=disability&export=csv"
    assert client.get(url).status_code == 404


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_a_committee_members_download_is_suppressed(client, world, loaded):
    client.force_login(world.committee)
    url = reverse("dataset:indicator", args=["glen", "concerns"]) + "?breakdown=disability&export=csv"
    lines = _csv(client.get(url))
    cells = {(r[0], r[2]): r[3] for r in lines[1:] if len(r) > 3 and r[1] == "concerns"}
    assert cells[("yes", "2024-Q1")] == "[c]" and cells[("no", "2024-Q1")] == "[c]"
    assert cells[("yes", "2024-Q2")] == "5" and cells[("yes", "2024-Q3")] == "0"
    assert lines[-1][0] == NOTE
    # ...and the dashboard's, without a breakdown: 4 concerns in 2024-Q3.
    lines = _csv(client.get(reverse("dataset:index", args=["glen"]) + "?export=csv"))
    assert next(r for r in lines if r[:2] == ["concerns", "2024-Q3"])[:4] == ["concerns", "2024-Q3", "[c]", "[c]"]


def test_the_lead_officer_downloads_counts_or_a_suppressed_copy_to_share(client, world, loaded):
    client.force_login(world.lead)
    url = reverse("dataset:indicator", args=["glen", "concerns"]) + "?breakdown=disability&export=csv"
    cells = {(r[0], r[2]): r[3] for r in _csv(client.get(url))[1:] if len(r) > 3}
    assert cells[("yes", "2024-Q1")] == "3"
    cells = {(r[0], r[2]): r[3] for r in _csv(client.get(url + "&shared=1"))[1:] if len(r) > 3}
    assert cells[("yes", "2024-Q1")] == "[c]"


@pytest.mark.parametrize(
    ("who", "hidden"), [("viewer", True), ("committee", True), ("lead", False), ("subgroup_member", False)]
)
def test_the_api_suppresses_small_numbers_for_all_but_the_lead_officer_and_mise(client, world, loaded, who, hidden):
    client.force_login(getattr(world, who))
    data = client.get(reverse("api:indicators", args=["glen"]) + "?indicator=concerns&breakdown=disability").json()
    cell = next(r for r in data if r["breakdown"] == "yes" and r["period"] == "2024-Q1")
    if hidden:
        assert (cell["value"], cell["numerator"], cell["status"]) == (None, None, "suppressed")
    else:
        assert (cell["value"], cell["status"]) == (3, "value")
    whole = client.get(reverse("api:indicators", args=["glen"]) + "?indicator=concerns").json()
    assert [r["status"] for r in whole] == ["value", "value", "suppressed" if hidden else "value"]


def test_the_api_gives_another_partnership_404(client, world, loaded):
    client.force_login(world.outsider)
    assert client.get(reverse("api:indicators", args=["glen"]) + "?breakdown=disability").status_code == 404


def test_the_indicators_command_suppresses_unless_told_not_to(world, loaded):
    out = io.StringIO()
    call_command("indicators", partnership="glen", stdout=out)
    lines = out.getvalue().splitlines()
    assert any(line.startswith("concerns,2024-Q3,[c],[c],[c],") and line.endswith(",suppressed") for line in lines)
    assert lines[-1] == f'"{NOTE}"' or lines[-1] == NOTE
    out = io.StringIO()
    call_command("indicators", partnership="glen", unsuppressed=True, stdout=out)
    assert any(line.startswith("concerns,2024-Q3,4,4,") for line in out.getvalue().splitlines())


def test_a_signal_turned_into_learning_carries_a_suppressed_chart(client, world):
    from learnloop.dataset.models import TrendSignal
    from learnloop.dataset.tests.test_views import signal_rows
    from learnloop.loop.models import LearningPoint

    load(world.partnership, extract(signal_rows()))  # twelve quarters of 2 concerns, then 20
    client.force_login(world.subgroup_member)  # MISE sees the 2s...
    client.post(reverse("dataset:trend_to_learning", args=["glen", "concerns", "2025-Q1"]))
    signal = TrendSignal.objects.get()
    # ...but the learning point is read beyond MISE: its table and chart keep only the 20.
    assert [r["status"] for r in signal.chart_rows] == [SUPPRESSED] * 12 + ["value"]
    assert all(r["value"] is None and r["numerator"] is None for r in signal.chart_rows[:12])
    assert "Not drawn: 2022-Q1" in signal.chart_svg
    lp = LearningPoint.objects.get()
    assert "(value 20;" in lp.description
    client.force_login(world.viewer)
    page = client.get(lp.get_absolute_url()).content.decode()
    assert NOTE in page and ">[c]<" in page
