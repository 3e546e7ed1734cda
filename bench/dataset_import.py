"""Benchmark: import a synthetic national child-journey extract and compute the indicators.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ll_bench .venv/bin/python bench/dataset_import.py [--scale 1]

Generates 30 partnerships x 10 years of fictional events (about 1,000,000 at --scale 1; the
default 0.02 is a quick try), imports each partnership's file through the same code path as an
upload (stage, check every row, load), then computes every indicator for one partnership and
for all. Prints rows per second, seconds and peak memory and, on PostgreSQL, the time COPY
takes to load the same rows into a plain table (the floor). Not run by CI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learnloop.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

from learnloop.dataset import synthetic  # noqa: E402
from learnloop.dataset.computation import compute, compute_many  # noqa: E402
from learnloop.dataset.importer import journey_import_create, journey_import_run  # noqa: E402
from learnloop.dataset.models import JourneyEvent  # noqa: E402
from learnloop.partnership.models import Partnership  # noqa: E402
from learnloop.partnership.services import partnership_create  # noqa: E402

PARTNERSHIPS = 30
YEARS = 10
START = dt.date(2015, 1, 1)
# About 2.9 events a child: 1,150 children a year per partnership gives ~1,000,000 events.
CHILDREN_PER_YEAR = 1150


def peak_mb() -> float:
    """The largest resident set of this process or of any worker it ran."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, workers) / 1024


def empty_partnerships(prefix: str) -> list[Partnership]:
    partnerships = []
    for n in range(1, PARTNERSHIPS + 1):
        slug = f"{prefix}-{n:02d}"
        p = Partnership.objects.filter(slug=slug).first() or partnership_create(
            slug=slug, name=f"Benchmark partnership {prefix} {n}", with_default_agencies=False
        )
        JourneyEvent.objects.filter(partnership=p).delete()
        partnerships.append(p)
    return partnerships


def import_files(jobs: list[tuple[int, str]]) -> int:
    """Import each (partnership id, file) as an upload does: stage, then check and load."""
    loaded = 0
    for partnership_id, path in jobs:
        partnership = Partnership.objects.get(pk=partnership_id)
        with open(path, "rb") as handle:
            item = journey_import_create(partnership=partnership, stream=handle, filename=Path(path).name)
        item = journey_import_run(journey_import=item, today=dt.date(2026, 1, 1))
        assert item.status == "loaded", item.problems[:5]
        loaded += item.rows_loaded
    connection.close()
    return loaded


def ready(_: int) -> int:
    time.sleep(0.2)
    return os.getpid()


def run_imports(jobs: list[tuple[int, str]], workers: int) -> tuple[int, float]:
    """(rows loaded, seconds) importing one file after another, or sharing the files between
    worker processes that are already running (as a deployment's task workers would be)."""
    if workers == 1:
        t = time.perf_counter()
        return import_files(jobs), time.perf_counter() - t
    connections.close_all()  # each worker opens its own (spawned: Polars threads do not survive a fork)
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        pool.map(ready, range(workers), chunksize=1)
        t = time.perf_counter()
        loaded = sum(pool.map(import_files, [jobs[i::workers] for i in range(workers)], chunksize=1))
        return loaded, time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=0.02, help="1 = about 1,000,000 events (default 0.02).")
    parser.add_argument(
        "--workers", type=int, default=2, help="Also import with this many worker processes (default 2; 1: only one)."
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    end = dt.date(START.year + YEARS - 1, 12, 31)
    per_year = max(1, round(CHILDREN_PER_YEAR * args.scale))
    workdir = Path(tempfile.mkdtemp(prefix="ll-bench-"))
    files = []
    started = time.perf_counter()
    for n in range(1, PARTNERSHIPS + 1):
        path = workdir / f"partnership-{n:02d}.csv"
        path.write_bytes(
            synthetic.extract_csv(
                prefix=f"B{n:02d}", start=START, end=end, children_per_year=per_year, seed=n, late_from=None
            )
        )
        files.append(path)
    rows = sum(sum(1 for _ in p.open("rb")) - 1 for p in files)
    print(
        f"Generated {rows:,} events in {len(files)} files in {time.perf_counter() - started:.1f} s ({connection.vendor})"
    )

    partnerships = empty_partnerships("bench")
    # A second set for the run with several workers, so neither run loads over the other's deletions.
    several = args.workers > 1 and connection.vendor == "postgresql"  # SQLite takes one writer at a time
    others = empty_partnerships("bench-w") if several else []

    copy_seconds = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_copy_floor")
            cursor.execute(
                "CREATE TABLE bench_copy_floor (record_id text, child_id text, event_type text, event_date text, "
                "birth_month text, sex text, disability text, ethnicity text, looked_after text, outcome text, "
                "concerns text)"
            )
            t = time.perf_counter()
            for path in files:
                with (
                    cursor.cursor.copy("COPY bench_copy_floor FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
                    path.open("rb") as handle,
                ):
                    while chunk := handle.read(1 << 20):
                        copy.write(chunk)
            copy_seconds = time.perf_counter() - t
            cursor.execute("DROP TABLE bench_copy_floor")
        print(f"COPY floor: {rows:,} rows in {copy_seconds:.2f} s ({rows / copy_seconds:,.0f} rows/s)")

    for workers, into in [(1, partnerships), (args.workers, others)]:
        if not into:
            continue
        jobs = [(p.pk, str(path)) for p, path in zip(into, files, strict=True)]
        loaded, import_seconds = run_imports(jobs, workers)
        print(
            f"Import, {workers} worker{'s' if workers > 1 else ''}: {loaded:,} rows in {import_seconds:.2f} s "
            f"({loaded / import_seconds:,.0f} rows/s)"
        )
        if copy_seconds:
            print(f"            {import_seconds / copy_seconds:.1f} x the COPY floor (target: within 5 x)")

    t = time.perf_counter()
    series = compute(partnerships[0].pk, kind="quarter")
    one = time.perf_counter() - t
    print(f"Indicators, one partnership, {YEARS} years by quarter: {len(series)} series in {one:.2f} s (target < 2 s)")
    ids = [p.pk for p in partnerships]
    t = time.perf_counter()
    compute_many(ids, kinds=["quarter", "year"])
    every = time.perf_counter() - t
    print(
        f"Indicators, all {len(partnerships)} partnerships, quarters and years, together, "
        f"counted from the events: {every:.2f} s"
    )
    compute_many(ids, kinds=["quarter", "year"], cached=True)  # keeps the monthly facts, as warm_charts does
    t = time.perf_counter()
    compute_many(ids, kinds=["quarter", "year"], cached=True)
    kept = time.perf_counter() - t
    print(
        f"            from the facts kept after each import (what a national view reads): {kept:.2f} s (target < 1 s)"
    )
    t = time.perf_counter()
    for p in partnerships:
        compute(p.pk, kind="quarter")
        compute(p.pk, kind="year")
    each = time.perf_counter() - t
    print(f"            the same one partnership and one kind at a time: {each:.2f} s")
    print(f"Peak memory (max RSS of a process): {peak_mb():,.0f} MB (target < 1024 MB)")
    for path in files:
        path.unlink()
    workdir.rmdir()


if __name__ == "__main__":
    main()
