"""Benchmark: build each kind of report for a partnership and time each step.

    PSEUDONYMISATION_KEY=bench DATABASE_URL=sqlite:////tmp/ll_bench.sqlite3 .venv/bin/python bench/reports.py [--runs 3]
    PSEUDONYMISATION_KEY=bench DATABASE_URL=postgres://postgres@127.0.0.1:5432/ll_tenyear \
        .venv/bin/python bench/reports.py --partnership tenyear --from 2016-04-01 --to 2026-03-31 \
        --kinds framework-review,annual-report --cold

Uses the database named by DATABASE_URL; seeds the demo partnership there first if it is missing
(`manage.py migrate` must have run; bench/tenyear.py builds a partnership with ten years of
records). The period is the last financial year unless --from and --to are given; a committee
paper's meeting is the period's last day, and a self-evaluation is the one for the year the
period ends in, as `manage.py build_report` takes them. Prints, per kind, the median seconds to
build the content (every section's queries and charts) and to render the PDF and the Word
document, and how many charts were drawn (SVG from Vega-Lite, PNG for Word) in each run: after
the first run, with no change of data, that must be none. --cold empties the shared cache first,
so the first run draws every chart. Each step's CPU time in this process is printed under its
wall-clock time: on a shared, loaded machine it is close to what the step takes on an idle one
(PostgreSQL's own work runs in another process and is not in it). Not run by CI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learnloop.settings")

import django  # noqa: E402

django.setup()
logging.getLogger("weasyprint").setLevel(logging.WARNING)

import vl_convert  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from learnloop.core.registry import report_kinds  # noqa: E402
from learnloop.partnership.models import Partnership  # noqa: E402
from learnloop.reports import building, render  # noqa: E402

DRAWN: Counter[str] = Counter()


def _counted(name: str):  # type: ignore[no-untyped-def]
    """Wrap a vl_convert drawing function so every chart drawn is counted."""
    original = getattr(vl_convert, name)

    def drawing(*args, **kwargs):  # type: ignore[no-untyped-def]
        DRAWN[name] += 1
        return original(*args, **kwargs)

    setattr(vl_convert, name, drawing)


for _name in ("vegalite_to_svg", "vegalite_to_png", "svg_to_png"):
    _counted(_name)


def self_evaluation_steps(partnership, end):  # type: ignore[no-untyped-def]
    """The self-evaluation's own builder: the year the period ends in, its content built as the
    lead officer reads the draft (an issued version is read, not built), then each format."""
    from learnloop.accounts.models import Membership
    from learnloop.evaluation import content, documents
    from learnloop.evaluation.models import SelfEvaluation

    se = SelfEvaluation.objects.filter(partnership=partnership, year=end.year).first()
    if se is None:
        return None
    lead = Membership.objects.filter(partnership=partnership, role="lead_officer").select_related("partnership").first()

    def build():  # type: ignore[no-untyped-def]
        return content.build(se, lead)

    return build, lambda data: documents.render(data, "pdf"), lambda data: documents.render(data, "docx")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--partnership", default="demo")
    parser.add_argument("--from", dest="start", type=dt.date.fromisoformat)
    parser.add_argument("--to", dest="end", type=dt.date.fromisoformat)
    parser.add_argument("--kinds", default="", help="Comma-separated kinds (default: every kind).")
    parser.add_argument("--cold", action="store_true", help="Empty the shared cache first.")
    args = parser.parse_args()
    partnership = Partnership.objects.filter(slug=args.partnership).first()
    if partnership is None:
        call_command("seed_demo")
        partnership = Partnership.objects.get(slug=args.partnership)
    today = timezone.localdate()
    end = args.end or dt.date(today.year if today.month > 3 else today.year - 1, 3, 31)
    start = args.start or dt.date(end.year - 1, 4, 1)
    if args.cold:
        cache.clear()
    kinds = [k for k in report_kinds() if not args.kinds or k.key in args.kinds.split(",")]
    print(f"{partnership.name}, {start} to {end}, median of {args.runs} runs (seconds)")
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'report':<26}{'build':>8}{'PDF':>8}{'Word':>8}{'total':>8}   charts drawn in each run")
    for kind in kinds:
        if kind.build_file is not None:
            steps = self_evaluation_steps(partnership, end)
            if steps is None:
                print(f"{kind.title:<26}   (none for {end.year})")
                continue
            build, to_pdf, to_docx = steps
        else:

            def build(kind=kind):  # type: ignore[no-untyped-def]
                return building.build(kind=kind.key, partnership=partnership, start=start, end=end, meeting=end)

            to_pdf, to_docx = render.to_pdf, render.to_docx
        times: dict[str, list[float]] = {"build": [], "pdf": [], "docx": []}
        cpu: dict[str, list[float]] = {"build": [], "pdf": [], "docx": []}
        drawn = []
        for _ in range(args.runs):
            DRAWN.clear()
            t0, c0 = time.perf_counter(), time.process_time()
            content = build()
            t1, c1 = time.perf_counter(), time.process_time()
            to_pdf(content)
            t2, c2 = time.perf_counter(), time.process_time()
            to_docx(content)
            t3, c3 = time.perf_counter(), time.process_time()
            for key, wall, own in (("build", t1 - t0, c1 - c0), ("pdf", t2 - t1, c2 - c1), ("docx", t3 - t2, c3 - c2)):
                times[key].append(wall)
                cpu[key].append(own)
            drawn.append(sum(DRAWN.values()))
        b, p, w = (statistics.median(times[k]) for k in ("build", "pdf", "docx"))
        totals = [sum(x) for x in zip(times["build"], times["pdf"], times["docx"], strict=True)]
        cb, cp, cw = (statistics.median(cpu[k]) for k in ("build", "pdf", "docx"))
        cpu_totals = [sum(x) for x in zip(cpu["build"], cpu["pdf"], cpu["docx"], strict=True)]
        print(
            f"{kind.title:<26}{b:>8.2f}{p:>8.2f}{w:>8.2f}{statistics.median(totals):>8.2f}   {drawn}"
            f"   (totals {', '.join(f'{t:.2f}' for t in totals)})"
        )
        print(f"{'  CPU of this process':<26}{cb:>8.2f}{cp:>8.2f}{cw:>8.2f}{statistics.median(cpu_totals):>8.2f}")
        if args.runs > 1 and any(drawn[1:]):
            print(f"  !! {kind.title}: charts drawn again with no change of data: {drawn}")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
