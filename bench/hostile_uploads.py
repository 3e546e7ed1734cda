"""Benchmark: the worst files we can build, and how fast and small their refusal is.

    .venv/bin/python bench/hostile_uploads.py [--cases wide,empty_rows] [--timeout 120] [--memory-gb 4]

Builds each hostile file in memory (a 1,000,000-column header, a workbook of a million empty
rows with and without a declared size, a workbook and a ZIP that unpack a thousand to one, a
line of 50 million characters, a quote left open over 50 MB), then hands it to the importers'
readers (the dataset's `read_table`, the voice, workforce and website statistics readers) and
prints how long each took to refuse it, the peak Python allocation (tracemalloc) and the
process's peak resident memory. Each case runs in its own process, capped at `--memory-gb` of
address space and `--timeout` seconds, so the old code can be measured too without taking the
machine down. Needs no database. Not run by CI.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learnloop.settings")
os.environ.setdefault("DEBUG", "1")

HEADER = ["record_id", "child_id", "event_type", "event_date"]


def build(case: str) -> tuple[str, bytes]:
    from learnloop.core.tests import hostile_files as hostile

    if case == "wide":
        return "dataset", hostile.wide_csv(1_000_000)
    if case == "empty_rows":
        return "dataset", hostile.xlsx([HEADER], empty_rows=1_000_000)
    if case == "empty_rows_declared":
        return "dataset", hostile.xlsx([HEADER], empty_rows=1_000_000, dimension="A1:D1000001")
    if case == "voice_empty_rows":
        return "voice", hostile.xlsx([["Date sent", "Statement", "Statement ID"]], empty_rows=1_000_000)
    if case == "workforce_wide":
        return "workforce", hostile.wide_csv(1_000_000)
    if case == "workbook_bomb":
        return "dataset", hostile.workbook_bomb(2048)
    if case == "zip_bomb":
        return "reach", hostile.zip_bomb(2048)
    if case == "long_line":
        return "dataset", hostile.long_line_csv(length=50_000_000)
    if case == "huge_cell":
        return "dataset", hostile.huge_cell_csv(length=50_000_000)
    raise SystemExit(f"No case {case}")


CASES = [
    "wide",
    "empty_rows",
    "empty_rows_declared",
    "voice_empty_rows",
    "workforce_wide",
    "workbook_bomb",
    "zip_bomb",
    "long_line",
    "huge_cell",
]


def read(source: str, data: bytes) -> str:
    """Hand the file to the source's reader the way its importer does; what came of it."""
    if source == "dataset":
        from learnloop.dataset import extract

        try:
            header, rows = extract.read_table(io.BytesIO(data))
            count = sum(1 for _ in rows)
        except extract.ExtractError as error:
            return f"refused: {error}"
        return f"read {len(header):,} columns, {count:,} rows"
    if source == "voice":
        from learnloop.voice.importers.reading import UnreadableFile, read_table

        try:
            table = read_table(data, "export.xlsx")
        except UnreadableFile as error:
            return f"refused: {error}"
        return f"read {len(table.headers):,} columns, {len(table.rows):,} rows"
    if source == "workforce":
        from learnloop.workforce import surveys

        try:
            survey = surveys.read(surveys.KOBO, data)
        except surveys.SurveyFileError as error:
            return f"refused: {error}"
        return f"read {len(survey.questions):,} questions"
    if source == "reach":
        from learnloop.reach import parsers

        stats = parsers.read("plausible", data, "export.zip")
        return f"refused: {stats.errors[0]}" if stats.errors else f"read {stats.rows_read:,} rows"
    raise SystemExit(source)


def run_one(case: str) -> None:
    import django

    django.setup()
    import openpyxl  # noqa: F401 (imported once per server process, not timed here)

    source, data = build(case)
    read(source, b"a,b\n1,2\n")  # every reader's modules imported before the clock starts
    tracemalloc.start()
    start = time.perf_counter()
    outcome = read(source, data)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    print(
        json.dumps(
            {
                "case": case,
                "source": source,
                "size_mb": len(data) / 1e6,
                "seconds": seconds,
                "traced_mb": peak / 1e6,
                "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "outcome": outcome,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--memory-gb", type=float, default=4)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        limit = int(args.memory_gb * 1024**3)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        run_one(args.one)
        return
    print(f"{'case':<22}{'file':>9}{'seconds':>10}{'traced':>10}{'peak RSS':>10}  outcome")
    for case in args.cases.split(","):
        command = [sys.executable, __file__, "--one", case, "--memory-gb", str(args.memory_gb)]
        try:
            done = subprocess.run(  # noqa: S603 (this script, with a case name from its own list)
                command, capture_output=True, text=True, timeout=args.timeout, check=False
            )
        except subprocess.TimeoutExpired:
            print(f"{case:<22}{'':>9}{'>' + str(int(args.timeout)):>10}{'':>10}{'':>10}  still reading: stopped")
            continue
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if not lines:
            tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
            print(f"{case:<22}{'':>9}{'':>10}{'':>10}{'':>10}  failed: {tail[:100]}")
            continue
        r = json.loads(lines[-1])
        print(
            f"{case:<22}{r['size_mb']:>7.1f}MB{r['seconds']:>9.3f}s{r['traced_mb']:>8.1f}MB{r['rss_mb']:>8.0f}MB"
            f"  {r['outcome'][:110]}"
        )


if __name__ == "__main__":
    main()
