"""Funnel limits against values worked out by hand for small cases."""

from __future__ import annotations

import math

import pytest

from learnloop.national import limits


def test_binomial_upper_limit_for_four_at_a_half() -> None:
    # F(3) = 15/16, F(4) = 1; r = 4; a = (1 - 0.975) / (1/16) = 0.4; limit = (4 - 0.4) / 4 = 0.9
    assert limits.binomial_limit(4, 0.5, 0.975) == pytest.approx(0.9)


def test_binomial_lower_limit_for_ten_at_a_half() -> None:
    # F(1) = 11/1024, F(2) = 56/1024; r = 2; a = (56 - 25.6) / 45; limit = (2 - a) / 10
    a = (56 / 1024 - 0.025) / (45 / 1024)
    assert limits.binomial_limit(10, 0.5, 0.025) == pytest.approx((2 - a) / 10)
    assert limits.binomial_limit(10, 0.5, 0.025) == pytest.approx(0.132444, abs=1e-6)


def test_binomial_limit_never_below_zero() -> None:
    # F(0) = 1/16 >= 0.025 at once: r = 0, a = 0.6, (0 - 0.6) / 4 < 0, shown as 0
    assert limits.binomial_limit(4, 0.5, 0.025) == 0.0


def test_binomial_upper_limit_for_ten_at_a_half() -> None:
    # F(7) = 968/1024, F(8) = 1013/1024; r = 8; a = (1013 - 998.4) / 45; limit = (8 - a) / 10.
    # The interpolation steps over [r - 1, r], so the limits mirror around (n - 1) / 2, not n / 2.
    a = (1013 - 998.4) / 45
    assert limits.binomial_limit(10, 0.5, 0.975) == pytest.approx((8 - a) / 10)
    lo, hi = limits.binomial_limit(10, 0.5, 0.025), limits.binomial_limit(10, 0.5, 0.975)
    assert 10 * (lo + hi) == pytest.approx(9.0)


def test_poisson_upper_limit_for_a_mean_of_two() -> None:
    # F(4) = 7e^-2, F(5) = F(4) + (4/15)e^-2; r = 5; a = (F(5) - 0.975) / ((4/15)e^-2)
    f4 = 7 * math.exp(-2)
    step = 4 / 15 * math.exp(-2)
    expected = 5 - (f4 + step - 0.975) / step
    assert limits.poisson_limit(2, 0.975) == pytest.approx(expected)
    assert limits.poisson_limit(2, 0.975) == pytest.approx(4.76624, abs=1e-4)


def test_poisson_lower_limit_for_a_mean_of_two() -> None:
    # F(0) = e^-2 = 0.1353 >= 0.025: r = 0, a = (0.1353 - 0.025) / 0.1353; limit < 0, so 0
    assert limits.poisson_limit(2, 0.025) == 0.0
    # mean 10: F(3) = 0.010336, F(4) = 0.029253; r = 4; a = (0.029253 - 0.025) / 0.018917
    f3 = sum(math.exp(-10) * 10**k / math.factorial(k) for k in range(4))
    f4 = f3 + math.exp(-10) * 10**4 / math.factorial(4)
    assert limits.poisson_limit(10, 0.025) == pytest.approx(4 - (f4 - 0.025) / (f4 - f3))


def test_rate_limits_scale_to_per_thousand() -> None:
    # 2 expected in 1,000 children at 2 per 1,000
    b = limits.rate_limits(1000, 2.0)
    assert b.upper_95 == pytest.approx(limits.poisson_limit(2, 0.975))
    assert b.lower_998 <= b.lower_95 < 2.0 < b.upper_95 <= b.upper_998


def test_positions() -> None:
    b = limits.percent_limits(10, 50)
    assert b.lower_95 == pytest.approx(13.2444, abs=1e-3)
    assert b.position(50) == limits.WITHIN
    assert b.position(95) == limits.ABOVE_998
    # 95 %: 13.24 to 76.76; 99.8 %: 0.02 to 89.98
    assert b.upper_95 == pytest.approx(76.7556, abs=1e-3)
    assert b.position(85) == limits.ABOVE_95
    assert b.position(10) == limits.BELOW_95
    assert b.position(0.01) == limits.BELOW_998
