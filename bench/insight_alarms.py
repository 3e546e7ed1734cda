"""Benchmark: how often the emerging-theme rule cries wolf, and how often it finds a real rise.

The rule (learnloop/insights/rules.py, `is_emerging`): a theme is emerging when its records in
the last two quarters number at least the minimum count, and an exact conditional Poisson test
of those two quarters against the eight before says a count that high would happen by chance at
most 5 times in 100 if the theme's rate had not changed.

This script simulates ten quarters of counts for one theme many times over:
- stable series: every quarter a Poisson count at the same rate (false alarms);
- planted rises: eight quarters at the usual rate, then two at twice the usual rate plus four
  more records a quarter (detections).
The rates cover those the themes of the demo partnership show (0.1 to 1.1 records a quarter,
printed by bench/insights.py) and go beyond them to four a quarter. Targets: false alarms at most 5 %, detection at least 90 %.

    .venv/bin/python bench/insight_alarms.py [--series 5000] [--min-count 4] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learnloop.settings")

from learnloop.insights.rules import EMERGING_P_VALUE, is_emerging  # noqa: E402

RATES = [0.1, 0.25, 0.5, 1.0, 2.0, 4.0]  # records of one theme a quarter (the demo: 0.1 to 1.1)


def planted(rate: float) -> float:
    """The rise a partnership would care about: twice the usual rate and four more a quarter."""
    return 2 * rate + 4


def run(series: int, min_count: int, seed: int) -> list[tuple[float, float, float]]:
    rng = np.random.default_rng(seed)
    rows = []
    for rate in RATES:
        baseline = rng.poisson(rate, size=(series, 8)).sum(axis=1)
        stable_recent = rng.poisson(rate, size=(series, 2)).sum(axis=1)
        rise_recent = rng.poisson(planted(rate), size=(series, 2)).sum(axis=1)
        alarms = sum(
            is_emerging(int(r), int(b), min_count=min_count) for r, b in zip(stable_recent, baseline, strict=True)
        )
        found = sum(
            is_emerging(int(r), int(b), min_count=min_count) for r, b in zip(rise_recent, baseline, strict=True)
        )
        rows.append((rate, alarms / series, found / series))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=5000)
    parser.add_argument("--min-count", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rows = run(args.series, args.min_count, args.seed)
    print(f"{args.series} series a rate; p-value {EMERGING_P_VALUE}; minimum count {args.min_count}")
    print("rate a quarter | false alarms (stable) | detected (rise to 2 x rate + 4)")
    worst_alarm = max(r[1] for r in rows)
    worst_found = min(r[2] for r in rows)
    for rate, alarm, found in rows:
        print(f"{rate:>14} | {alarm:>20.1%} | {found:>30.1%}")
    print(
        f"worst false-alarm rate {worst_alarm:.1%} (target at most 5 %): {'met' if worst_alarm <= 0.05 else 'NOT met'}"
    )
    print(
        f"worst detection rate {worst_found:.1%} (target at least 90 %): {'met' if worst_found >= 0.90 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
