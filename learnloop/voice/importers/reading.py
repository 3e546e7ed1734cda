"""Reading an export file into a header and rows, whatever its encoding or separator."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from learnloop.core import tables
from learnloop.ingest.reading import decode


class UnreadableFile(Exception):
    """The file is not a CSV or Excel export we can read; the message says why."""


@dataclass
class Table:
    headers: list[str]
    rows: list[dict[str, Any]]  # each row: header -> cell value (str, or date/datetime from Excel)
    first_row_number: int = 2  # the spreadsheet row number of rows[0] (the header is row 1)


def read_table(content: bytes, filename: str) -> Table:
    """The export's header and rows, read within the voice importer's limits (core.tables)."""
    if not content.strip():
        raise UnreadableFile("The file is empty.")
    name = f"the file “{filename}”" if filename else "the file"
    limits = tables.limits_for("voice")
    try:
        if content[:4] == b"PK\x03\x04":
            return _read_xlsx(content, limits, name)
        if filename.lower().endswith((".xls", ".xlsx")):
            raise UnreadableFile("The file is named as Excel but is not an Excel workbook (.xlsx). Export it again.")
        try:
            text = decode(content)
        except UnicodeDecodeError:
            raise UnreadableFile("The file is not text: export it as CSV (or Excel .xlsx).") from None
        if "\x00" in text:
            raise UnreadableFile("The file is not text: export it as CSV (or Excel .xlsx).")
        # KoboToolbox exports with ";" by default; LimeSurvey and spreadsheets with ",".
        table = tables.open_table(io.StringIO(text, newline=""), limits=limits, name=name)
        if not table.header and table.kind == "csv":
            raise UnreadableFile("The file is empty.")
        headers = [h.strip() for h in table.header]
        if len(headers) < 2:
            raise UnreadableFile("The file has fewer than two columns: is it a CSV export with a header row?")
        rows = []
        for _, line in table.rows:
            if not any(cell.strip() for cell in line):
                rows.append({})  # keep numbering true to the file; blank rows are passed over
                continue
            rows.append({h: (line[i] if i < len(line) else "") for i, h in enumerate(headers)})
        return Table(headers, rows)
    except tables.TableRefused as error:
        raise UnreadableFile(str(error)) from None


def _read_xlsx(content: bytes, limits: tables.Limits, name: str) -> Table:
    try:
        header, values = tables._xlsx_rows(io.BytesIO(content), limits=limits, name=name, cell=lambda v: v)
    except (tables.WorkbookError, zipfile.BadZipFile):
        raise UnreadableFile("The file is not an Excel workbook we can read. Export it as .xlsx or CSV.") from None
    if header is None:
        raise UnreadableFile("The workbook's first sheet is empty.")
    headers = [str(h).strip() if h is not None else "" for h in header]
    rows: list[dict[str, Any]] = []
    for _, line in values:
        if not any(c not in (None, "") for c in line):
            rows.append({})
            continue
        rows.append({h: _excel_cell(line[i] if i < len(line) else None) for i, h in enumerate(headers)})
    return Table(headers, rows)


def _excel_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
