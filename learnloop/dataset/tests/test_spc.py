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


def _reference_points(values, lim, improvement):
    """The rules as first written, plainly, one list per rule: the fast version must agree."""
    n = len(values)
    sides = [spc._side(v, lim.mean) for v in values]
    outside = [lim.upper is not None and lim.lower is not None and (v > lim.upper or v < lim.lower) for v in values]
    close = [
        not outside[i]
        and lim.near_upper is not None
        and lim.near_lower is not None
        and (v > lim.near_upper or v < lim.near_lower)
        for i, v in enumerate(values)
    ]
    rules = [[] for _ in range(n)]
    for i in range(n):
        if outside[i]:
            rules[i].append(spc.RULE_OUTSIDE)
    for i in sorted(spc._runs(sides, spc.RUN_LENGTH)):
        rules[i].append(spc.RULE_SHIFT)
    for i in sorted(spc._trend(values, spc.RUN_LENGTH)):
        rules[i].append(spc.RULE_TREND)
    two_of_three = set()
    for i in range(n - 2):
        window = range(i, i + 3)
        if sides[i] != 0 and all(sides[j] == sides[i] for j in window):
            near = [j for j in window if close[j]]
            if len(near) >= 2:
                two_of_three.update(near)
    for i in sorted(two_of_three):
        rules[i].append(spc.RULE_TWO_OF_THREE)
    return [
        spc.Point(
            v, lim.mean, lim.lower, lim.upper, rules[i], spc._label(sides[i], improvement) if rules[i] else spc.COMMON
        )
        for i, v in enumerate(values)
    ]


@pytest.mark.parametrize("seed", range(40))
def test_fast_rules_agree_with_the_plain_ones(seed):
    import random

    rng = random.Random(seed)  # noqa: S311 (test data, not a secret)
    for _ in range(50):
        n = rng.choice([1, 2, 3, 5, 8, 12, 20, 40])
        shape = rng.choice(["noise", "steps", "trend", "flat", "percent"])
        if shape == "noise":
            values = [float(rng.randint(0, 30)) for _ in range(n)]
        elif shape == "steps":
            values = [float(rng.choice([5, 5, 6, 20]) + (10 if i > n // 2 else 0)) for i in range(n)]
        elif shape == "trend":
            values = [float(i + rng.choice([0, 0, 1, -3])) for i in range(n)]
        elif shape == "flat":
            values = [7.0] * n
        else:
            values = [round(rng.uniform(0, 100), 1) for _ in range(n)]
        bounds = (0.0, 100.0) if shape == "percent" else (None, None)
        improvement = rng.choice(["up", "down", "none"])
        lim = spc.limits(values, bounds=bounds)
        assert spc._segment_points(values, lim, improvement) == _reference_points(values, lim, improvement)
