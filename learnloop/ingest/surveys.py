"""Reading survey exports (KoboToolbox, LimeSurvey, Microsoft Forms) into plain responses: the
formats described once, for voice and workforce alike.

Each reader returns the question headings and one `SurveyRow` a response, or raises
`SurveyFileError` naming what is wrong with the file as a whole. Row-level checks (a score
out of range, an unknown agency) belong to the importer that knows what the answers mean.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils import timezone

from learnloop.core import tables
from learnloop.ingest.reading import decode

# The fixed columns each tool writes, described once for every source that reads surveys.
KOBO_KEY = "_uuid"  # KoboToolbox: a response's own id, the same in every export
KOBO_DATE = "_submission_time"
LIMESURVEY_KEY = "id"  # LimeSurvey: the response id, unique within one survey
LIMESURVEY_DATE = "submitdate"  # empty for an incomplete response
MS_FORMS_KEY = "ID"  # Microsoft Forms: the response number within one form

KOBO = "kobo"
LIMESURVEY = "limesurvey"
MS_FORMS = "ms_forms"
FORMATS = [
    (KOBO, "KoboToolbox (CSV or Excel export)"),
    (LIMESURVEY, "LimeSurvey (CSV export)"),
    (MS_FORMS, "Microsoft Forms (Excel download)"),
]

KOBO_METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "simserial",
    "subscriberid",
    "phonenumber",
    "audit",
    "__version__",
}
LIMESURVEY_METADATA = {
    "id",
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "token",
    "startdate",
    "datestamp",
    "ipaddr",
    "refurl",
}
# Personal details in a Forms download are not needed and are never stored.
MS_FORMS_METADATA = {"id", "start time", "completion time", "email", "name", "last modified time"}


class SurveyFileError(Exception):
    """The file cannot be read as the format chosen; the message says why."""


@dataclass
class SurveyRow:
    row: int  # the spreadsheet row number the user sees (the heading is row 1)
    key: str
    submitted_at: dt.datetime | None
    complete: bool
    answers: dict[str, str] = field(default_factory=dict)


@dataclass
class SurveyFile:
    questions: list[str]
    rows: list[SurveyRow]


def _limits() -> tables.Limits:
    return tables.limits_for("workforce")


def _csv_rows(data: bytes) -> list[list[str]]:
    text = decode(data)
    first = text.split("\n", 1)[0][: _limits().max_line_chars]
    delimiter = "\t" if first.count("\t") > first.count(",") and first.count("\t") > first.count(";") else None
    if delimiter is None:
        delimiter = ";" if first.count(";") > first.count(",") else ","
    table = tables.open_table(io.StringIO(text), limits=_limits(), name="the export", delimiter=delimiter)
    return [table.header, *(cells for _, cells in table.rows)] if table.header else []


def _xlsx_rows(data: bytes) -> list[list[str]]:
    try:
        header, values = tables._xlsx_rows(io.BytesIO(data), limits=_limits(), name="the export", cell=_cell_text)
    except tables.WorkbookError as error:
        raise SurveyFileError("The file is not an Excel workbook (.xlsx) that can be opened.") from error
    except zipfile.BadZipFile as error:
        raise SurveyFileError("The file is not an Excel workbook (.xlsx) that can be opened.") from error
    if header is None:
        return []
    return [header, *(cells for _, cells in values)]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_xlsx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def _table(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    try:
        rows = _xlsx_rows(data) if is_xlsx(data) else _csv_rows(data)
    except tables.TableRefused as error:
        raise SurveyFileError(str(error)) from None
    rows = [r for r in rows if any(cell.strip() for cell in r)] if rows else []
    if not rows:
        raise SurveyFileError("The file is empty.")
    header = [h.strip() for h in rows[0]]
    while header and not header[-1]:
        header.pop()
    table = []
    for number, values in enumerate(rows[1:], start=2):
        padded = [*values, *[""] * (len(header) - len(values))]
        table.append((number, {h: padded[i].strip() for i, h in enumerate(header) if h}))
    return header, table


def parse_datetime(text: str) -> dt.datetime | None:
    text = text.strip()
    if not text:
        return None
    candidates = [text, text.replace("Z", "+00:00")]
    for candidate in candidates:
        try:
            value = dt.datetime.fromisoformat(candidate)
            break
        except ValueError:
            continue
    else:
        for pattern in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%y %H:%M:%S", "%d/%m/%Y"):
            try:
                value = dt.datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
        else:
            return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _question_label(heading: str) -> str:
    """Kobo joins groups with '/': keep the question, not the group path."""
    return heading.rsplit("/", 1)[-1].strip() if "/" in heading else heading


def read(fmt: str, data: bytes) -> SurveyFile:
    if fmt == KOBO:
        return read_kobo(data)
    if fmt == LIMESURVEY:
        return read_limesurvey(data)
    if fmt == MS_FORMS:
        return read_ms_forms(data)
    raise SurveyFileError("Choose the tool the export came from.")


def read_kobo(data: bytes) -> SurveyFile:
    header, table = _table(data)
    if "_uuid" not in header:
        raise SurveyFileError(
            "This does not look like a KoboToolbox export: there is no _uuid column. Export with the "
            "metadata columns included."
        )
    questions = [h for h in header if h and not h.startswith("_") and h.lower() not in KOBO_METADATA]
    rows = []
    for number, values in table:
        rows.append(
            SurveyRow(
                row=number,
                key=values.get("_uuid", ""),
                submitted_at=parse_datetime(values.get("_submission_time", "")),
                complete=True,
                answers={_question_label(q): values.get(q, "") for q in questions},
            )
        )
    return SurveyFile([_question_label(q) for q in questions], rows)


def read_limesurvey(data: bytes) -> SurveyFile:
    header, table = _table(data)
    lower = [h.lower() for h in header]
    if "id" not in lower or "submitdate" not in lower:
        raise SurveyFileError(
            "This does not look like a LimeSurvey export: it needs the id and submitdate columns. Export "
            "with question codes and the response ID."
        )
    id_col = header[lower.index("id")]
    submit_col = header[lower.index("submitdate")]
    questions = [h for h in header if h.lower() not in LIMESURVEY_METADATA]
    rows = []
    for number, values in table:
        submitted = values.get(submit_col, "")
        rows.append(
            SurveyRow(
                row=number,
                key=values.get(id_col, ""),
                submitted_at=parse_datetime(submitted),
                complete=bool(submitted.strip()),
                answers={q: values.get(q, "") for q in questions},
            )
        )
    return SurveyFile(questions, rows)


def read_ms_forms(data: bytes) -> SurveyFile:
    if not is_xlsx(data):
        raise SurveyFileError("Microsoft Forms responses come as an Excel workbook (.xlsx): upload that file.")
    header, table = _table(data)
    lower = [h.lower() for h in header]
    if "id" not in lower or "completion time" not in lower:
        raise SurveyFileError(
            "This does not look like a Microsoft Forms download: it needs the ID and Completion time columns."
        )
    id_col = header[lower.index("id")]
    done_col = header[lower.index("completion time")]
    questions = [h for h in header if h.lower() not in MS_FORMS_METADATA]
    rows = []
    for number, values in table:
        rows.append(
            SurveyRow(
                row=number,
                key=values.get(id_col, ""),
                submitted_at=parse_datetime(values.get(done_col, "")),
                complete=True,
                answers={q: values.get(q, "") for q in questions},
            )
        )
    return SurveyFile(questions, rows)


def prepare(fmt: str, data: bytes) -> dict:
    """The file read at once into JSON holding only what the importers use: question headings and
    answers, each response's key, time and completeness. Respondents' names and e-mail addresses
    (Microsoft Forms), device and user details (Kobo) and IP addresses and tokens (LimeSurvey) are
    dropped here, so they are never kept while the member checks the import."""
    try:
        survey = read(fmt, data)
    except SurveyFileError as error:
        return {"error": str(error)}
    return {
        "questions": survey.questions,
        "rows": [
            {
                "row": r.row,
                "key": r.key,
                "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
                "complete": r.complete,
                "answers": r.answers,
            }
            for r in survey.rows
        ],
    }


def from_prepared(prepared: dict) -> SurveyFile:
    """What `prepare` kept, back as a SurveyFile; raises SurveyFileError if the file could not be read."""
    if "error" in prepared:
        raise SurveyFileError(prepared["error"])
    rows = [
        SurveyRow(
            row=r["row"],
            key=r["key"],
            submitted_at=dt.datetime.fromisoformat(r["submitted_at"]) if r["submitted_at"] else None,
            complete=r["complete"],
            answers=r["answers"],
        )
        for r in prepared["rows"]
    ]
    return SurveyFile(list(prepared["questions"]), rows)


AGENCY_WORDS = re.compile(r"\b(agency|organisation|organization|service|employer)\b", re.IGNORECASE)


def agency_question(questions: list[str]) -> str | None:
    """The question that asks which agency the respondent works for, if there is one."""
    return next((q for q in questions if AGENCY_WORDS.search(q)), None)
