"""One row-problem type and one decode for every import."""

import codecs

import pytest

from learnloop.ingest.problems import RowProblem
from learnloop.ingest.reading import UnreadableFile, decode, detect_encoding, open_upload


def test_a_problem_names_row_field_and_reason_once():
    assert str(RowProblem(None, "", "The ZIP file unpacks to 2 GB.")) == "The ZIP file unpacks to 2 GB."
    assert str(RowProblem(None, "", "The file is empty.", file="pages.csv")) == "pages.csv: The file is empty."
    assert str(RowProblem(3, "Pageviews", "is not a number")) == "Row 3, Pageviews: is not a number."
    assert (
        str(RowProblem(4, "sex", "is not a known value.", file="a.csv")) == "Row 4 of a.csv, sex: is not a known value."
    )
    assert RowProblem(1, "header", "x").whole_file and not RowProblem(2, "a", "x").whole_file


TEXT = "Label\tPageviews\nCafé – home\t12\n"
ENCODINGS = {
    "utf-8": TEXT.encode("utf-8"),
    "utf-8 with BOM": codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    "utf-16 LE with BOM": codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    "utf-16 BE with BOM": codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    "utf-16 LE without BOM": TEXT.encode("utf-16-le"),
    "utf-16 BE without BOM": TEXT.encode("utf-16-be"),
    "windows-1252": TEXT.encode("cp1252"),
}


@pytest.mark.parametrize("data", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_every_encoding_decodes_to_the_same_text(data):
    assert decode(data) == TEXT
    table = open_upload(data, source="reach", filename="x.tsv")
    assert table.header == ["Label", "Pageviews"]
    assert [cells for _, cells in table.rows] == [["Café – home", "12"]]


def test_detect_encoding_from_the_first_bytes():
    assert detect_encoding(b"\xff\xfeL\x00") == "utf-16"
    assert detect_encoding(b"abc,def") == "utf-8-sig"
    assert detect_encoding("é".encode("cp1252") + b",x") == "cp1252"


def test_an_old_excel_file_says_how_to_save_it():
    with pytest.raises(UnreadableFile, match="Save As"):
        open_upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, source="voice", filename="x.xls")
