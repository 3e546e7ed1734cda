"""The XmR rules against worked examples of the Making Data Count rules (docs/domain.md), each rule in isolation, and our own."""

from __future__ import annotations

import pytest

from learnloop.dataset import spc


def flagged(points, rule):
    return [i for i, p in enumerate(points) if rule in p.rules]


def test_limits_by_hand():
    # values 10, 12, 11, 13: mean 11.5; moving ranges 2, 1, 2 -> amr 5/3
    lim = spc.limits([10, 12, 11, 13])
    assert lim.mean == pytest.approx(11.5)
    assert lim.amr == pytest.approx(5 / 3)
    assert lim.upper == pytest.approx(11.5 + 2.66 * 5 / 3)
    assert lim.lower == pytest.approx(11.5 - 2.66 * 5 / 3)
    assert lim.near_upper == pytest.approx(11.5 + 2 * 2.66 / 3 * 5 / 3)


def test_outlier_screening_drops_large_moving_ranges():
    # ranges 1, 1, 1, 1, 20 -> amr 4.8; 20 >= 3.267 * 4.8 = 15.7 is dropped -> amr 1
    lim = spc.limits([0, 1, 0, 1, 0, 20], screen_outliers=True)
    assert lim.amr == pytest.approx(1.0)


def _shift_series(signs):
    # Points at +1 / -1 around a mean pulled to 0 by a long balancing tail far from the run.
    return [1 if s == "+" else -1 for s in signs]


def test_shift_rule_examples():
    # Mean is fixed from a baseline so that +1 is above and -1 below: 8 above then 1 below.
    values = [5] * 8 + [-5]
    points = spc.evaluate(values, fix_after=None)
    # mean = 35/9 = 3.9: eight points above, the last below
    assert flagged(points, spc.RULE_SHIFT) == list(range(8))
    seven = spc.evaluate([5] * 7 + [-5])
    assert flagged(seven, spc.RULE_SHIFT) == list(range(7))
    six = spc.evaluate([5] * 6 + [-5])
    assert flagged(six, spc.RULE_SHIFT) == []


def test_shift_is_broken_by_a_point_on_the_mean():
    # mean 0: three above, one exactly on the mean, four above, then balancing points below
    values = [1, 1, 1, 0, 1, 1, 1, 1, -7 / 1]
    mean = sum(values) / len(values)
    assert mean == 0
    assert flagged(spc.evaluate(values), spc.RULE_SHIFT) == []


def test_trend_rule_examples():
    assert flagged(spc.evaluate([1, 2, 3, 4, 5, 6, 7]), spc.RULE_TREND) == list(range(7))
    assert flagged(spc.evaluate([2, 1, 2, 3, 4, 5, 6, 7, 3]), spc.RULE_TREND) == list(range(1, 8))
    assert flagged(spc.evaluate([1, 2, 3, 3, 4, 5, 6]), spc.RULE_TREND) == []
    assert flagged(spc.evaluate([7, 6, 5, 4, 3, 2, 1]), spc.RULE_TREND) == list(range(7))


def test_two_of_three_examples():
    # All points above the mean of a fixed baseline; "close" points sit between near and upper limits.
    # Baseline 0, 1, 0, 1, ... (mean 0.5, amr 1): upper 3.16, near-upper 2.27.
    baseline = [0, 1] * 6
    close, far = 2.5, 0.6  # 2.5 is close to the upper limit; 0.6 is just above the mean
    pattern = [far, far, close, far, close, far, far]
    points = spc.evaluate(baseline + pattern, fix_after=12)
    offset = len(baseline)
    assert [i - offset for i in flagged(points, spc.RULE_TWO_OF_THREE)] == [2, 4]
    points = spc.evaluate(baseline + [close, far, far, close], fix_after=12)
    assert flagged(points, spc.RULE_TWO_OF_THREE) == []


def test_outside_limits_and_labels_follow_the_improvement_direction():
    values = [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 30]
    up = spc.evaluate(values, improvement="up")
    assert spc.RULE_OUTSIDE in up[-1].rules
    assert up[-1].label == spc.IMPROVEMENT
    assert spc.evaluate(values, improvement="down")[-1].label == spc.CONCERN
    assert spc.evaluate(values, improvement="none")[-1].label == spc.NEUTRAL_HIGH
    # the eleven points before it are all below the mean (12.67): a shift, a concern when up is better
    assert spc.RULE_SHIFT in up[0].rules and up[0].label == spc.CONCERN


def test_rebase_gives_each_segment_its_own_mean():
    points = spc.evaluate([1, 1, 1, 5, 5, 5], rebase_at=[3])
    assert points[0].mean == 1 and points[3].mean == 5


def test_a_single_point_has_no_limits():
    (point,) = spc.evaluate([4])
    assert point.upper is None and point.label == spc.COMMON
