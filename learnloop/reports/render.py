"""The one renderer: a report's content (building.py) as accessible HTML, a Word document and a
tagged A4 PDF, all from the same blocks. Charts are vector SVG with a text alternative; in Word
they are pictures (PNG) with the same alternative, followed by the table of their figures."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from django.template.loader import render_to_string

from learnloop.core.documents import WordDocument, render_pdf
from learnloop.core.reporting import Chart, Table, from_json


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _context(content: dict[str, Any]) -> dict[str, Any]:
    sections = []
    for section in content["sections"]:
        blocks = from_json(section["blocks"])
        for block in blocks:
            if isinstance(block, Chart):
                block.src = _data_uri(block.svg)  # type: ignore[attr-defined]
        paragraphs = [line.strip() for line in section["narrative"].splitlines() if line.strip()]
        sections.append({**section, "blocks": blocks, "paragraphs": paragraphs})
    return {"report": content, "sections": sections}


def to_html(content: dict[str, Any]) -> str:
    """The report's body for a page (no layout): headings from level 2 down."""
    return render_to_string("reports/_content.html", _context(content))


def to_pdf(content: dict[str, Any]) -> bytes:
    return render_pdf(
        "reports/pdf/report.html",
        {**_context(content), "printed": True},
        title=content["title"],
        partnership=content["partnership"],
        made=dt.date.fromisoformat(content["made"]),
    )


def _table(doc: WordDocument, table: Table) -> None:
    if table.rows:
        doc.table(table.headers, table.rows, caption=table.caption, numeric=table.numeric)
        if table.more:
            doc.paragraph_with_link(f"{table.more_text} {table.more_label}: ", table.more_url, table.more_url)
    else:
        doc.paragraph(f"{table.caption}: {table.empty}")


def _png(svg: str) -> bytes | None:
    """The chart as a picture for Word, drawn once per chart (keyed by the SVG's hash)."""
    import hashlib

    from django.core.cache import cache

    key = "chart-png:" + hashlib.sha256(svg.encode()).hexdigest()
    png = cache.get(key)
    if png is None:
        try:
            import vl_convert

            png = vl_convert.svg_to_png(svg, scale=1.5)
        except Exception:  # noqa: BLE001 (a chart that cannot be drawn falls back to its table)
            return None
        cache.set(key, png, 60 * 60 * 24)
    return png


def to_docx(content: dict[str, Any]) -> bytes:
    doc = WordDocument(
        title=content["title"],
        partnership=content["partnership"],
        made=dt.date.fromisoformat(content["made"]),
        subtitle=content["subtitle"],
    )
    for section in content["sections"]:
        doc.heading(section["title"], level=2)
        doc.paragraphs(section["narrative"])
        for block in from_json(section["blocks"]):
            if block.type == "heading":
                doc.heading(block.text, level=3)
            elif block.type == "paragraph":
                doc.paragraph(block.text)
            elif block.type == "bullets":
                doc.bullets(block.items)
            elif isinstance(block, Table):
                _table(doc, block)
            elif isinstance(block, Chart):
                png = _png(block.svg) if block.svg else None
                if png:
                    doc.image(png, alt=block.alt)
                else:
                    doc.paragraph(block.alt)
                if block.table is not None:
                    _table(doc, block.table)
    return doc.to_bytes()


def render_all(content: dict[str, Any]) -> tuple[str, bytes, bytes]:
    return to_html(content), to_docx(content), to_pdf(content)
