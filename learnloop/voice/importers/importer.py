"""Importing views from an export: read, check every row, then add only what is new.

`views_check` says what an import would do and writes nothing: new rows, rows already imported
and each bad row (its row number in the file, the field and the reason). `views_import` then
loads all or nothing, or, when the person accepts it, only the good rows. Keys are
pseudonymised, so importing the same file twice adds nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from learnloop.ingest.problems import RowProblem
from learnloop.ingest.staging import Check, left_out_notes
from learnloop.partnership.models import Agency, Partnership
from learnloop.themes.models import Theme
from learnloop.voice.importers import answers, reflag
from learnloop.voice.importers import fields as parse
from learnloop.voice.importers.reading import Table, UnreadableFile, read_table
from learnloop.voice.importers.sources import FORMATS, ExportFormat
from learnloop.voice.models import Channel, ColumnMapping, ImportBatch, Source, View, VoiceEvent
from learnloop.voice.pseudonymise import pseudonymise
from learnloop.voice.redaction import names_pattern, redact


class ImportRejected(Exception):
    def __init__(self, errors: list[RowProblem]) -> None:
        super().__init__(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in the file")
        self.errors = errors


@dataclass
class ImportOptions:
    given_by: str = "child"
    consent: str = "not_recorded"
    agency: Agency | None = None
    survey_title: str = ""
    survey_id: str = ""


@dataclass
class ParsedView:
    row: int
    key: str
    date: dt.date
    given_by: str
    age_band: str
    summary: str
    consent: str
    feels_unsafe: bool
    sentiment: str
    themes: list[Theme]
    child_reference: str
    source_detail: str
    team: str
    unresolved: dict[str, str] = field(default_factory=dict)  # field name -> the survey's own answer


@dataclass
class Parsed:
    views: list[ParsedView] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    incomplete: int = 0
    rows_read: int = 0
    review: list[int] = field(default_factory=list)  # rows whose words may say a child feels unsafe
    pending: list[ParsedView] = field(default_factory=list)  # good but for answers still to map
    headers: list[str] = field(default_factory=list)  # the file's own column names, for the mapping form


def find_column(headers: list[str], wanted: str) -> str | None:
    """Exact, then case-insensitive, then the last part of a Kobo group path or a LimeSurvey code."""
    wanted = wanted.strip()
    if not wanted:
        return None
    if wanted in headers:
        return wanted
    lowered = {h.lower(): h for h in headers}
    if wanted.lower() in lowered:
        return lowered[wanted.lower()]
    for header in headers:
        if header.split("/")[-1].lower() == wanted.lower():
            return header
    # LimeSurvey writes a sub-question as Q2_SQ001 or Q2[SQ001]; accept either spelling.
    alt = re.sub(r"\[(\w+)\]$", r"_\1", wanted)
    for header in headers:
        if re.sub(r"\[(\w+)\]$", r"_\1", header).lower() == alt.lower():
            return header
    return None


def resolve_columns(
    fmt: ExportFormat, table: Table, mapping: dict[str, str]
) -> tuple[dict[str, Any], list[RowProblem]]:
    """Which header each field reads from, or the errors naming mapped columns not in the file."""
    columns: dict[str, Any] = {}
    errors: list[RowProblem] = []
    for column in fmt.fixed_columns:
        if find_column(table.headers, column) is None:
            errors.append(
                RowProblem(1, column, f"the column “{column}” is not in the file; is this a {fmt.title} export?")
            )
    # A mapped column missing from the file is a problem with the mapping, not the file: say so,
    # and name the file's own columns so the right one can be chosen.
    offered = "; the file's columns are " + ", ".join(f"“{h}”" for h in table.headers[:40] if h)
    change = f"Change the mapping{offered}"
    for mapped in fmt.fields:
        wanted = (mapping.get(mapped.name) or "").strip()
        if mapped.name == "answers":
            columns["answers"] = parse.answer_map(wanted)
            continue
        if mapped.name == "unsafe_answers":
            columns["unsafe_answers"] = parse.unsafe_answers(wanted)
            continue
        if mapped.name == "names":
            found = []
            for part in [p.strip() for p in wanted.split(",") if p.strip()]:
                header = find_column(table.headers, part)
                if header is None:
                    errors.append(RowProblem(1, mapped.label, f"the column “{part}” is not in the file. {change}"))
                else:
                    found.append(header)
            columns["names"] = found
            continue
        if not wanted:
            if mapped.required:
                errors.append(RowProblem(1, mapped.label, f"no column is chosen for it. {change}"))
            columns[mapped.name] = None
            continue
        header = find_column(table.headers, wanted)
        if header is None:
            errors.append(RowProblem(1, mapped.label, f"the column “{wanted}” is not in the file. {change}"))
        columns[mapped.name] = header
    if fmt.key_column:
        columns["key"] = find_column(table.headers, fmt.key_column)
    safety = columns.get("unsafe")
    if safety and not columns.get("unsafe_answers") and parse.asks_if_safe(safety):
        # "Do you feel safe?" mapped as "Feels unsafe" would flag every child who said yes: ask, never guess.
        errors.append(
            RowProblem(
                1,
                "Answers that mean unsafe",
                f"the column “{safety}” asks whether a child feels safe, so a “yes” there is not a flag. "
                "Change the mapping: say which of its answers mean the child feels unsafe (for example “No”)",
            )
        )
    return columns, errors


def _cell(row: dict[str, Any], column: str | None) -> Any:
    if not column:
        return ""
    value = row.get(column, "")
    return value.strip() if isinstance(value, str) else value


def _themes_in(value: Any, themes: dict[str, Theme], unknown: dict[str, list[int]], row: int) -> list[Theme]:
    """Themes by name or code; Kobo's select_multiple writes codes separated by spaces."""
    found: list[Theme] = []
    for part in parse.split_list(value):
        whole = themes.get(part.lower())
        matches = [whole] if whole else [themes[w.lower()] for w in part.split() if w.lower() in themes]
        if not matches or (not whole and len(matches) != len(part.split())):
            unknown.setdefault(part, []).append(row)
        for theme in matches:
            if theme not in found:
                found.append(theme)
    return found


def parse_table(
    *,
    fmt: ExportFormat,
    table: Table,
    mapping: dict[str, str],
    options: ImportOptions,
    partnership: Partnership,
    today: dt.date,
) -> Parsed:
    result = Parsed(headers=[h for h in table.headers if h])
    columns, header_errors = resolve_columns(fmt, table, mapping)
    if header_errors:
        result.errors = header_errors
        return result
    themes: dict[str, Theme] = {}
    for theme in Theme.objects.filter(partnership=partnership, retired_at__isnull=True):
        themes[theme.name.lower()] = theme
        themes[theme.code.lower()] = theme
    unknown_themes: dict[str, list[int]] = {}
    # Every name and child reference anywhere in the file is removed from every row's text.
    known_pattern = names_pattern(
        str(_cell(row, c) or "")
        for row in table.rows
        for c in [*columns.get("names", []), columns.get("child_reference")]
        if c
    )
    seen_keys: dict[str, int] = {}
    label = {f.name: f.label for f in fmt.fields}
    for offset, row in enumerate(table.rows):
        number = table.first_row_number + offset
        if not row:
            continue
        result.rows_read += 1
        errors: list[RowProblem] = []
        unresolved: dict[str, str] = {}  # answers not in LearnLoop's words, mappable on the check page

        def attempt(name: str, fn: Any, value: Any, **kwargs: Any) -> Any:
            if isinstance(value, str) and columns.get("answers"):
                value = parse.mapped_answer(columns["answers"], name, value)
            try:
                return fn(value, **kwargs)
            except parse.BadValue as error:
                errors.append(RowProblem(number, label.get(name, name), str(error)))  # noqa: B023
                if name in parse.ANSWER_FIELDS and isinstance(value, str):
                    unresolved[name] = value  # noqa: B023
                return None

        if columns.get("unsafe_answers"):
            unsafe = parse.parse_unsafe_by(_cell(row, columns.get("unsafe")), columns["unsafe_answers"])
        else:
            unsafe = attempt("unsafe", parse.parse_unsafe, _cell(row, columns.get("unsafe")))
        incomplete = fmt.source == Source.LIMESURVEY and not _cell(row, "submitdate")
        if incomplete and not unsafe:
            result.incomplete += 1
            continue
        raw_key = _cell(row, columns.get("key"))
        if fmt.source == Source.MIND_OF_MY_OWN and not columns.get("key"):
            raw_key = hashlib.sha256(repr(sorted((k, str(v)) for k, v in row.items())).encode()).hexdigest()
        if not raw_key:
            errors.append(
                RowProblem(number, fmt.key_column or label.get("key", "Key"), "is empty; each row needs its key")
            )
        elif fmt.source == Source.LIMESURVEY:
            raw_key = f"{options.survey_id}:{raw_key}"
        if raw_key and raw_key in seen_keys:
            errors.append(
                RowProblem(number, fmt.key_column or label["key"], f"repeats the key of row {seen_keys[raw_key]}")
            )
        elif raw_key:
            seen_keys[str(raw_key)] = number
        date_column = columns.get("date")
        if incomplete and not _cell(row, date_column):
            date_column = "datestamp" if "datestamp" in table.headers else "startdate"
        view_date = attempt("date", parse.parse_date, _cell(row, date_column), today=today)
        given_by = attempt(
            "given_by", parse.parse_given_by, _cell(row, columns.get("given_by")), default=options.given_by
        )
        age_band = attempt("age", parse.parse_age_band, _cell(row, columns.get("age")))
        consent = attempt("consent", parse.parse_consent, _cell(row, columns.get("consent")), default=options.consent)
        sentiment = attempt("sentiment", parse.parse_sentiment, _cell(row, columns.get("sentiment")))
        raw_text = str(_cell(row, columns.get("text")) or "")
        if not raw_text.strip() and not unsafe:
            errors.append(RowProblem(number, label["text"], "is empty"))
        if not unsafe and parse.says_unsafe(raw_text):
            result.review.append(number)
        raw_child = str(_cell(row, columns.get("child_reference")) or "")
        cleaned = redact(raw_text, known_pattern=known_pattern)
        if cleaned.changed:
            result.notes.append(f"Row {number}: {' and '.join(cleaned.found)} removed from what they said.")
        if incomplete:
            result.notes.append(
                f"Row {number} is an incomplete response, but it says a child feels unsafe, so it was imported and flagged."
            )
        if errors and len(errors) != len(unresolved):
            result.errors.extend(errors)
            continue
        result.errors.extend(errors)
        detail = " · ".join(
            str(_cell(row, columns.get(n))) for n in ("app", "statement_type") if _cell(row, columns.get(n))
        )
        (result.pending if errors else result.views).append(
            ParsedView(
                row=number,
                key=pseudonymise(str(raw_key), purpose=f"voice-{fmt.source}-key"),
                date=view_date,
                given_by=given_by,
                age_band=age_band or "",
                summary=cleaned.text.strip() or "(No words given.)",
                consent=consent,
                feels_unsafe=bool(unsafe),
                sentiment=sentiment or "",
                themes=_themes_in(_cell(row, columns.get("themes")), themes, unknown_themes, number),
                child_reference=pseudonymise(raw_child, purpose="voice-child") if raw_child else "",
                source_detail=detail[:200],
                team=str(_cell(row, columns.get("team")) or "")[:200],
                unresolved=dict(unresolved),
            )
        )
    if known_pattern is not None:  # a reason may quote a cell: never a name or child reference
        result.errors = [
            RowProblem(e.row, e.field, redact(e.reason, known_pattern=known_pattern).text) for e in result.errors
        ]
        for pending in result.pending:
            pending.unresolved = {k: redact(v, known_pattern=known_pattern).text for k, v in pending.unresolved.items()}
    unmapped: dict[tuple[str, str], list[int]] = {}
    for error in result.errors:
        quoted = re.match(r"“(.+?)” is (?:not|the survey's own)", error.reason)
        if quoted and error.row:
            unmapped.setdefault((error.field, quoted.group(1)), []).append(error.row)
    for (column, answer), rows in sorted(unmapped.items()):
        result.notes.append(
            f"{column}: the answer “{answer}” is not in LearnLoop's words (row{'s' if len(rows) != 1 else ''} "
            f"{', '.join(str(r) for r in rows[:10])}). Change the mapping: add it to the answers, such as "
            f"“{answer} = ...”, once for every import."
        )
    for name, rows in sorted(unknown_themes.items()):
        shown = ", ".join(str(r) for r in rows[:5]) + (" and more" if len(rows) > 5 else "")
        result.notes.append(f"Theme “{name}” is not one of the partnership's themes and was left off (rows {shown}).")
    return result


def _read_and_parse(
    *,
    partnership: Partnership,
    source: str,
    filename: str,
    content: bytes,
    mapping: dict[str, str],
    options: ImportOptions,
    today: dt.date,
) -> Parsed:
    """Every view the file holds and every problem in it. Writes nothing."""
    fmt = FORMATS[source]
    if fmt.needs_survey and not options.survey_title.strip():
        return Parsed(errors=[RowProblem(0, "Survey", "give the survey's title so its views are kept together")])
    if fmt.needs_survey_id and not options.survey_id.strip():
        return Parsed(errors=[RowProblem(0, "Survey ID", "give the LimeSurvey survey ID (in the export's file name)")])
    try:
        table = read_table(content, filename)
    except UnreadableFile as error:
        return Parsed(errors=[RowProblem(0, "File", str(error))])
    return parse_table(fmt=fmt, table=table, mapping=mapping, options=options, partnership=partnership, today=today)


def views_prepare(
    *,
    partnership: Partnership,
    source: str,
    filename: str,
    content: bytes,
    mapping: dict[str, str],
    options: ImportOptions,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The file read at once into what an import would store, as JSON: keys and child references
    pseudonymised, names and personal details removed from the text, and each bad row's problem.
    This (never the raw file) is what is kept between the check page and accepting."""
    parsed = _read_and_parse(
        partnership=partnership,
        source=source,
        filename=filename,
        content=content,
        mapping=mapping,
        options=options,
        today=today or timezone.localdate(),
    )
    return {
        "file_sha256": hashlib.sha256(content).hexdigest(),
        "rows_read": parsed.rows_read,
        "incomplete": parsed.incomplete,
        "notes": parsed.notes,
        "errors": [[e.row, e.field, e.reason] for e in parsed.errors],
        "review": parsed.review,
        "views": [view_json(v) for v in parsed.views],
        "pending": [view_json(v) for v in parsed.pending],
        "headers": parsed.headers[:200],
    }


def view_json(v: ParsedView) -> dict[str, Any]:
    return {
        "row": v.row,
        "key": v.key,
        "date": v.date.isoformat(),
        "given_by": v.given_by,
        "age_band": v.age_band,
        "summary": v.summary,
        "consent": v.consent,
        "feels_unsafe": v.feels_unsafe,
        "sentiment": v.sentiment,
        "themes": [t.pk for t in v.themes],
        "child_reference": v.child_reference,
        "source_detail": v.source_detail,
        "team": v.team,
        "unresolved": v.unresolved,
    }


def _unprepare(partnership: Partnership, prepared: dict[str, Any]) -> Parsed:
    """The prepared JSON back into parsed views (themes still the partnership's own)."""
    pending = prepared.get("pending", [])
    theme_ids = {pk for v in [*prepared["views"], *pending] for pk in v["themes"]}
    themes = Theme.objects.filter(partnership=partnership, pk__in=theme_ids).in_bulk() if theme_ids else {}

    def view(v: dict[str, Any]) -> ParsedView:
        return ParsedView(
            **{
                **v,
                "date": dt.date.fromisoformat(v["date"]),
                "themes": [themes[pk] for pk in v["themes"] if pk in themes],
            }
        )

    return Parsed(
        views=[view(v) for v in prepared["views"]],
        pending=[view(v) for v in pending],
        errors=[RowProblem(row, name, reason) for row, name, reason in prepared["errors"]],
        notes=list(prepared["notes"]),
        incomplete=prepared["incomplete"],
        rows_read=prepared["rows_read"],
        review=list(prepared.get("review", [])),
    )


def _existing_keys(partnership: Partnership, source: str, parsed: Parsed) -> set[str]:
    return set(
        View.objects.filter(
            partnership=partnership, source=source, source_key__in=[v.key for v in parsed.views]
        ).values_list("source_key", flat=True)
    )


def views_check(
    *,
    partnership: Partnership,
    source: str,
    filename: str,
    mapping: dict[str, str],
    options: ImportOptions,
    content: bytes | None = None,
    prepared: dict[str, Any] | None = None,
    today: dt.date | None = None,
) -> Check:
    """What importing the file (or its `prepared` rows) would do: new, already imported and bad
    rows. Writes nothing."""
    if prepared is None:
        prepared = views_prepare(
            partnership=partnership,
            source=source,
            filename=filename,
            content=content or b"",
            mapping=mapping,
            options=options,
            today=today,
        )
    parsed = _unprepare(partnership, prepared)
    existing = _existing_keys(partnership, source, parsed)
    notes = list(parsed.notes)
    if parsed.incomplete:
        notes.append(
            f"{parsed.incomplete} incomplete response{'s' if parsed.incomplete != 1 else ''} will be left out."
        )
    unsafe = sum(1 for v in parsed.views if v.feels_unsafe and v.key not in existing)
    if unsafe:
        notes.insert(
            0,
            f"{unsafe} new view{'s' if unsafe != 1 else ''} say{'s' if unsafe == 1 else ''} a child "
            "feels unsafe: the lead officer and agency lead will be told as soon as they are imported.",
        )
    changes = reflag.flag_changes(partnership, source, [v for v in parsed.views if v.key in existing])
    changed = len(changes.rows)
    unchanged = sum(1 for v in parsed.views if v.key in existing) - changed
    fmt = FORMATS[source]
    labels = {f.name: f.label for f in fmt.fields}
    return Check(
        noun="view",
        new=len(parsed.views) - unchanged - changed,
        changed=changed,
        unchanged=unchanged,
        errors=parsed.errors,
        notes=notes,
        flagged=sorted(
            [v.row for v in parsed.views if v.feels_unsafe and v.key not in existing] + [r for r, _ in changes.add]
        ),
        unflagged=[r for r, _ in changes.remove],
        unflag_kept=[r for r, _ in changes.keep_for_review],
        answers=answers.answers_to_map(prepared),
        review=[row for row in parsed.review if row not in {v.row for v in parsed.views if v.key in existing}],
        mapping=[(labels.get(name, name), column) for name, column in mapping.items() if column and name in labels],
    )


@transaction.atomic
def views_import(
    *,
    partnership: Partnership,
    source: str,
    filename: str,
    mapping: dict[str, str],
    options: ImportOptions,
    by: Any,
    content: bytes | None = None,
    prepared: dict[str, Any] | None = None,
    base_url: str = "",
    today: dt.date | None = None,
    skip_bad: bool = False,
) -> ImportBatch:
    """Import an export file, or its `prepared` rows (see `views_prepare`). Raises ImportRejected,
    with every bad row, and writes nothing.

    With `skip_bad`, rows with problems are left out (and named in the batch's notes) and the
    good rows are imported; a problem with the file as a whole still rejects it.
    """
    from learnloop.voice.services import view_save

    fmt = FORMATS[source]
    if prepared is None:
        prepared = views_prepare(
            partnership=partnership,
            source=source,
            filename=filename,
            content=content or b"",
            mapping=mapping,
            options=options,
            today=today,
        )
    parsed = _unprepare(partnership, prepared)
    if parsed.errors:
        if not skip_bad or any(e.row <= 1 for e in parsed.errors):
            raise ImportRejected(parsed.errors)
        parsed.notes.extend(left_out_notes(parsed.errors))
    ColumnMapping.objects.update_or_create(
        partnership=partnership, source=source, defaults={"columns": {k: v for k, v in mapping.items() if v}}
    )
    existing = _existing_keys(partnership, source, parsed)
    new = [v for v in parsed.views if v.key not in existing]
    changes = reflag.flag_changes(partnership, source, [v for v in parsed.views if v.key in existing])
    event = None
    if fmt.needs_survey and new:
        event = VoiceEvent.objects.filter(
            partnership=partnership, kind=VoiceEvent.Kind.SURVEY, title=options.survey_title.strip()
        ).first()
        if event is None:
            event = VoiceEvent.objects.create(
                partnership=partnership,
                kind=VoiceEvent.Kind.SURVEY,
                title=options.survey_title.strip()[:200],
                date=min(v.date for v in new),
                agency=options.agency,
                created_by=by,
            )
    batch = ImportBatch.objects.create(
        partnership=partnership,
        source=source,
        filename=filename[:255],
        file_sha256=prepared["file_sha256"],
        survey_id=options.survey_id.strip()[:60],
        event=event,
        rows_read=parsed.rows_read,
        already_imported=len(parsed.views) - len(new) - len(changes.rows),
        incomplete_skipped=parsed.incomplete,
        notes=parsed.notes,
        created_by=by,
    )
    channel = Channel.MIND_OF_MY_OWN if source == Source.MIND_OF_MY_OWN else Channel.SURVEY
    for item in new:
        view = View(
            partnership=partnership,
            event=event,
            channel=channel,
            given_by=item.given_by,
            age_band=item.age_band,
            date=item.date,
            summary=item.summary,
            consent=item.consent,
            sentiment=item.sentiment,
            feels_unsafe=item.feels_unsafe,
            agency=options.agency,
            source=source,
            source_key=item.key,
            child_reference=item.child_reference,
            source_detail=item.source_detail,
            team=item.team,
            import_batch=batch,
        )
        view_save(view=view, themes=item.themes, by=by, check=False, base_url=base_url)
    batch.notes = [*batch.notes, *reflag.apply(changes, batch=batch, by=by, base_url=base_url)]
    batch.views_added = len(new)
    batch.unsafe_flags = sum(1 for v in new if v.feels_unsafe) + len(changes.add)
    batch.save()
    return batch
