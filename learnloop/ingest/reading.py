"""Turning an upload's bytes into text and a table, whatever tool wrote it.

The encodings seen in real exports: UTF-8 with or without a byte-order mark (LimeSurvey, Kobo,
Excel's "CSV UTF-8"), UTF-16 little- or big-endian with a mark (Matomo's export, Excel's
"Unicode Text", which is also tab-separated), UTF-16 without a mark, and Windows-1252 (Excel's
plain "CSV" on Windows). `detect_encoding` tells them apart from the first bytes; `decode` and
`text_stream` use it. Tables are read within the source's limits by core.tables (`open_upload`).
"""

from __future__ import annotations

import codecs
import io
import zipfile
from typing import IO, Any

from learnloop.core import tables

HEAD = 65536
XLSX_MEMBER = "[Content_Types].xml"


class UnreadableFile(Exception):
    """The upload is not a table LearnLoop can read; the message says why and what to do."""


def detect_encoding(head: bytes) -> str:
    """The encoding of a text file from its first bytes (a byte-order mark, NUL bytes, UTF-8)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # reads the mark and drops it
    if len(head) >= 4 and head[0] != 0 and head[1] == 0 and head[3] == 0:
        return "utf-16-le"
    if len(head) >= 4 and head[0] == 0 and head[2] == 0 and head[1] != 0:
        return "utf-16-be"
    return "utf-8-sig" if tables.check_utf8_head(head) else "cp1252"


def decode(data: bytes) -> str:
    """The text of a whole upload in whichever encoding it was written (see detect_encoding)."""
    encoding = detect_encoding(data[:HEAD])
    # Windows-1252 leaves five bytes undefined: a stray one is shown, not a reason to refuse.
    return data.decode(encoding, errors="replace" if encoding == "cp1252" else "strict")


def text_stream(stream: IO[bytes]) -> tuple[IO[str], str]:
    """A text stream over a binary one, in the encoding its first bytes show, and that encoding."""
    head = stream.read(HEAD)
    stream.seek(0)
    encoding = detect_encoding(head)
    errors = "replace" if encoding == "cp1252" else "strict"
    return io.TextIOWrapper(stream, encoding=encoding, newline="", errors=errors), encoding


def is_zip(head: bytes) -> bool:
    return head.startswith(tables.XLSX_MAGIC)


def is_workbook(data: bytes) -> bool:
    """An XLSX workbook (a ZIP with Office's content types), not a ZIP of CSV files."""
    if not is_zip(data[:4]):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return XLSX_MEMBER in archive.namelist()
    except zipfile.BadZipFile:
        return False


def not_text_message(filename: str = "") -> str:
    """What to say about a file that is not text, a workbook or a ZIP of CSV files."""
    if filename.lower().endswith(".xls"):
        return (
            "The file is an old Excel workbook (.xls), which LearnLoop does not read. In Excel choose "
            "File, Save As, and “Excel Workbook (.xlsx)” or “CSV UTF-8 (Comma delimited)”."
        )
    return (
        "The file is not a CSV, TSV or Excel (.xlsx) file. Save it from Excel as “CSV UTF-8 (Comma "
        "delimited)” or as an Excel Workbook (.xlsx), and upload that."
    )


def open_upload(
    data: bytes, *, source: str, filename: str = "", cell: Any = tables.text_of, delimiter: str | None = None
) -> tables.Table:
    """The header and rows of an upload: CSV or TSV in any encoding above, the first sheet of an
    XLSX workbook, or the only CSV file in a ZIP, read within the source's limits.

    Raises UnreadableFile (what is wrong and what to do) or tables.TableRefused (a limit).
    """
    limits = tables.limits_for(source)
    name = f"the file “{filename}”" if filename else "the file"
    if not data.strip():
        raise UnreadableFile("The file is empty.")
    if is_zip(data[:4]):
        if is_workbook(data):
            try:
                return tables.open_table(data, limits=limits, name=name, cell=cell)
            except (tables.WorkbookError, zipfile.BadZipFile):
                raise UnreadableFile("The Excel workbook cannot be opened. Save it again as .xlsx or CSV.") from None
        members = list(tables.zip_members(data, limits=limits, name=name, wanted=_is_table_name))
        if len(members) != 1:
            raise UnreadableFile("The ZIP file should hold one CSV file; upload the CSV file itself.")
        member_name, member = members[0]
        return open_upload(member, source=source, filename=member_name, cell=cell, delimiter=delimiter)
    try:
        text = decode(data)
    except UnicodeDecodeError:
        raise UnreadableFile(not_text_message(filename)) from None
    if "\x00" in text:
        raise UnreadableFile(not_text_message(filename))
    return tables.open_table(io.StringIO(text, newline=""), limits=limits, name=name, delimiter=delimiter)


def _is_table_name(name: str) -> bool:
    return name.lower().endswith((".csv", ".tsv", ".txt"))
