"""The inspection evidence pack: one ZIP with the self-evaluation (PDF and Word), a CSV of each
kind of linked record, and a manifest saying what each file is.

The ZIP is written to a spooled temporary file (in memory up to SPOOL_BYTES, then on disk), so a
large pack never sits whole in memory, and is streamed from there. Every CSV holds only what the
reader may see, with the reader's disclosure control: linked records are read through each
source's own selector, and exported with the download columns of that source's list page
(learnloop.core.lists) where it has one.
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from importlib import import_module
from typing import IO, Any

from django.conf import settings
from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.core.disclosure import NOTE
from learnloop.core.exports import export_response
from learnloop.evaluation import documents
from learnloop.evaluation.access import can_see_small_numbers
from learnloop.evaluation.evidence import KINDS, EvidenceKind, describe

SPOOL_BYTES = 8 * 1024 * 1024


def _csv(headers: list[str], rows: Any, *, m: Membership, filename: str, what: str) -> bytes:
    """A CSV built by the shared export machinery (formula-safe cells, UTF-8 with a BOM); the
    export itself is audited there."""
    response = export_response(
        fmt="csv", filename=filename, headers=headers, rows=rows, partnership=m.partnership, what=what
    )
    return response.content


def _list_page_rows(kind: EvidenceKind, m: Membership, ids: list[int]) -> tuple[list[str], Any] | None:
    from learnloop.core.lists import LIST_PAGES

    import_module(settings.ROOT_URLCONF)  # the list pages are declared beside their views
    page = LIST_PAGES.get(kind.list_page or "")
    if page is None or page.form is not None:
        return None
    columns = page.export_columns(m)
    records = page.rows(m).filter(pk__in=ids)
    return [c.header for c in columns], ([c.value(r) for c in columns] for r in records)


def _number(value: float | None) -> float | int | None:
    """4.0 children is 4."""
    return int(value) if value is not None and float(value).is_integer() else value


def _indicator_rows(m: Membership, ids: list[int]) -> tuple[list[str], list[list[Any]]]:
    from learnloop.dataset.models import Indicator
    from learnloop.dataset.selectors import series_for

    indicators = list(KINDS["indicator"].visible(m).filter(pk__in=ids))
    headers = ["Indicator code", "Indicator", "Unit", "Quarter", "Value", "Numerator", "Denominator", "Status", "Trend"]
    rows: list[list[Any]] = []
    if not indicators:
        return headers, rows
    from learnloop.dataset.spc import LABEL_TEXT

    for series in series_for(m, kind="quarter", indicators=indicators, suppressed=not can_see_small_numbers(m)):
        indicator: Indicator = series.indicator
        for f in series.figures:
            trend = LABEL_TEXT.get(f.point.label, "") if f.point is not None else ""
            rows.append(
                [
                    indicator.code,
                    indicator.name,
                    indicator.get_unit_display(),
                    f.period.label,
                    _number(f.value),
                    f.numerator,
                    f.denominator,
                    f.status_text,
                    trend,
                ]
            )
    return headers, rows


def _described_rows(kind: EvidenceKind, m: Membership, ids: list[int]) -> tuple[list[str], list[list[Any]]]:
    suppressed = not can_see_small_numbers(m)
    headers = ["Reference", "Title", "What it shows", "Date", "Link"]
    rows = []
    for record in kind.visible(m).filter(pk__in=ids).order_by("pk"):
        d = describe(kind, record, m, suppressed=suppressed)
        rows.append([d.reference, d.title, d.summary, d.date, d.url])
    return headers, rows


def write_pack(data: dict[str, Any], m: Membership, out: IO[bytes]) -> list[dict[str, Any]]:
    """Write the pack for `data` (a self-evaluation's content) as `m` may see it; returns the manifest."""
    year = data["year"]
    stem = f"self-evaluation-{year}"
    manifest: list[dict[str, Any]] = []
    ids_by_kind: dict[str, set[int]] = {}
    for item in data["items"]:
        for e in item["evidence"]:
            ids_by_kind.setdefault(e["kind"], set()).add(e["record_id"])
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{stem}.pdf", documents.to_pdf(data))
        manifest.append({"file": f"{stem}.pdf", "what": f"{data['title']} (PDF)", "rows": ""})
        zf.writestr(f"{stem}.docx", documents.to_docx(data))
        manifest.append({"file": f"{stem}.docx", "what": f"{data['title']} (Word)", "rows": ""})
        for kind in sorted(KINDS.values(), key=lambda k: k.order):
            ids = sorted(ids_by_kind.get(kind.key, ()))
            if not ids:
                continue
            if kind.key == "indicator":
                headers, rows = _indicator_rows(m, ids)
            else:
                found = _list_page_rows(kind, m, ids)
                headers, rows = found if found is not None else _described_rows(kind, m, ids)
            rows = list(rows)
            name = f"evidence/{kind.key.replace('_', '-')}s.csv"
            zf.writestr(name, _csv(headers, rows, m=m, filename=kind.key, what=kind.label.lower()))
            manifest.append({"file": name, "what": kind.label, "rows": len(rows)})
        index = io.StringIO()
        writer = csv.writer(index)
        writer.writerow(["File", "What it holds", "Rows"])
        for entry in manifest:
            writer.writerow([entry["file"], entry["what"], entry["rows"]])
        zf.writestr("manifest.csv", "\ufeff" + index.getvalue())
        readme = [
            f"{data['partnership']}: inspection evidence pack for the self-evaluation {year}",
            documents.issue_text(data),
            f"Built {timezone.localtime():%-d %B %Y at %H:%M} for {m.user.email if m.user_id else 'LearnLoop'}.",
            "The self-evaluation is as issued (or the draft, if not issued); the CSV files hold the linked records as",
            "they are today, as the person who downloaded the pack may see them.",
            "",
            *(f"{e['file']}: {e['what']}" + (f" ({e['rows']} rows)" if e["rows"] != "" else "") for e in manifest),
            "",
            NOTE,
        ]
        zf.writestr("README.txt", "\n".join(readme) + "\n")
    return manifest


def build_pack(data: dict[str, Any], m: Membership) -> IO[bytes]:
    """The pack in a spooled temporary file, rewound and ready to stream."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (the response closes it)
    write_pack(data, m, spool)
    spool.seek(0)
    return spool
