"""Hostile files for the upload limits: built in memory, used by the tests and bench/hostile_uploads.py."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def xlsx(
    rows: Iterable[list[str]], *, empty_rows: int = 0, dimension: str | None = None, compresslevel: int = 9
) -> bytes:
    """A workbook whose first sheet holds `rows` (inline strings), then `empty_rows` empty row
    elements; `dimension` is the sheet's declared size ("A1:K1000001"), or none when None."""
    sheet = io.StringIO()
    sheet.write(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    )
    if dimension:
        sheet.write(f'<dimension ref="{dimension}"/>')
    sheet.write("<sheetData>")
    number = 0
    for number, cells in enumerate(rows, start=1):
        sheet.write(f'<row r="{number}">')
        for index, value in enumerate(cells):
            sheet.write(f'<c r="{_column(index)}{number}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        sheet.write("</row>")
    for extra in range(number + 1, number + empty_rows + 1):
        sheet.write(f'<row r="{extra}"/>')
    sheet.write("</sheetData></worksheet>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet.getvalue())
    return buffer.getvalue()


def wide_csv(columns: int = 1_000_000) -> bytes:
    """A header row of `columns` names (1,000,000 make about 8.9 MB, as in the report)."""
    return (",".join(f"c{i}" for i in range(columns)) + "\n").encode()


def zip_bomb(megabytes: int = 1024, *, name: str = "imported_visitors.csv") -> bytes:
    """A ZIP whose one member unpacks to `megabytes` of the same byte (a thousand to one)."""
    buffer = io.BytesIO()
    chunk = b"0" * (1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        member.write(b"date,visitors\n")
        for _ in range(megabytes):
            member.write(chunk)
    return buffer.getvalue()


def workbook_bomb(megabytes: int = 1024) -> bytes:
    """A workbook whose sheet unpacks to `megabytes` (padding inside one cell's text)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            member.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            member.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>')
            chunk = b" " * (1024 * 1024)
            for _ in range(megabytes):
                member.write(chunk)
            member.write(b"</t></is></c></row></sheetData></worksheet>")
    return buffer.getvalue()


def long_line_csv(header: str = "record_id,child_id,event_type,event_date", length: int = 50_000_000) -> bytes:
    """A header and then one line of `length` characters with no line break."""
    return (header + "\n").encode() + b"x" * length


def huge_cell_csv(header: str = "record_id,child_id,event_type,event_date", length: int = 50_000_000) -> bytes:
    """A cell opened with a quote that never closes: the rest of the file, many lines, is one cell."""
    line = b"a,b,c,d\n"
    return (header + '\n"').encode() + line * (length // len(line))


def traversal_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../imported_visitors.csv", "date,visitors\n2026-01-01,1\n")
    return buffer.getvalue()


def nested_zip() -> bytes:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("imported_visitors.csv", "date,visitors\n2026-01-01,1\n")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("imported_visitors.csv", inner.getvalue())
    return buffer.getvalue()
