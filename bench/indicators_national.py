"""Benchmark: every indicator for the 30 partnerships of `dataset_import.py`, quarters and years.

    DATABASE_URL=... .venv/bin/python bench/indicators_national.py [--runs 3] [--profile]

Run after `dataset_import.py` has loaded the partnerships `bench-01` to `bench-30`. Times
`compute_many(ids, kinds=["quarter", "year"])` with `time.perf_counter()`: cold (the monthly
facts counted from the events, as on the first view after an import) and from the monthly
facts kept in the shared cache (`cached=True`, as after the background warming); prints each
run, the median wall time and the median CPU time of this process (less moved by other
processes' load than the wall time; the database's own time is not in it), and the load
average (the machine may be shared). `--module` times an older version saved under another
name on PYTHONPATH; `--kept-only` skips the cold runs.
`--profile` prints cProfile's top functions for one run of each.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
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

from learnloop.partnership.models import Partnership  # noqa: E402

KINDS = ["quarter", "year"]


def load() -> str:
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


def timed(compute_many, ids: list[int], cached: bool) -> tuple[float, float, int]:  # noqa: ANN001
    started, cpu = time.perf_counter(), time.process_time()
    found = compute_many(ids, kinds=KINDS, cached=cached)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    figures = sum(len(s.figures) for by_kind in found.values() for series in by_kind.values() for s in series)
    return seconds, cpu, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--kept-only", action="store_true", help="Only from the kept facts.")
    parser.add_argument(
        "--module",
        default="learnloop.dataset.computation",
        help="Where compute_many comes from: an older version saved under another name, on PYTHONPATH.",
    )
    args = parser.parse_args()
    compute_many = importlib.import_module(args.module).compute_many
    ids = list(Partnership.objects.filter(slug__regex=r"^bench-[0-9]+$").order_by("slug").values_list("pk", flat=True))
    print(f"{len(ids)} partnerships; load average {load()}")
    compute_many(ids[:1], kinds=KINDS)  # connections, indicators and code loaded once, untimed
    for cached in (True,) if args.kept_only else (False, True):
        if cached:
            compute_many(ids, kinds=KINDS, cached=True)  # keep the facts, as the warming would
        runs, cpus = [], []
        for _ in range(args.runs):
            seconds, cpu, figures = timed(compute_many, ids, cached)
            runs.append(seconds)
            cpus.append(cpu)
        name = "from kept facts" if cached else "cold (facts counted from the events)"
        print(
            f"{name}: {figures:,} figures; runs {', '.join(f'{s:.2f}' for s in runs)} s; "
            f"median {statistics.median(runs):.2f} s (this process's CPU: median {statistics.median(cpus):.2f} s); "
            f"load average {load()}"
        )
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            compute_many(ids, kinds=KINDS, cached=cached)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
