"""Benchmark: build each kind of report for the demo partnership and time each step.

    PSEUDONYMISATION_KEY=bench DATABASE_URL=sqlite:////tmp/ll_bench.sqlite3 .venv/bin/python bench/reports.py [--runs 3]

Uses the database named by DATABASE_URL; seeds the demo partnership there first if it is missing
(`manage.py migrate` must have run). Prints, per kind, the median seconds to build the content
(every section's queries and charts), and to render the PDF and the Word document. Not run by CI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learnloop.settings")

import django  # noqa: E402

django.setup()
logging.getLogger("weasyprint").setLevel(logging.WARNING)

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from learnloop.core.registry import report_kinds  # noqa: E402
from learnloop.partnership.models import Partnership  # noqa: E402
from learnloop.reports import building, render  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--partnership", default="demo")
    args = parser.parse_args()
    partnership = Partnership.objects.filter(slug=args.partnership).first()
    if partnership is None:
        call_command("seed_demo")
        partnership = Partnership.objects.get(slug=args.partnership)
    today = timezone.localdate()
    end = dt.date(today.year if today.month > 3 else today.year - 1, 3, 31)
    start = dt.date(end.year - 1, 4, 1)
    print(f"{partnership.name}, {start} to {end}, median of {args.runs} runs (seconds)")
    print(f"{'report':<26}{'build':>8}{'PDF':>8}{'Word':>8}{'total':>8}")
    for kind in report_kinds():
        times: dict[str, list[float]] = {"build": [], "pdf": [], "docx": []}
        for _ in range(args.runs):
            t0 = time.perf_counter()
            content = building.build(kind=kind.key, partnership=partnership, start=start, end=end, meeting=end)
            t1 = time.perf_counter()
            render.to_pdf(content)
            t2 = time.perf_counter()
            render.to_docx(content)
            t3 = time.perf_counter()
            times["build"].append(t1 - t0)
            times["pdf"].append(t2 - t1)
            times["docx"].append(t3 - t2)
        b, p, w = (statistics.median(times[k]) for k in ("build", "pdf", "docx"))
        print(f"{kind.title:<26}{b:>8.2f}{p:>8.2f}{w:>8.2f}{b + p + w:>8.2f}")


if __name__ == "__main__":
    main()
