"""An extract as Excel leaves it: a month turned into a date cell or "Mar-15", "Not known" as the
definition writes it, and the file saved as CSV, CSV UTF-8 or "Unicode Text" (UTF-16, tabs)."""

from __future__ import annotations

import codecs
import datetime as dt
import io

import pytest
from openpyxl import Workbook

from learnloop.dataset import extract
from learnloop.dataset.models import JourneyEvent, JourneyImport
from learnloop.dataset.tests.conftest import HEADER, load

ROWS = [
    ["r1", "C-1", "ird", "2024-01-03", "Mar-15", "Not known", "investigation", "", "Not known"],
    ["r2", "C-1", "registration", "2024-01-31", "March 2015", "female", "", "neglect", "no"],
    ["r3", "C-2", "registration", "2024-02-08", "2011-07", "Male", "", "Neglect; other", "yes"],
]


def _text(delimiter: str = ",") -> str:
    return "".join(delimiter.join(row) + "\r\n" for row in [HEADER, *ROWS])


@pytest.mark.parametrize(
    "text",
    ["Mar-15", "March 2015", "Mar 2015", "2015-03", "2015-03-01", "2015-03-01 00:00:00", "03/2015"],
)
def test_a_month_as_spreadsheets_write_it(text):
    assert extract.month_of(text, today=dt.date(2026, 3, 1)) == dt.date(2015, 3, 1)


@pytest.mark.parametrize("text", ["Mar-99", "Feb-1999"])
def test_a_two_digit_year_is_never_in_the_future(text):
    assert extract.month_of(text, today=dt.date(2026, 3, 1)) == dt.date(1999, 3 if "Mar" in text else 2, 1)


@pytest.mark.parametrize("text", ["13/2015", "Smarch-15", "2015-14", "15"])
def test_what_is_not_a_month(text):
    assert extract.month_of(text) is None


ENCODINGS = {
    "CSV UTF-8": lambda: codecs.BOM_UTF8 + _text().encode("utf-8"),
    "CSV (Windows-1252)": lambda: _text().encode("cp1252"),
    "Unicode Text (UTF-16 LE, tabs)": lambda: codecs.BOM_UTF16_LE + _text("\t").encode("utf-16-le"),
    "UTF-16 BE": lambda: codecs.BOM_UTF16_BE + _text().encode("utf-16-be"),
}


@pytest.mark.parametrize("make", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_every_way_excel_saves_it_loads(world, make):
    item = load(world.partnership, make())
    assert item.status == JourneyImport.Status.LOADED, item.problems
    first = JourneyEvent.objects.get(record_id="r1")
    assert first.birth_month == dt.date(2015, 3, 1) and first.sex == "not_known" and first.looked_after == "not_known"
    assert JourneyEvent.objects.get(record_id="r2").birth_month == dt.date(2015, 3, 1)


def test_a_workbook_with_a_date_cell_for_the_month(world):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in ROWS:
        cells: list = list(row)
        cells[4] = dt.datetime(2015, 3, 1)  # what Excel makes of "2015-03"
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    item = load(world.partnership, buffer.getvalue())
    assert item.status == JourneyImport.Status.LOADED, item.problems
    assert set(JourneyEvent.objects.values_list("birth_month", flat=True)) == {dt.date(2015, 3, 1)}


def test_a_file_that_is_not_text_says_how_to_save_it(world):
    item = load(world.partnership, b"\xd0\xcf\x11\xe0" + b"\x00\x01" * 200)
    assert item.status == JourneyImport.Status.REJECTED
    assert "CSV UTF-8" in item.problems[0]["reason"]
