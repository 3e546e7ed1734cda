"""The verdict rules at their edges, with figures worked out by hand (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from learnloop.audits.impact_evidence import finding as reaudit_finding
from learnloop.core.registry import IMPROVED, NO_CHANGE, TOO_EARLY, WORSE, EvidenceReading
from learnloop.dataset import spc
from learnloop.dataset.computation import Figure, Period
from learnloop.dataset.impact_evidence import finding as indicator_finding
from learnloop.dataset.models import Indicator
from learnloop.impact.checks import AGREES, CONTRADICTED, NOT_CHECKED, check
from learnloop.workforce.impact_evidence import finding as confidence_finding


def _quarter(label: str, month: int) -> Period:
    return Period("quarter", label, dt.date(2025, month, 1), dt.date(2025, month + 2, 28))


def _figure(label: str, month: int, value: float | None, label_spc: str = spc.COMMON, status: str = "") -> Figure:
    figure = Figure(_quarter(label, month), value, numerator=10, denominator=20, status=status)
    if value is not None:
        figure.point = spc.Point(value, 80.0, 60.0, 100.0, rules=[spc.RULE_OUTSIDE], label=label_spc)
    return figure


UP = Indicator(code="x", name="X", unit=Indicator.Unit.PERCENT, improvement="up")
NONE = Indicator(code="y", name="Y", unit=Indicator.Unit.PERCENT, improvement="none")


def test_indicator_improves_only_with_a_special_cause_on_the_good_side_and_a_better_figure():
    before = _figure("2025-Q1", 1, 71.0)
    assert indicator_finding(UP, before, _figure("2025-Q3", 7, 99.0, spc.IMPROVEMENT))[0] == IMPROVED
    # A special cause of improvement, but no better than before: no change the data can show.
    assert indicator_finding(UP, before, _figure("2025-Q3", 7, 71.0, spc.IMPROVEMENT))[0] == NO_CHANGE
    # Better than before but within common cause variation: no change.
    assert indicator_finding(UP, before, _figure("2025-Q3", 7, 88.0, spc.COMMON))[0] == NO_CHANGE


def test_indicator_worse_is_a_special_cause_of_concern_below_the_before_figure():
    before = _figure("2025-Q2", 4, 87.1)
    result, reason = indicator_finding(UP, before, _figure("2025-Q4", 10, 47.8, spc.CONCERN))
    assert result == WORSE
    assert reason.startswith("87.1% in 2025-Q2 to 47.8% in 2025-Q4: 2025-Q4 is a special cause of concern")
    assert indicator_finding(UP, before, _figure("2025-Q4", 10, 87.1, spc.CONCERN))[0] == NO_CHANGE


def test_indicator_too_early_without_both_figures_or_with_periods_out_of_order():
    before = _figure("2025-Q1", 1, 71.0)
    suppressed = _figure("2025-Q3", 7, None, status="suppressed")
    suppressed.withhold()
    result, reason = indicator_finding(UP, before, suppressed)
    assert result == TOO_EARLY and "withheld as a small number" in reason
    assert indicator_finding(UP, _figure("2025-Q1", 1, None, status="no_data"), before)[0] == TOO_EARLY
    assert indicator_finding(UP, before, None)[0] == TOO_EARLY
    assert indicator_finding(UP, _figure("2025-Q3", 7, 90.0), before)[0] == TOO_EARLY


def test_an_indicator_with_no_good_direction_never_improves():
    before = _figure("2025-Q1", 1, 10.0)
    assert indicator_finding(NONE, before, _figure("2025-Q3", 7, 50.0, spc.NEUTRAL_HIGH))[0] == NO_CHANGE


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (50.0, 60.0, IMPROVED),  # exactly the 10-point margin
        (50.0, 59.9, NO_CHANGE),
        (50.0, 40.1, NO_CHANGE),
        (50.0, 40.0, WORSE),  # exactly the margin, downwards
        (None, 80.0, TOO_EARLY),
        (26.2, None, TOO_EARLY),
        (26.2, 78.8, IMPROVED),  # the demo's re-audit: 21 of 80 to 63 of 80 answers
    ],
)
def test_reaudit_margin_edges(before, after, expected):
    assert reaudit_finding(before, after)[0] == expected


@pytest.mark.parametrize(
    ("before", "after", "respondents", "expected"),
    [
        (3.0, 3.5, 5, IMPROVED),  # exactly 0.5
        (3.0, 3.44, 5, NO_CHANGE),  # shown as 3.4: +0.4
        (3.0, 3.45, 5, IMPROVED),  # shown as 3.5 (halves round up): +0.5
        (3.5, 3.0, 5, WORSE),
        (3.0, 4.5, 4, TOO_EARLY),  # fewer than 5 people
        (None, 4.0, 9, TOO_EARLY),
    ],
)
def test_confidence_margin_edges(before, after, respondents, expected):
    assert confidence_finding(before, after, respondents)[0] == expected


def _reading(finding: str | None, hidden: bool = False) -> EvidenceReading:
    return EvidenceReading(title="t", finding=finding, hidden=hidden)


def test_the_check_agrees_flags_or_says_it_cannot():
    assert check("improved", [_reading(IMPROVED), _reading(None)]).status == AGREES
    result = check("improved", [_reading(WORSE)])
    assert result.status == CONTRADICTED
    assert result.message == "The evaluation says improved; the linked figures show worse."
    mixed = check("improved", [_reading(IMPROVED), _reading(NO_CHANGE), _reading(WORSE)])
    assert mixed.message == "The evaluation says improved; the linked figures show improved, no change and worse."
    assert check("improved", [_reading(TOO_EARLY), _reading(None)]).status == NOT_CHECKED
    assert check("", [_reading(IMPROVED)]).status == NOT_CHECKED
    assert check("too_early", [_reading(IMPROVED)]).status == CONTRADICTED
    # Evidence the reader may not see does not count for them.
    assert check("improved", [_reading(WORSE, hidden=True)]).status == NOT_CHECKED


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ((2, 10), (7, 20), IMPROVED),  # 20% to 35%: exactly 15 points
        ((2, 10), (69, 200), NO_CHANGE),  # 20% to 34.5%
        ((7, 20), (2, 10), WORSE),  # 35% to 20%: exactly 15 points down
        ((1, 4), (9, 10), TOO_EARLY),  # fewer than 5 views before
        ((5, 5), (0, 4), TOO_EARLY),
    ],
)
def test_voice_margin_edges(before, after, expected):
    from learnloop.voice.impact_evidence import finding as voice_finding

    assert voice_finding(before, after)[0] == expected
