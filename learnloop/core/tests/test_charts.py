"""Every server-rendered chart uses the shared readable text settings: nothing below 14px."""

from __future__ import annotations

import base64
import datetime as dt
import re
from types import SimpleNamespace


def _sizes(svg: str) -> set[int]:
    return {int(float(s)) for s in re.findall(r'font-size="([\d.]+)px"', svg)}


def test_reach_chart_text_is_at_least_14px():
    from learnloop.reach.charts import reach_chart

    rows = [SimpleNamespace(month=dt.date(2025, m, 1), pageviews=100 * m, visitors=40 * m) for m in range(1, 7)]
    uri = reach_chart(rows, [])
    svg = base64.b64decode(uri.split(",", 1)[1]).decode()
    assert _sizes(svg) and min(_sizes(svg)) >= 14


def test_audit_chart_text_is_at_least_14px():
    from learnloop.audits import charts

    question = SimpleNamespace(question=SimpleNamespace(reference="Q1", text="Was the plan clear?"), overall=None)
    question.overall = SimpleNamespace(share=0.6)
    results = SimpleNamespace(questions=lambda: [question])
    svg = charts.svg(charts.share_spec(results))  # type: ignore[arg-type]
    assert _sizes(svg) and min(_sizes(svg)) >= 14
