"""Statistical process control: the XmR chart rules of NHS England's "Making Data Count".

Exactly as the NHS-R community's NHSRplotthedots package computes them (see docs in the
guide): mean and moving-range limits, then four special-cause rules, then a label.
Pure functions over a list of numbers; no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

LIMIT_FACTOR = 2.66
OUTLIER_MR_FACTOR = 3.267
RUN_LENGTH = 7
RELIABLE_POINTS = 12

COMMON = "common_cause"
IMPROVEMENT = "special_cause_improvement"
CONCERN = "special_cause_concern"
NEUTRAL_HIGH = "special_cause_neutral_high"
NEUTRAL_LOW = "special_cause_neutral_low"

NO_DATA = "no_data"
NO_DATA_TEXT = "No data"  # a series or period with nothing loaded: no limits, no label, no signal

LABEL_TEXT = {
    COMMON: "Common cause variation",
    IMPROVEMENT: "Special cause: improvement",
    CONCERN: "Special cause: concern",
    NEUTRAL_HIGH: "Special cause: unusually high",
    NEUTRAL_LOW: "Special cause: unusually low",
}

RULE_OUTSIDE = "outside_limits"
RULE_SHIFT = "shift"
RULE_TREND = "trend"
RULE_TWO_OF_THREE = "two_of_three"

RULE_TEXT = {
    RULE_OUTSIDE: "a point outside the process limits",
    RULE_SHIFT: "a run of 7 or more points on one side of the mean",
    RULE_TREND: "7 or more points rising or falling in a row",
    RULE_TWO_OF_THREE: "2 of 3 points close to a process limit",
}


@dataclass(frozen=True)
class Limits:
    mean: float
    amr: float | None
    lower: float | None
    upper: float | None
    near_lower: float | None
    near_upper: float | None


@dataclass
class Point:
    value: float
    mean: float
    lower: float | None
    upper: float | None
    rules: list[str] = field(default_factory=list)
    label: str = COMMON

    @property
    def is_special(self) -> bool:
        return self.label != COMMON


Bounds = tuple[float | None, float | None]


def _clamp(value: float, bounds: Bounds) -> float:
    low, high = bounds
    if low is not None and value < low:
        return low
    if high is not None and value > high:
        return high
    return value


def limits(values: Sequence[float], *, screen_outliers: bool = False, bounds: Bounds = (None, None)) -> Limits:
    """Mean, average moving range and process limits of one baseline.

    `bounds` are the values the measure can take (0 to 100 for a percentage): no process limit
    is drawn beyond them. No point can be beyond them either, and the tests are strict, so no
    rule changes (the near-limits stay as they are for the same reason).
    """
    if not values:
        raise ValueError("No points to compute limits from.")
    mean = sum(values) / len(values)
    ranges = [abs(values[i] - values[i - 1]) for i in range(1, len(values))]
    if not ranges:
        return Limits(mean, None, None, None, None, None)
    amr = sum(ranges) / len(ranges)
    if screen_outliers:
        kept = [r for r in ranges if r < OUTLIER_MR_FACTOR * amr]
        if kept:
            amr = sum(kept) / len(kept)
    near = 2 * LIMIT_FACTOR / 3 * amr
    return Limits(
        mean=mean,
        amr=amr,
        lower=_clamp(mean - LIMIT_FACTOR * amr, bounds),
        upper=_clamp(mean + LIMIT_FACTOR * amr, bounds),
        near_lower=mean - near,  # not clamped: a point at a bound can still be close to a limit
        near_upper=mean + near,
    )


def _side(value: float, mean: float) -> int:
    return (value > mean) - (value < mean)


def _runs(keys: Sequence[int], length: int) -> set[int]:
    """Indexes in runs of `length` or more equal, non-zero keys."""
    flagged: set[int] = set()
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start] or keys[i] == 0:
            if keys[start] != 0 and i - start >= length:
                flagged.update(range(start, i))
            start = i
    return flagged


def _trend(values: Sequence[float], length: int) -> set[int]:
    """Indexes in runs of `length` or more points, each strictly above (or below) the one before."""
    flagged: set[int] = set()
    for direction in (1, -1):
        start = 0
        for i in range(1, len(values) + 1):
            if i < len(values) and (values[i] - values[i - 1]) * direction > 0:
                continue
            if i - start >= length:
                flagged.update(range(start, i))
            start = i
    return flagged


def evaluate(
    values: Sequence[float],
    *,
    improvement: str = "none",
    fix_after: int | None = None,
    rebase_at: Sequence[int] = (),
    screen_outliers: bool = False,
    bounds: Bounds = (None, None),
) -> list[Point]:
    """Apply the XmR rules to one series (no gaps) and label every point.

    `improvement` is "up" (higher is better), "down" or "none". `fix_after=k` computes the
    limits from the first k points of each segment; `rebase_at` starts new segments;
    `bounds` keep the limits inside the values the measure can take.
    """
    values = [float(v) for v in values]
    points: list[Point] = []
    edges = [0, *sorted(i for i in rebase_at if 0 < i < len(values)), len(values)]
    for start, end in zip(edges, edges[1:], strict=False):
        segment = values[start:end]
        if not segment:
            continue
        baseline = segment[:fix_after] if fix_after else segment
        lim = limits(baseline, screen_outliers=screen_outliers, bounds=bounds)
        points.extend(_segment_points(segment, lim, improvement))
    return points


def _segment_points(values: list[float], lim: Limits, improvement: str) -> list[Point]:
    # Called for every series of every partnership of a national view, so written for speed:
    # each rule is one pass, and a segment with no point near a limit skips the 2-of-3 rule.
    n = len(values)
    mean, lower, upper = lim.mean, lim.lower, lim.upper
    sides = [(v > mean) - (v < mean) for v in values]
    flagged: dict[int, list[str]] = {}
    close: list[bool] = []
    if upper is not None and lower is not None:
        outside = [v > upper or v < lower for v in values]
        for i, out in enumerate(outside):
            if out:
                flagged[i] = [RULE_OUTSIDE]
        near_upper, near_lower = lim.near_upper, lim.near_lower
        if near_upper is not None and near_lower is not None:
            close = [not out and (v > near_upper or v < near_lower) for v, out in zip(values, outside, strict=True)]
    for i in sorted(_runs(sides, RUN_LENGTH)):
        flagged.setdefault(i, []).append(RULE_SHIFT)
    for i in sorted(_trend(values, RUN_LENGTH)):
        flagged.setdefault(i, []).append(RULE_TREND)
    if True in close:
        two_of_three: set[int] = set()
        for i in range(n - 2):
            side = sides[i]
            if side != 0 and sides[i + 1] == side and sides[i + 2] == side:
                near = [j for j in (i, i + 1, i + 2) if close[j]]
                if len(near) >= 2:
                    two_of_three.update(near)
        for i in sorted(two_of_three):
            flagged.setdefault(i, []).append(RULE_TWO_OF_THREE)
    points = []
    for i, v in enumerate(values):
        rules = flagged.get(i)
        if rules:
            points.append(Point(v, mean, lower, upper, rules, _label(sides[i], improvement)))
        else:
            points.append(Point(v, mean, lower, upper, [], COMMON))
    return points


def _label(side: int, improvement: str) -> str:
    if improvement == "up":
        return IMPROVEMENT if side > 0 else CONCERN
    if improvement == "down":
        return IMPROVEMENT if side < 0 else CONCERN
    return NEUTRAL_HIGH if side > 0 else NEUTRAL_LOW
