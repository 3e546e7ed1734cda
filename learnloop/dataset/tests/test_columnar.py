"""The columnar path stages and checks exactly as the row-by-row path does, whatever the file."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import event, given, settings
from hypothesis import strategies as st

from learnloop.core.pseudonymise import keyed_hash, keyed_hasher
from learnloop.dataset import columnar, extract, importer
from learnloop.dataset.models import JourneyEvent, JourneyImport
from learnloop.dataset.tests.conftest import TODAY, load
from learnloop.dataset.tests.conftest import extract as extract_file
from learnloop.dataset.tests.test_fastpath import cell

# Cells as they come in a file: the values an extract holds, spaces, commas that split a cell,
# odd text, cells quoted as spreadsheets quote them and quotes broken as people break them; and
# line endings a spreadsheet writes.
file_cell = st.one_of(
    cell,
    st.sampled_from(["a,b", " ", "\t", "r1", "r2", "C1", "C2", "  C1 ", "2024-1-5", "5/1/2024", "é", "\u00a0"]),
    st.sampled_from(
        ['"a,b"', '"C1"', '" C1 "', '""', '"say ""no"""', '"African, Scottish African or British African"']
    ),
    st.sampled_from(['a"b', '"a"b', '"open', ' "a"', '"a" ', '"', '"line\nbreak"']),
)
header_names = st.lists(
    st.sampled_from([*extract.COLUMNS, "Record_ID ", "agency", ""]), min_size=1, max_size=13, unique=True
)


def _python_staging(data: bytes) -> list[list[str]]:
    header, rows = extract.read_table(io.BytesIO(data))
    work = io.BytesIO()
    importer._stage(header, rows, work)
    return [[int(r[0]), *r[1:]] for r in list(csv.reader(io.StringIO(work.getvalue().decode(), newline="")))[1:]]


def _columnar_staging(data: bytes) -> list[list[str]] | None:
    header, _ = extract.read_table(io.BytesIO(data))
    work = io.BytesIO()
    if columnar.stage_csv(data, header, work) is None:
        return None
    work.seek(0)
    return [list(row) for row in columnar.read_staged(work).iter_rows()]


@settings(max_examples=300, deadline=None)
@given(
    header=header_names,
    rows=st.lists(st.lists(file_cell, max_size=14), max_size=12),
    newline=st.sampled_from(["\n", "\r\n"]),
    trailing=st.booleans(),
)
def test_columnar_staging_stages_what_the_row_by_row_path_stages(header, rows, newline, trailing):
    lines = [",".join(header), *[",".join(row) for row in rows]]
    data = (newline.join(lines) + (newline if trailing else "")).encode()
    try:
        expected = _python_staging(data)
    except extract.ExtractError:
        return  # the row-by-row path rejects the file; the importer never reaches the columnar path
    staged = _columnar_staging(data)
    event("columnar path taken" if staged is not None else "left to the row-by-row path")
    if staged is not None:
        assert staged == expected


def test_columnar_staging_declines_files_it_might_read_differently():
    header = ["record_id", "child_id", "event_type", "event_date"]
    for data in (
        b'record_id,child_id,event_type,event_date\n"r1"x,C1,ird,2024-01-01\n',  # broken quoting
        b'record_id,child_id,event_type,event_date\n"r\n1",C1,ird,2024-01-01\n',  # a cell over two lines
        b"record_id,child_id,event_type,event_date\rr1,C1,ird,2024-01-01\r",  # old Mac line endings
        b"record_id,child_id,event_type,event_date\nr1,C1\x1f,ird,2024-01-01\n",  # a separator Python strips
        b"record_id,child_id,event_type,event_date\nr1,\xff,ird,2024-01-01\n",  # not UTF-8
    ):
        assert columnar.stage_csv(data, header, io.BytesIO()) is None


def _reference(rows: list[list[str]]) -> tuple[importer._Checked, list[list[str]]]:
    ready = io.BytesIO()
    result = importer._check_rows(
        iter([(number, cells) for number, *cells in rows]), today=TODAY, ready=ready, progress=lambda n: None, lead=[]
    )
    return result, list(csv.reader(io.StringIO(ready.getvalue().decode(), newline="")))


def _columnar(rows: list[list[str]], slice_rows: int, max_problems: int) -> tuple[columnar.Checker, list, list]:
    frame = columnar.read_staged(_staged_csv(rows))
    checker = columnar.Checker(frame, today=TODAY, explain=importer._explain(TODAY), max_problems=max_problems)
    ready, days = [], []
    for piece in frame.iter_slices(slice_rows):
        good = checker.check(piece)
        ready += list(csv.reader(io.StringIO(importer._ready_csv(good, []).decode(), newline="")))
        days += good["event_day"].to_list()
    return checker, ready, days


def _staged_csv(rows: list[list[str]]) -> io.BytesIO:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columnar.WORK_COLUMNS)
    writer.writerows(rows)
    return io.BytesIO(out.getvalue().encode())


# A staged row: good values as extracts write them (any case, spaces, UK dates), then now and
# then one cell changed to a near miss or to any text.
GOOD_CELLS = [
    ["r1", "r2", " r3 ", "r4", "r5", "r6", "r7"],
    ["0a1b" * 16, "f" * 64],
    [*extract.EVENT_TYPES, "IRD", " registration "],
    ["2024-01-03", "31/01/2024", "2024-1-5", " 2024-01-03", "2025-12-31"],
    ["", "2020-03", "2023-12", "2026-05", "2020-3"],
    ["", "male", "Female", "other", "not_known"],
    ["", "yes", "NO"],
    ["", "White Scottish", " Polish "],
    ["", "yes", "no"],
    [""],
    [""],
]
NEAR_MISSES = [
    ["", "x" * 101, "é1"],
    ["", " ", "\x1f", " " + "f" * 64, "F" * 64],
    ["visit", ""],
    ["2024-02-30", "2027-01-01", "1989-12-31", "", "2024/01/03"],
    ["2024-13", "1899-01", "2024"],
    ["boy"],
    ["maybe"],
    ["x" * 101],
    ["perhaps"],
    ["investigation", "registered", "single_agency", "nonsense", "deregistered", "no_further_action"],
    ["neglect", "Neglect; other", "neglect;;", "bogus"],
]


@st.composite
def staged_row(draw: st.DrawFn) -> list[str]:
    row = [draw(st.sampled_from(values)) for values in GOOD_CELLS]
    for _ in range(draw(st.integers(0, 2))):
        column = draw(st.integers(0, 10))
        row[column] = draw(st.one_of(st.sampled_from(NEAR_MISSES[column]), st.text(max_size=6)))
    return row


@settings(max_examples=300, deadline=None)
@given(
    cells=st.lists(
        st.one_of(staged_row(), staged_row(), staged_row(), st.lists(cell, min_size=11, max_size=11)),
        min_size=1,
        max_size=25,
    ),
    ids=st.lists(st.sampled_from(["r1", "r2", " r1", "r3", ""]), min_size=25, max_size=25),
    slice_rows=st.integers(1, 9),
)
def test_the_checker_agrees_with_the_row_by_row_check(cells, ids, slice_rows):
    # Repeated record ids, across slices too, and row numbers with gaps (blank lines are skipped).
    rows = []
    for n, row in enumerate(cells):
        if n % 2:
            row = [ids[n], *row[1:]]
        rows.append([2 + 2 * n, *row])
    expected, expected_ready = _reference(rows)
    checker, ready, days = _columnar(rows, slice_rows, importer.MAX_PROBLEMS_KEPT)
    problems, truncated = checker.problems()
    event(f"{expected.bad_rows > 0=} {len(ready) > 0=}")
    assert ready == expected_ready
    assert [p.as_dict() for p in problems] == [p.as_dict() for p in expected.problems]
    assert (checker.rows, checker.bad_rows, truncated) == (expected.rows, expected.bad_rows, expected.truncated)
    assert (min(days, default=None), max(days, default=None)) == (expected.first, expected.last)


@pytest.mark.parametrize("column", range(2, 11))
def test_a_nul_in_any_cell_is_refused_as_the_row_by_row_check_refuses_it(column):
    # Found by the property test above: a NUL in a cell the columnar rules read was accepted.
    good = [options[0] for options in GOOD_CELLS]
    bad = [*good]
    bad[column] += "\x00"
    rows = [[2, *good], [3, "r2", *bad[1:]]]
    expected, expected_ready = _reference(rows)
    checker, ready, _days = _columnar(rows, 1, importer.MAX_PROBLEMS_KEPT)
    problems, _truncated = checker.problems()
    assert ready == expected_ready
    assert [p.as_dict() for p in problems] == [p.as_dict() for p in expected.problems]
    assert checker.bad_rows == expected.bad_rows == 1


def test_the_checker_keeps_problems_as_the_row_by_row_check_does_when_there_are_many(monkeypatch):
    rows = [[n + 2, f"r{n}", "", "visit", "", "", "", "", "", "", "", ""] for n in range(30)]
    monkeypatch.setattr(importer, "MAX_PROBLEMS_KEPT", 7)
    expected, _ = _reference(rows)
    checker, _, _ = _columnar(rows, 4, 7)
    problems, truncated = checker.problems()
    assert [p.as_dict() for p in problems] == [p.as_dict() for p in expected.problems]
    assert truncated and expected.truncated and checker.bad_rows == 30


@pytest.mark.parametrize("key", ["short", "k" * 64, "a much longer key than one SHA-256 block " * 3])
def test_the_bound_hasher_is_hmac_sha256_for_any_key_length(settings, key):
    settings.PSEUDONYMISATION_KEY = key
    pseudonymise = keyed_hasher()
    for value in ["CHILD-1", "", "é\u00a0x", "\udcff"]:
        assert pseudonymise(value) == keyed_hash(value)


ROWS = [
    ["r1", "C1", "ird", "2024-01-03", "2020-03", "female", "investigation", "", "no"],
    ["r2", "C1", "cppm_initial", "31/01/2024", "2020-03", "female", "registered", "", "no"],
    ["r3", "C2", "registration", "2024-02-08", "", " Male ", "", "Neglect; other", "yes"],
    ["r4", "C3", "concern", "2024-02-09", "", "", "", "", ""],
]
BAD = [
    *ROWS,
    ["r5", "", "visit", "2024-02-30", "", "", "", "", ""],
    ["r1", "C4", "concern", "2024-02-01", "", "", "", "", ""],
]


def _outcome(item: JourneyImport) -> tuple:
    events = sorted(
        JourneyEvent.objects.filter(partnership=item.partnership).values_list(
            "record_id", "child_key", "event_type", "event_date", "birth_month", "age_band", "sex", "concerns"
        )
    )
    return (
        item.status,
        item.rows_total,
        item.rows_bad,
        item.rows_created,
        item.rows_replaced,
        item.problems,
        item.first_event,
        item.last_event,
        events,
    )


def _three_imports(partnership) -> list[tuple]:
    """A rejected file, its good rows accepted, then a re-import of the good rows."""
    rejected = load(partnership, extract_file(BAD))
    outcomes = [_outcome(rejected)]
    outcomes.append(_outcome(importer.journey_import_accept_good_rows(journey_import=rejected, today=TODAY)))
    outcomes.append(_outcome(load(partnership, extract_file(ROWS))))
    return outcomes


@pytest.mark.parametrize("path", ["pipelined", "checked_then_loaded", "row_by_row"])
def test_every_path_gives_the_same_imports(world, monkeypatch, path):
    """The same uploads (a rejected file, its good rows accepted, a re-import) give the same result
    whichever way the rows are checked and loaded."""
    if path == "checked_then_loaded":
        monkeypatch.setattr(importer, "PIPELINE_MAX_ROWS", 0)
    elif path == "row_by_row":  # staged as CSV by Python, checked by Python
        monkeypatch.setattr(columnar, "stage_csv", lambda data, header, work: None)
        monkeypatch.setattr(columnar, "read_staged", lambda handle: None)
    outcomes = _three_imports(world.partnership)
    JourneyEvent.objects.all().delete()
    JourneyImport.objects.all().delete()
    monkeypatch.undo()
    reference = _three_imports(world.partnership)
    assert outcomes == reference
    assert outcomes[0][0] == JourneyImport.Status.REJECTED and outcomes[0][-1] == []
    assert outcomes[1][:5] == (JourneyImport.Status.LOADED, 6, 2, 4, 0)
    assert outcomes[2][:5] == (JourneyImport.Status.LOADED, 4, 0, 0, 4)


def test_columnar_staging_reads_plainly_quoted_cells():
    data = b'record_id,child_id,event_type,event_date,ethnicity\nr1,C1,ird,2024-01-01,"African, Scottish African"\n'
    staged = _columnar_staging(data)
    assert staged is not None and staged == _python_staging(data)
    assert "African, Scottish African" in staged[0]


def test_a_quoted_extract_loads_the_same(world):
    plain = load(world.partnership, extract_file(ROWS))
    assert plain.status == JourneyImport.Status.LOADED
    before = sorted(JourneyEvent.objects.values_list("record_id", "child_key", "event_date", "concerns"))
    JourneyEvent.objects.all().delete()
    quoted = extract_file(ROWS).replace(b"Neglect; other", b'"Neglect; other"')
    item = load(world.partnership, quoted)
    assert item.status == JourneyImport.Status.LOADED and item.rows_created == 4
    assert sorted(JourneyEvent.objects.values_list("record_id", "child_key", "event_date", "concerns")) == before


def test_a_file_rejected_while_loading_leaves_nothing_behind(world):
    """On PostgreSQL rows are copied while later ones are checked: a bad row late in the file
    must still leave the event table as it was."""
    load(world.partnership, extract_file(ROWS[:1]))
    rows = [[f"n{n}", f"C{n}", "concern", "2024-01-01", "", "", "", "", ""] for n in range(20_000)]
    rows.append(["late", "C1", "visit", "2024-01-01", "", "", "", "", ""])
    item = load(world.partnership, extract_file(rows))
    assert item.status == JourneyImport.Status.REJECTED and item.rows_bad == 1
    assert item.problems == [{"row": 20_002, "column": "event_type", "reason": item.problems[0]["reason"]}]
    assert list(JourneyEvent.objects.values_list("record_id", flat=True)) == ["r1"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the load runs in one transaction on PostgreSQL")
def test_a_reimport_found_while_copying_is_upserted(world):
    """The direct copy meets a stored record id half way and falls back to the upsert."""
    rows = [[f"n{n}", f"C{n}", "concern", "2024-01-01", "", "", "", "", ""] for n in range(20_000)]
    load(world.partnership, extract_file(rows[15_000:15_001]))
    item = load(world.partnership, extract_file(rows))
    assert (item.status, item.rows_created, item.rows_replaced) == (JourneyImport.Status.LOADED, 19_999, 1)
    assert JourneyEvent.objects.filter(partnership=world.partnership).count() == 20_000


def test_deleting_events_is_one_statement_not_one_per_row(world):
    """Events are not audited one by one, so Django deletes them in bulk."""
    load(world.partnership, extract_file(ROWS))
    with CaptureQueriesContext(connection) as queries:
        JourneyEvent.objects.filter(partnership=world.partnership).delete()
    assert len(queries) == 1
    assert not JourneyEvent.objects.exists()


def test_the_staged_copy_is_arrow_and_holds_no_raw_child_id(world):
    item = importer.journey_import_create(
        partnership=world.partnership, stream=io.BytesIO(extract_file(ROWS)), filename="x.csv"
    )
    assert item.work_file.name.endswith(".arrow")
    with item.work_file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(columnar.ARROW_MAGIC)
    assert b"C1" not in data and b"C2" not in data and keyed_hash("C1").encode() in data
