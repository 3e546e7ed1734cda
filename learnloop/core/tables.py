"""Reading uploaded tables (CSV, TSV, XLSX and the CSV files in a ZIP) within limits.

Every importer turns bytes into rows here, so a hostile or broken file is refused before it
costs time or memory: too many columns or rows, a line or cell too long, a workbook or ZIP that
unpacks to far more than it weighs (a zip bomb). Each limit is checked as early as it can be:
the header's width from its first line, read with a bounded `readline`; a workbook's declared
size and its members' uncompressed sizes before any XML is parsed; rows as they stream, never a
whole sheet or file in a list. A refusal is `TableRefused`, whose message names the file and
the limit in plain English.

The limits are settings (`UPLOAD_LIMITS`: a "default" entry and one entry per source that
differs, see docs/operators.md); `limits_for(source)` gives them.

`open_table(file, limits=..., name=...)` is the way in: it returns a `Table`, the header and an
iterator of (row number, cells), for a CSV/TSV file (bytes, a binary or a text stream) or the
first sheet of an XLSX workbook. `csv_rows` reads lines already in hand; `zip_members` yields
the members of a ZIP archive, checked.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields, replace
from typing import IO, Any

from django.conf import settings

XLSX_MAGIC = b"PK\x03\x04"

# The defaults when settings say nothing (see docs/operators.md).
DEFAULT_LIMITS: dict[str, dict[str, int]] = {
    "default": {
        "max_columns": 200,
        "max_rows": 100_000,
        "max_cell_chars": 10_000,
        "max_line_chars": 1_000_000,
        "max_empty_rows": 10_000,
        "max_uncompressed_bytes": 100 * 1024 * 1024,
        "max_ratio": 100,
        "max_members": 100,
    },
    # National extracts are large: a year of events for a big partnership.
    "dataset": {"max_rows": 2_000_000, "max_uncompressed_bytes": 1024 * 1024 * 1024},
}


@dataclass(frozen=True)
class Limits:
    max_columns: int = 200
    max_rows: int = 100_000  # rows after the header
    max_cell_chars: int = 10_000
    max_line_chars: int = 1_000_000
    max_empty_rows: int = 10_000  # consecutive empty rows in a workbook
    max_uncompressed_bytes: int = 100 * 1024 * 1024  # all of a workbook's or ZIP's members, unpacked
    max_ratio: int = 100  # a member's unpacked size over its packed size
    max_members: int = 100  # files in a ZIP (a workbook has a dozen or so)

    def but(self, **changes: int) -> Limits:
        return replace(self, **changes)


def limits_for(source: str) -> Limits:
    """The limits for a source ("dataset", "aggregates", "voice", "workforce", "reach")."""
    configured = getattr(settings, "UPLOAD_LIMITS", None) or {}
    values: dict[str, int] = {}
    for layer in (DEFAULT_LIMITS["default"], DEFAULT_LIMITS.get(source, {})):
        values.update(layer)
    for layer in (configured.get("default", {}), configured.get(source, {})):
        values.update(layer)
    known = {f.name for f in fields(Limits)}
    return Limits(**{k: int(v) for k, v in values.items() if k in known})


class TableRefused(ValueError):
    """The file breaks a limit; the message says which, in words a user can act on."""


def _n(number: int) -> str:
    return f"{number:,}"


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[Any]]]  # (spreadsheet row number: the header is row 1, cells)
    kind: str  # "csv" or "xlsx"


# Text -------------------------------------------------------------------------------------------


def bounded_lines(text: IO[str], *, limits: Limits, name: str, first: int = 1) -> Iterator[str]:
    """The lines of a text stream, each read with a bounded readline: a line longer than the limit
    is refused before more of it is read."""
    number = first - 1
    while True:
        line = text.readline(limits.max_line_chars + 1)
        if not line:
            return
        number += 1
        if len(line) > limits.max_line_chars and not line.endswith(("\n", "\r")):
            if number == 1 and max(line.count(d) for d in ",;\t") >= limits.max_columns:
                raise _too_wide(0, limits, f"The header row of {name}", at_least=True)
            raise TableRefused(
                f"Line {_n(number)} of {name} is longer than {_n(limits.max_line_chars)} characters, the most "
                "LearnLoop reads. Check it is the right file, saved as CSV."
            )
        yield line


def _too_wide(count: int, limits: Limits, where: str, *, at_least: bool = False) -> TableRefused:
    more = "more than " if at_least else ""
    return TableRefused(
        f"{where} has {more}{_n(count if not at_least else limits.max_columns)} columns; LearnLoop reads at most "
        f"{_n(limits.max_columns)}. Check it is the right file."
    )


def _too_long(limits: Limits, name: str) -> TableRefused:
    return TableRefused(
        f"{name[:1].upper() + name[1:]} has more than {_n(limits.max_rows)} rows, the most LearnLoop reads from "
        "one file. Split it into smaller files, or check it is the right file."
    )


def _check_header_line(line: str, delimiter: str, limits: Limits, name: str) -> None:
    """Refuse a header with too many columns before the csv module splits it."""
    if line.count(delimiter) + 1 > limits.max_columns:
        # Quoted separators count too; only when the plain count is over is the line parsed.
        cells = next(csv.reader([line], delimiter=delimiter, strict=False), [])
        if len(cells) > limits.max_columns:
            raise _too_wide(len(cells), limits, f"The header row of {name}")


def csv_rows(
    lines: Iterable[str], *, limits: Limits, name: str, delimiter: str = ",", first: int = 1
) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of CSV lines, each row checked for width and its cells for length.

    A line longer than the limit, a row wider than the limit, a cell longer than the limit and
    more rows than the limit are refused. Rows are numbered from `first` (1 for the header).
    """
    source = iter(lines)
    header_line = next(source, None)
    if header_line is None:
        return
    if len(header_line) > limits.max_line_chars:
        if header_line.count(delimiter) >= limits.max_columns:
            raise _too_wide(0, limits, f"The header row of {name}", at_least=True)
        raise TableRefused(
            f"The first line of {name} is longer than {_n(limits.max_line_chars)} characters, the most "
            "LearnLoop reads. Check it is the right file, saved as CSV."
        )
    _check_header_line(header_line, delimiter, limits, name)

    def checked() -> Iterator[str]:
        yield header_line
        for number, line in enumerate(source, start=first + 1):
            if len(line) > limits.max_line_chars:
                raise TableRefused(
                    f"Line {_n(number)} of {name} is longer than {_n(limits.max_line_chars)} characters, the "
                    "most LearnLoop reads. Check it is the right file, saved as CSV."
                )
            yield line

    previous = csv.field_size_limit(limits.max_cell_chars)
    try:
        reader = csv.reader(checked(), delimiter=delimiter, strict=False)
        number = first - 1
        last = first + limits.max_rows
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                if "field larger than field limit" in str(error):
                    raise TableRefused(
                        f"Row {_n(number + 1)} of {name} has a cell longer than {_n(limits.max_cell_chars)} "
                        "characters, the most LearnLoop reads. Check the file's quotes are paired."
                    ) from None
                raise
            number += 1
            if number > last:
                raise _too_long(limits, name)
            if len(cells) > limits.max_columns:
                raise _too_wide(len(cells), limits, f"Row {_n(number)} of {name}")
            # Restore the caller's limit between rows: another reader may run in this thread.
            csv.field_size_limit(previous)
            yield number, cells
            csv.field_size_limit(limits.max_cell_chars)
    finally:
        csv.field_size_limit(previous)


def sniff_delimiter(line: str, choices: str = ",;\t") -> str:
    return max(choices, key=line.count)


# Archives ---------------------------------------------------------------------------------------


def check_archive(archive: zipfile.ZipFile, *, limits: Limits, name: str) -> list[zipfile.ZipInfo]:
    """Refuse a ZIP (or workbook) whose directory promises too much: too many members, one packed
    too tightly, a path that leaves the archive, or more unpacked bytes than the limit."""
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise TableRefused(
            f"{_cap(name)} holds {_n(len(members))} files; LearnLoop opens at most {_n(limits.max_members)}. "
            "Check it is the right file."
        )
    total = 0
    for member in members:
        path = member.filename.replace("\\", "/")
        if path.startswith("/") or ".." in path.split("/") or ":" in path.split("/", 1)[0]:
            raise TableRefused(f"{_cap(name)} holds a file outside its own folders ({path[:80]}). It is not opened.")
        total += member.file_size
        if member.file_size > 1024 * 1024 and member.file_size > limits.max_ratio * max(member.compress_size, 1):
            raise TableRefused(
                f"{_cap(name)} unpacks to more than {_n(limits.max_ratio)} times its size ({path[:80]}), as a "
                "zip bomb does. It is not opened."
            )
    if total > limits.max_uncompressed_bytes:
        raise TableRefused(
            f"{_cap(name)} unpacks to {_mb(total)}; LearnLoop unpacks at most {_mb(limits.max_uncompressed_bytes)}. "
            "Split it into smaller files, or save it as CSV."
        )
    return members


def zip_members(
    data: bytes | IO[bytes], *, limits: Limits, name: str, wanted: Callable[[str], bool] = lambda _: True
) -> Iterator[tuple[str, bytes]]:
    """(path, content) of the wanted members of a ZIP archive, checked before any is unpacked.

    A nested archive is refused, and no member is read past its declared size (a lying
    directory cannot make one larger). Raises zipfile.BadZipFile for a damaged archive.
    """
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    with zipfile.ZipFile(stream) as archive:
        members = check_archive(archive, limits=limits, name=name)
        for member in members:
            if member.filename.lower().endswith(".zip"):
                raise TableRefused(f"{_cap(name)} holds another ZIP ({member.filename[:80]}). It is not opened.")
        for member in members:
            if member.is_dir() or not wanted(member.filename):
                continue
            with archive.open(member) as handle:
                content = handle.read(member.file_size + 1)
            if len(content) > member.file_size:
                raise zipfile.BadZipFile("A member is larger than the archive says.")
            if content[:4] == XLSX_MAGIC or member.filename.lower().endswith(".zip"):
                raise TableRefused(f"{_cap(name)} holds another ZIP ({member.filename[:80]}). It is not opened.")
            yield member.filename, content


def _cap(name: str) -> str:
    return name[:1].upper() + name[1:]


# Workbooks --------------------------------------------------------------------------------------


class WorkbookError(Exception):
    """The file is not a workbook openpyxl can read (the importer words its own message)."""


def _sheet_size_from_its_start(self: Any) -> None:
    """A read-only sheet's declared size, from the elements before its data.

    openpyxl looks for the `<dimension>` element until the end of `<sheetData>`, so a sheet that
    declares no size is parsed whole when the workbook is opened, before a row is read (a
    million empty rows cost 20 seconds and 80 MB there). The element comes before the data
    (ECMA-376 Part 1, 18.3.1.99), so the search stops where the data starts.
    """
    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG, iterparse
    from openpyxl.worksheet.dimensions import SheetDimension

    with self._get_source() as source:
        for _event, element in iterparse(source, events=("start",)):
            if element.tag == DIMENSION_TAG:
                self._min_column, self._min_row, self._max_column, self._max_row = SheetDimension.from_tree(
                    element
                ).boundaries
                return
            if element.tag == DATA_TAG:
                return


def _patch_openpyxl() -> None:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    ReadOnlyWorksheet._get_size = _sheet_size_from_its_start


def count_row_elements(archive: zipfile.ZipFile, member: str, *, stop_after: int) -> int:
    """How many `<row` elements a sheet's XML holds, counted in the unpacked bytes (no parsing),
    stopping once past `stop_after`. Catches a sheet of a million empty rows before openpyxl
    reads one of them."""
    count = 0
    carry = b""
    with archive.open(member) as source:
        while chunk := source.read(1 << 20):
            data = carry + chunk
            cut = data.rfind(b"<")
            head, carry = (data[:cut], data[cut:]) if cut >= 0 else (data, b"")
            count += head.count(b"<row ") + head.count(b"<row>") + head.count(b"<row/>")
            if count > stop_after:
                return count
    data = carry
    return count + data.count(b"<row ") + data.count(b"<row>") + data.count(b"<row/>")


def _xlsx_rows(
    stream: IO[bytes], *, limits: Limits, name: str, cell: Callable[[Any], Any]
) -> tuple[list[Any] | None, Iterator[tuple[int, list[Any]]]]:
    """The header (None if the sheet is empty) and the rows of a workbook's first sheet."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(stream) as archive:
            check_archive(archive, limits=limits, name=name)
        stream.seek(0)
        _patch_openpyxl()
        book = load_workbook(stream, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        elements = count_row_elements(book._archive, sheet._worksheet_path, stop_after=limits.max_rows + 1)
    except TableRefused:
        raise
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise WorkbookError(type(error).__name__) from error
    try:
        declared_rows, declared_columns = sheet.max_row, sheet.max_column
    except Exception:  # a malformed dimension: read as if none were declared
        declared_rows = declared_columns = None
    if declared_columns is not None and declared_columns > limits.max_columns:
        book.close()
        raise _too_wide(declared_columns, limits, f"The first sheet of {name}")
    if declared_rows is not None and declared_rows > limits.max_rows + 1:
        book.close()
        raise TableRefused(
            f"The first sheet of {name} has {_n(declared_rows)} rows; LearnLoop reads at most "
            f"{_n(limits.max_rows)} from one file. Delete the empty rows below the data, split the file, "
            "or check it is the right file."
        )
    if elements > limits.max_rows + 1:
        book.close()
        raise TableRefused(
            f"The first sheet of {name} has more than {_n(limits.max_rows)} rows, filled or empty; LearnLoop "
            f"reads at most {_n(limits.max_rows)} from one file. Delete the empty rows below the data, split "
            "the file, or check it is the right file."
        )
    # Rows are read one at a time, never past the limits (one row more shows a file is over).
    width = declared_columns if declared_columns is not None else limits.max_columns + 1
    values = sheet.iter_rows(values_only=True, max_row=limits.max_rows + 2, max_col=width)
    trim = declared_columns is None  # (rows were padded to the window: give them their own length)

    def read(row: tuple[Any, ...] | None, number: int) -> list[Any]:
        row = row or ()
        if trim:
            if row.count(None) == len(row):
                return []
            end = len(row)
            while row[end - 1] is None:
                end -= 1
            row = row[:end]
        cells = list(row)
        if len(cells) > limits.max_columns:
            where = "The header row of " + name if number == 1 else f"Row {_n(number)} of {name}"
            raise _too_wide(len(cells), limits, where, at_least=trim)
        for value in cells:
            if isinstance(value, str) and len(value) > limits.max_cell_chars:
                raise TableRefused(
                    f"Row {_n(number)} of {name} has a cell longer than {_n(limits.max_cell_chars)} characters, "
                    "the most LearnLoop reads."
                )
        return [cell(v) for v in cells]

    try:
        first = next(values, None)
    except TableRefused:
        raise
    except Exception as error:
        book.close()
        raise WorkbookError(type(error).__name__) from error
    if first is None:
        book.close()
        return None, iter(())
    header = read(first, 1)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 1
        empty = 0
        try:
            for row in values:
                number += 1
                if number > limits.max_rows + 1:
                    raise _too_long(limits, name)
                if row is None or row.count(None) + row.count("") == len(row):
                    empty += 1
                    if empty > limits.max_empty_rows:
                        raise TableRefused(
                            f"{_cap(name)} has more than {_n(limits.max_empty_rows)} empty rows in a row (from row "
                            f"{_n(number - empty + 1)}). Delete the empty rows, or save the sheet as CSV."
                        )
                else:
                    empty = 0
                yield number, read(row, number)
        finally:
            book.close()

    return header, rows()


# The way in -------------------------------------------------------------------------------------


def open_table(
    file: bytes | IO[bytes] | IO[str],
    *,
    limits: Limits,
    name: str = "the file",
    encoding: str = "utf-8-sig",
    delimiter: str | None = None,
    cell: Callable[[Any], Any] = lambda value: value,
) -> Table:
    """The header and rows of a CSV/TSV text or the first sheet of an XLSX workbook, within limits.

    `file` is bytes, a binary stream (read as `encoding`; a workbook is told by its first bytes)
    or a text stream. `delimiter` None takes the commonest of , ; and tab in the header line.
    Workbook cells pass through `cell` (for example to text). A workbook that cannot be opened
    raises `WorkbookError`; text that is not `encoding` raises UnicodeDecodeError as it is read.
    """
    if isinstance(file, bytes):
        file = io.BytesIO(file)
    if not isinstance(file, io.TextIOBase):
        head = file.read(4)
        file.seek(0)
        if head == XLSX_MAGIC:
            header, rows = _xlsx_rows(file, limits=limits, name=name, cell=cell)
            return Table(header or [], rows, "xlsx")
        text: IO[str] = io.TextIOWrapper(file, encoding=encoding, newline="", errors="strict")
    else:
        text = file
    lines = bounded_lines(text, limits=limits, name=name)
    first = next(lines, None)
    if first is None:
        return Table([], iter(()), "csv")
    if delimiter is None:
        delimiter = sniff_delimiter(first)
    reader = csv_rows(_chain(first, lines), limits=limits, name=name, delimiter=delimiter)
    try:
        _, header = next(reader)
    except StopIteration:
        return Table([], iter(()), "csv")
    return Table(header, reader, "csv")


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def check_utf8_head(head: bytes) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def text_of(value: Any) -> str:
    """A workbook cell as text: whole numbers without '.0', dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
