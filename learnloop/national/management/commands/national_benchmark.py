"""Print a national benchmark: every sharing partnership's figure for one indicator and year
against the national value, with the funnel plot limits and where it falls."""

from __future__ import annotations

import csv
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from learnloop.national import benchmarks, selectors


class Command(BaseCommand):
    help = "Print an indicator's national benchmark (funnel plot limits) for a year as CSV."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("indicator", help="The indicator's code, for example cppm_initial_within_28d_pct.")
        parser.add_argument("--year", type=int, required=True, help="The calendar year, for example 2025.")
        parser.add_argument("--format", choices=["csv"], default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["indicator"]
        indicator = next((i for i in selectors.shared_indicators() if i.code == code), None)
        if indicator is None:
            raise CommandError(
                f"Indicator {code!r}: no partnership shares it, or it is not a percentage or a rate per 1,000."
            )
        result = benchmarks.benchmark(indicator, options["year"])
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(benchmarks.CSV_COLUMNS)
        writer.writerows(benchmarks.csv_rows(result))
