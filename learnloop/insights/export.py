"""Findings as CSV: one row a finding, for the management command and the page's download."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from learnloop.insights.rules import Finding

COLUMNS = ["kind", "theme", "subject", "since", "detail", "evidence"]


def findings_csv(findings: Iterable[Finding]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in findings:
        writer.writerow([f.kind, f.theme, f.subject, f.since.isoformat(), f.detail, ";".join(f.references)])
    return out.getvalue()
