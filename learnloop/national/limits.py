"""Exact funnel plot control limits, as public health analysts draw them.

A funnel plot puts each area's value against the size it rests on (the denominator of a
percentage, the population of a rate), with control limits around the national value that
narrow as the size grows. Following Spiegelhalter's method (Funnel plots for comparing
institutional performance, 2005), used in the public health observatories' funnel plot tools:

- the limit at probability q for a size n is the q-quantile of the count expected by chance
  (binomial with the national proportion for a percentage; Poisson with the national rate times
  the population for a rate), interpolated between whole counts so the funnel is smooth:
  r = the smallest count with F(r) >= q, a = (F(r) - q) / (F(r) - F(r - 1)), limit = (r - a) / n;
- 95 % limits use q = 0.025 and 0.975 (about two standard deviations), 99.8 % limits
  q = 0.001 and 0.999 (about three).

Pure Python, so nothing needs scipy: each CDF is summed term by term in log space, which is
exact enough (and quick) for the sizes a partnership has (up to some hundred thousand).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

Q95 = (0.025, 0.975)
Q998 = (0.001, 0.999)

ABOVE_998, ABOVE_95, WITHIN, BELOW_95, BELOW_998 = "above_998", "above_95", "within", "below_95", "below_998"
POSITION_TEXT = {
    ABOVE_998: "above the 99.8% limit",
    ABOVE_95: "above the 95% limit",
    WITHIN: "within the limits",
    BELOW_95: "below the 95% limit",
    BELOW_998: "below the 99.8% limit",
}


def _binomial_pmf(n: int, p: float) -> Callable[[int], float]:
    log_p, log_q = math.log(p), math.log1p(-p)
    base = math.lgamma(n + 1)
    return lambda r: math.exp(base - math.lgamma(r + 1) - math.lgamma(n - r + 1) + r * log_p + (n - r) * log_q)


def _poisson_pmf(mean: float) -> Callable[[int], float]:
    log_mean = math.log(mean)
    return lambda r: math.exp(r * log_mean - mean - math.lgamma(r + 1))


def _interpolated_quantile(pmf: Callable[[int], float], q: float, top: int | None) -> float:
    """r - a, where r is the smallest count with F(r) >= q and a interpolates within its step."""
    before = 0.0
    r = 0
    while True:
        step = pmf(r)
        after = before + step
        if after >= q or (top is not None and r >= top):
            if step <= 0:
                return float(r)
            a = (min(after, 1.0) - q) / step
            return r - max(0.0, min(a, 1.0))
        before = after
        r += 1


def binomial_limit(n: int, p: float, q: float) -> float:
    """The control limit (as a proportion, 0 to 1) for a denominator n around proportion p."""
    if n <= 0:
        raise ValueError("A percentage needs a denominator of at least 1.")
    if p <= 0:
        return 0.0
    if p >= 1:
        return 1.0
    count = _interpolated_quantile(_binomial_pmf(n, p), q, top=n)
    return min(max(count / n, 0.0), 1.0)


def poisson_limit(expected: float, q: float) -> float:
    """The control limit, as a count, for a count expected to be `expected` by chance."""
    if expected <= 0:
        return 0.0
    return max(_interpolated_quantile(_poisson_pmf(expected), q, top=None), 0.0)


@dataclass(frozen=True)
class Limits:
    lower_95: float
    upper_95: float
    lower_998: float
    upper_998: float

    def position(self, value: float) -> str:
        if value > self.upper_998:
            return ABOVE_998
        if value > self.upper_95:
            return ABOVE_95
        if value < self.lower_998:
            return BELOW_998
        if value < self.lower_95:
            return BELOW_95
        return WITHIN


def percent_limits(denominator: int, national_percent: float) -> Limits:
    """Limits in percent for a percentage resting on `denominator`, around the national percent."""
    p = national_percent / 100
    lo95, hi95 = (100 * binomial_limit(denominator, p, q) for q in Q95)
    lo998, hi998 = (100 * binomial_limit(denominator, p, q) for q in Q998)
    return Limits(lo95, hi95, lo998, hi998)


def rate_limits(population: int, national_rate: float, per: int = 1000) -> Limits:
    """Limits as a rate per `per` for an area of `population`, around the national rate."""
    if population <= 0:
        raise ValueError("A rate needs a population of at least 1.")
    expected = national_rate * population / per
    lo95, hi95 = (per * poisson_limit(expected, q) / population for q in Q95)
    lo998, hi998 = (per * poisson_limit(expected, q) / population for q in Q998)
    return Limits(lo95, hi95, lo998, hi998)
