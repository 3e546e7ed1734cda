"""Computing the minimum dataset indicators (docs/guide-dataset.md) from the stored events.

The public face of three modules, which other apps import from here:

- `periods.py`: quarters and years, each a run of whole months;
- `facts.py`: each partnership's monthly facts, counted from the events (two GROUP BYs and one
  ordered pass over the children's events) and turned into running totals, optionally kept in
  the shared cache;
- `indicators.py`: figures and series for periods, each period's numerator and denominator one
  subtraction of the running totals, with the SPC rules applied (`compute`, `compute_many`).
"""

from __future__ import annotations

from learnloop.dataset.facts import (
    ALL,
    BREAKDOWNS,
    COUNT_TYPES,
    Facts,
    cached_facts,
    monthly_facts,
    monthly_facts_many,
)
from learnloop.dataset.indicators import (
    NEEDS,
    NO_DATA,
    NO_VALUE,
    STATUS_TEXT,
    SUPPRESSED,
    VALUE,
    ZERO,
    Figure,
    Series,
    _round,
    apply_spc,
    compute,
    compute_many,
    needs,
    no_data,
)
from learnloop.dataset.periods import (
    PERIOD_KINDS,
    Month,
    Period,
    add_months,
    month_end,
    months_of,
    period_of,
    periods_between,
)

__all__ = [
    "ALL",
    "BREAKDOWNS",
    "COUNT_TYPES",
    "NEEDS",
    "NO_DATA",
    "NO_VALUE",
    "PERIOD_KINDS",
    "STATUS_TEXT",
    "SUPPRESSED",
    "VALUE",
    "ZERO",
    "Facts",
    "Figure",
    "Month",
    "Period",
    "Series",
    "_round",
    "add_months",
    "apply_spc",
    "cached_facts",
    "compute",
    "compute_many",
    "month_end",
    "monthly_facts",
    "monthly_facts_many",
    "months_of",
    "needs",
    "no_data",
    "period_of",
    "periods_between",
]
