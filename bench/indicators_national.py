"""Benchmark: every indicator for the 30 partnerships of `dataset_import.py`, quarters and years.

    DATABASE_URL=... .venv/bin/python bench/indicators_national.py [--runs 3] [--profile]

Run after `dataset_import.py` has loaded the partnerships `bench-01` to `bench-30`. Times
`compute_many(ids, kinds=["quarter", "year"])` with `time.perf_counter()`: cold (the monthly
facts counted from the events, as on the first view after an import) and from the monthly
facts kept in the shared cache (`cached=True`, as after the background warming); prints each
run, the median, and the load average before and after (the machine may be shared).
`--profile` prints cProfile's top functions for one run of each.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learnloop.settings")
django.setup()

from learnloop.dataset.computation import compute_many  # noqa: E402
from learnloop.partnership.models import Partnership  # noqa: E402

KINDS = ["quarter", "year"]


def load() -> str:
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


def timed(ids: list[int], cached: bool) -> tuple[float, int]:
    started = time.perf_counter()
    found = compute_many(ids, kinds=KINDS, cached=cached)
    seconds = time.perf_counter() - started
    figures = sum(len(s.figures) for by_kind in found.values() for series in by_kind.values() for s in series)
    return seconds, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    ids = list(Partnership.objects.filter(slug__regex=r"^bench-[0-9]+$").order_by("slug").values_list("pk", flat=True))
    print(f"{len(ids)} partnerships; load average {load()}")
    compute_many(ids[:1], kinds=KINDS)  # connections, indicators and code loaded once, untimed
    for cached in (False, True):
        if cached:
            compute_many(ids, kinds=KINDS, cached=True)  # keep the facts, as the warming would
        runs = []
        for _ in range(args.runs):
            seconds, figures = timed(ids, cached)
            runs.append(seconds)
        name = "from kept facts" if cached else "cold (facts counted from the events)"
        print(
            f"{name}: {figures:,} figures; runs {', '.join(f'{s:.2f}' for s in runs)} s; "
            f"median {statistics.median(runs):.2f} s; load average {load()}"
        )
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            compute_many(ids, kinds=KINDS, cached=cached)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
