"""CSV and Excel downloads of exactly what the user may see, each one audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from learnloop.core import audit
from learnloop.core.models import AuditEntry

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "|", "%")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: Any) -> Any:
    """Stop a cell being read as a formula by a spreadsheet (CSV and formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, int | float | dt.date):
        return value
    return neutralise(str(value))


def export_response(
    *,
    fmt: str,
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    partnership: Any,
    what: str,
) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    materialised = [[_cell(v) for v in row] for row in rows]
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        # Write-only mode streams rows instead of building every cell object first.
        book = Workbook(write_only=True)
        sheet = book.create_sheet(title=what[:31])
        header = []
        for name in headers:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        for row in materialised:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        name = f"{filename}-{stamp}.xlsx"
    else:
        buffer_text = io.StringIO()
        writer = csv.writer(buffer_text)
        writer.writerow(headers)
        for row in materialised:
            writer.writerow([v.isoformat() if isinstance(v, dt.date) else v for v in row])
        response = HttpResponse("\ufeff" + buffer_text.getvalue(), content_type="text/csv; charset=utf-8")
        name = f"{filename}-{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    audit.record(
        event=AuditEntry.Event.EXPORT,
        partnership=partnership,
        detail=f"Exported {len(materialised)} {what} as {fmt.upper()}",
    )
    return response
