"""Write every indicator figure of every partnership with data, one line a figure, to compare
two versions of the computation (value, numerator, denominator, status and SPC point).

    DATABASE_URL=... .venv/bin/python bench/indicator_figures.py --out before.txt   # old code
    DATABASE_URL=... .venv/bin/python bench/indicator_figures.py --out after.txt    # new code
    cmp before.txt after.txt

By default quarters and calendar years for the whole partnership, as the national view asks;
`--cached` reads the monthly facts kept in the shared cache (counting and keeping them first
where they are not). `--all` adds financial and statistics years and every breakdown. To run an older version, save
its `computation.py` (and what it imports that changed, such as `spc.py`) under other names in a
folder on PYTHONPATH and name it with `--module`. It also prints how many
figures it wrote and a SHA-256 of the file.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learnloop.settings")
django.setup()

from learnloop.dataset.computation import BREAKDOWNS, PERIOD_KINDS  # noqa: E402
from learnloop.partnership.models import Partnership  # noqa: E402


def line(pid: int, kind: str, breakdown: str, series, figure) -> str:  # noqa: ANN001
    point = figure.point
    spc = "-" if point is None else f"{point.value!r} {point.mean!r} {point.lower!r} {point.upper!r} "
    if point is not None:
        spc += f"{','.join(point.rules)} {point.label}"
    return (
        f"{pid} {kind} {breakdown or '-'} {series.indicator.code} {series.breakdown_value or '-'} "
        f"{figure.period.label} {figure.value!r} {figure.numerator!r} {figure.denominator!r} {figure.status} "
        f"{'/'.join(series.missing_event_types) or '-'} {spc}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="The file to write.")
    parser.add_argument("--all", action="store_true", help="Every period kind and every breakdown.")
    parser.add_argument("--cached", action="store_true", help="Through the monthly facts kept in the cache.")
    parser.add_argument(
        "--module",
        default="learnloop.dataset.computation",
        help="Where compute_many comes from: an older version saved under another name, on PYTHONPATH.",
    )
    args = parser.parse_args()
    compute_many = importlib.import_module(args.module).compute_many
    ids = sorted(Partnership.objects.values_list("pk", flat=True))  # with events, returns or nothing
    kinds = list(PERIOD_KINDS) if args.all else ["quarter", "year"]
    breakdowns = [None, *BREAKDOWNS] if args.all else [None]
    count = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for breakdown in breakdowns:
            found = compute_many(ids, kinds=kinds, breakdown=breakdown, **({"cached": True} if args.cached else {}))
            for pid in ids:
                for kind in kinds:
                    for series in found[pid][kind]:
                        for figure in series.figures:
                            out.write(line(pid, kind, breakdown, series, figure) + "\n")
                            count += 1
    digest = hashlib.sha256(Path(args.out).read_bytes()).hexdigest()
    print(f"{count:,} figures for {len(ids)} partnerships written to {args.out}; sha256 {digest}")


if __name__ == "__main__":
    main()
