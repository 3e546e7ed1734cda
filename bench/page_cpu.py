"""Benchmark: each page's time and queries per request, one request at a time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ll_perfpages \\
        .venv/bin/python bench/page_cpu.py [--runs 15] [--roles lead,viewer] [--pages home,audit]
                                           [--profile "audit results"] [--top 40]

The quiet companion of `load.py`: where `load.py` drives 50 users at gunicorn, this requests
each of its pages through Django's test client with the settings production uses (DEBUG off,
the shared cache as configured, the cached template loader), signed in as each role of the demo
(`seed_demo` and `collectstatic` first, with the same `STATIC_ROOT`). Each page is requested a few times to warm the cache, then `--runs` times;
it prints the median wall-clock and the least CPU milliseconds per request and the number of queries,
beside the bare view (`/healthz`). `--profile` runs cProfile over the named page's requests and
prints the functions with the most time of their own and the most time under them.
Not run by CI.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learnloop.settings")
os.environ["DEBUG"] = "0"
os.environ.setdefault("TWO_FACTOR_REQUIRED", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECRET_KEY", "page-cpu-benchmark-key-not-for-serving-anything")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from load import PAGES, ROLES  # noqa: E402


def lookups() -> dict[str, str]:
    from learnloop.audits.models import Audit
    from learnloop.loop.models import LearningPoint

    lp = LearningPoint.objects.filter(partnership__slug="demo").order_by("number").first()
    audit = Audit.objects.filter(partnership__slug="demo", cases__isnull=False).order_by("number").first()
    return {"lp": str(lp.number if lp else 1), "audit": str(audit.number if audit else 1)}


def client_for(email: str) -> Client:
    from learnloop.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def measure(client: Client, path: str, runs: int, profiler: cProfile.Profile | None) -> tuple[float, float, int]:
    """Median wall-clock ms, least CPU ms and the number of queries of one request."""
    for _ in range(3):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    walls, cpus = [], []
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    # CaptureQueriesContext would lose them: each request empties the connection's log.
    with connection.execute_wrapper(count):
        client.get(path)
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        client.get(path)
        if profiler:
            profiler.disable()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    # The fastest CPU time: the least disturbed by other processes on a shared machine.
    return statistics.median(walls) * 1000, min(cpus) * 1000, len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--roles", default="lead,viewer")
    parser.add_argument("--pages", default="", help="comma-separated parts of page names (default: all)")
    parser.add_argument("--profile", default="", help="a page's name to profile")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()

    found = lookups()
    wanted = [p for p in PAGES if not args.pages or any(w in p for w in args.pages.split(","))]
    print("| page | role | median ms (wall) | least ms (CPU) | queries |")
    print("|---|---|---:|---:|---:|")
    bare = Client()
    wall, cpu, count = measure(bare, "/healthz", args.runs, None)
    print(f"| bare view (/healthz) | anyone | {wall:.1f} | {cpu:.1f} | {count} |")
    for role in args.roles.split(","):
        client = client_for(ROLES[role])
        for name in wanted:
            profiler = cProfile.Profile() if name == args.profile else None
            wall, cpu, count = measure(client, PAGES[name].format(**found), args.runs, profiler)
            print(f"| {name} | {role} | {wall:.1f} | {cpu:.1f} | {count} |", flush=True)
            if profiler:
                stats = pstats.Stats(profiler, stream=sys.stderr)
                stats.sort_stats("tottime").print_stats(args.top)
                stats.sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
