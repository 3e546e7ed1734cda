"""CSV and Excel downloads of exactly what the user may see, each one audited."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
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


# An export of more rows than this is streamed (CSV) or written through a temporary file (Excel)
# rather than built whole in memory; smaller ones are sent in one piece.
STREAM_AFTER = 1000


def export_response(
    *,
    fmt: str,
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    partnership: Any,
    what: str,
    total: Callable[[], int] | None = None,
) -> HttpResponseBase:
    """The rows as a CSV or Excel download, recorded in the audit log.

    Rows are read lazily: the first STREAM_AFTER are read at once, and if there are more the CSV
    is streamed to the browser while the rest are read (it starts at once, in bounded memory),
    and the workbook is written row by row to a temporary file. `total` counts the rows of a
    streamed export for the audit entry (a query), where the caller can count them cheaply.
    """
    stamp = timezone.localdate().isoformat()
    cells = ([_cell(v) for v in row] for row in rows)
    first = list(itertools.islice(cells, STREAM_AFTER + 1))
    more = len(first) > STREAM_AFTER
    every = itertools.chain(first, cells)
    if fmt == "xlsx":
        response: HttpResponseBase = _workbook(headers, every, what, whole=not more)
        name = f"{filename}-{stamp}.xlsx"
    elif more:
        response = StreamingHttpResponse(_csv_lines(headers, every), content_type="text/csv; charset=utf-8")
        name = f"{filename}-{stamp}.csv"
    else:
        response = HttpResponse("".join(_csv_lines(headers, first)), content_type="text/csv; charset=utf-8")
        name = f"{filename}-{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    count = len(first) if not more else getattr(response, "rows_written", None)
    if count is None and total is not None:
        count = total()
    shown = f"{count}" if count is not None else f"more than {STREAM_AFTER}"
    audit.record(
        event=AuditEntry.Event.EXPORT,
        partnership=partnership,
        detail=f"Exported {shown} {what} as {fmt.upper()}",
    )
    return response


class _Line:
    """A file-like target for csv.writer that hands back each line written."""

    def write(self, text: str) -> str:
        return text


def _csv_lines(headers: Sequence[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(headers)
    for row in rows:
        yield writer.writerow([v.isoformat() if isinstance(v, dt.date) else v for v in row])


def _workbook(headers: Sequence[str], rows: Iterable[list[Any]], what: str, *, whole: bool) -> HttpResponse:
    """The workbook written row by row (openpyxl's write-only mode) to a temporary file, sent
    from the file (or in one piece, if `whole`, for a small one)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=what[:31])
    header = []
    for name in headers:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    written = 0
    for row in rows:
        sheet.append(row)
        written += 1
    out = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the response once sent)
    book.save(out)
    size = out.tell()
    out.seek(0)
    if whole:
        with out:
            response: HttpResponse = HttpResponse(out.read(), content_type=XLSX_TYPE)
    else:
        response = FileResponse(out, content_type=XLSX_TYPE)  # type: ignore[assignment]
        response["Content-Length"] = str(size)
    response.rows_written = written  # type: ignore[attr-defined]
    return response
