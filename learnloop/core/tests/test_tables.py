"""Hostile files are refused before the work starts, with a message naming the limit and the file."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl.worksheet import _reader

from learnloop.core import tables
from learnloop.core.tests import hostile_files as hostile

LIMITS = tables.Limits()
HEADER = ["record_id", "child_id", "event_type", "event_date"]


@pytest.fixture
def parsed_rows(monkeypatch):
    """How many rows openpyxl parses from a sheet's XML."""
    seen = {"rows": 0}
    original = _reader.WorkSheetParser.parse_row

    def counting(self, element):
        seen["rows"] += 1
        return original(self, element)

    monkeypatch.setattr(_reader.WorkSheetParser, "parse_row", counting)
    return seen


def read_all(data: bytes, limits: tables.Limits = LIMITS) -> list:
    table = tables.open_table(data, limits=limits, name="the file “x.csv”")
    return [table.header, *table.rows]


def test_a_million_header_columns_are_refused_from_the_first_line():
    with pytest.raises(tables.TableRefused, match=r"header row of the file “x.csv” has more than 200 columns"):
        read_all(hostile.wide_csv())


def test_a_wide_header_within_the_line_limit_is_refused_with_its_count():
    with pytest.raises(tables.TableRefused, match=r"has 5,000 columns; LearnLoop reads at most 200"):
        read_all(hostile.wide_csv(5000))


def test_a_wide_data_row_is_refused():
    data = b"a,b\n" + b",".join([b"x"] * 300) + b"\n"
    with pytest.raises(tables.TableRefused, match="Row 2 of the file “x.csv” has 300 columns"):
        read_all(data)


def test_a_long_line_is_refused_without_reading_it_whole():
    with pytest.raises(tables.TableRefused, match=r"Line 2 of .* longer than 1,000,000 characters"):
        read_all(hostile.long_line_csv(length=5_000_000))


def test_an_unclosed_quote_is_refused_as_a_huge_cell():
    with pytest.raises(tables.TableRefused, match=r"Row 2 of .* cell longer than 10,000 characters"):
        read_all(hostile.huge_cell_csv(length=1_000_000))


def test_the_csv_field_limit_is_left_as_it_was():
    before = tables.csv.field_size_limit()
    with pytest.raises(tables.TableRefused):
        read_all(hostile.huge_cell_csv(length=100_000))
    assert tables.csv.field_size_limit() == before


def test_rows_past_the_limit_are_refused():
    data = b"a,b\n" + b"1,2\n" * 11
    assert len(read_all(data, LIMITS.but(max_rows=11))) == 12
    with pytest.raises(tables.TableRefused, match="more than 10 rows"):
        read_all(data, LIMITS.but(max_rows=10))


def test_a_sheet_that_declares_a_million_rows_is_refused_before_a_row_is_read(parsed_rows):
    data = hostile.xlsx([HEADER], empty_rows=1_000_000, dimension="A1:D1000001")
    with pytest.raises(tables.TableRefused, match="has 1,000,001 rows; LearnLoop reads at most 100,000"):
        read_all(data)
    assert parsed_rows["rows"] == 0


def test_a_sheet_of_a_million_undeclared_empty_rows_is_refused_before_a_row_is_read(parsed_rows):
    data = hostile.xlsx([HEADER], empty_rows=1_000_000)
    assert len(data) < 5 * 1024 * 1024
    with pytest.raises(tables.TableRefused, match="more than 100,000 rows, filled or empty"):
        read_all(data)
    assert parsed_rows["rows"] == 0


def test_a_long_run_of_empty_rows_stops_the_reading_at_the_limit(parsed_rows):
    data = hostile.xlsx([HEADER, ["1", "2", "concern", "2026-01-01"]], empty_rows=50_000)
    with pytest.raises(tables.TableRefused, match=r"more than 1,000 empty rows in a row \(from row 3\)"):
        read_all(data, LIMITS.but(max_empty_rows=1000))
    assert parsed_rows["rows"] <= 1003


def test_a_declared_width_over_the_limit_is_refused():
    data = hostile.xlsx([HEADER], dimension="A1:ZZ2")
    with pytest.raises(tables.TableRefused, match="first sheet of the file “x.csv” has 702 columns"):
        read_all(data)


def test_an_undeclared_wide_sheet_row_is_refused_reading_only_the_window():
    data = hostile.xlsx([[f"c{i}" for i in range(400)]])
    with pytest.raises(tables.TableRefused, match="header row of the file “x.csv” has more than 200 columns"):
        read_all(data)


def test_a_workbook_and_its_rows_read_as_before():
    data = hostile.xlsx([HEADER, ["1", "2", "concern", "2026-01-01"], [], ["3", "", "", ""]])
    header, *rows = read_all(data)
    assert header == HEADER
    assert rows == [(2, ["1", "2", "concern", "2026-01-01"]), (3, []), (4, ["3", "", "", ""])]


def test_a_workbook_bomb_is_refused_before_it_is_unpacked():
    data = hostile.workbook_bomb(200)
    with pytest.raises(tables.TableRefused, match="unpacks to more than 100 times its size"):
        read_all(data)


def test_a_workbook_over_the_unpacked_size_is_refused():
    data = hostile.xlsx([HEADER, *[["x" * 50] * 4] * 2000], compresslevel=1)
    with pytest.raises(tables.TableRefused, match=r"unpacks to \d+ MB; LearnLoop unpacks at most 0 MB"):
        read_all(data, LIMITS.but(max_uncompressed_bytes=100_000))


def test_zip_members_refuse_bombs_traversal_nesting_and_crowds():
    limits = tables.limits_for("reach")
    with pytest.raises(tables.TableRefused, match="zip bomb"):
        list(tables.zip_members(hostile.zip_bomb(64), limits=limits, name="the ZIP file"))
    with pytest.raises(tables.TableRefused, match="outside its own folders"):
        list(tables.zip_members(hostile.traversal_zip(), limits=limits, name="the ZIP file"))
    with pytest.raises(tables.TableRefused, match="holds another ZIP"):
        list(tables.zip_members(hostile.nested_zip(), limits=limits, name="the ZIP file"))
    crowd = io.BytesIO()
    with zipfile.ZipFile(crowd, "w") as archive:
        for i in range(101):
            archive.writestr(f"f{i}.csv", "a")
    with pytest.raises(tables.TableRefused, match="holds 101 files; LearnLoop opens at most 100"):
        list(tables.zip_members(crowd.getvalue(), limits=limits, name="the ZIP file"))


def test_limits_come_from_settings(settings):
    assert tables.limits_for("dataset").max_rows == 2_000_000
    assert tables.limits_for("voice").max_rows == 100_000
    settings.UPLOAD_LIMITS = {"default": {"max_columns": 50}, "dataset": {"max_rows": 7}}
    assert tables.limits_for("dataset") == tables.Limits(
        max_columns=50, max_rows=7, max_uncompressed_bytes=1024 * 1024 * 1024
    )
    assert tables.limits_for("voice").max_columns == 50
