"""Importing evaluations and workforce feedback from survey exports.

Every bad row is reported at once (row, field, reason). A check (`dry_run`) writes nothing; an
import loads the whole file only if every row is good, or only the good rows when the person
accepts that (`skip_bad`). A response already imported (the same tool and key) is left as it is, so
importing the same export twice changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from learnloop.ingest import surveys
from learnloop.ingest.problems import RowProblem
from learnloop.ingest.staging import Check, left_out_notes
from learnloop.partnership.models import Agency
from learnloop.workforce import services
from learnloop.workforce.models import Course, Evaluation, FeedbackExercise, FeedbackResponse, Session

ORIGIN = {
    surveys.KOBO: Evaluation.Origin.KOBO,
    surveys.LIMESURVEY: Evaluation.Origin.LIMESURVEY,
    surveys.MS_FORMS: Evaluation.Origin.MS_FORMS,
}
OTHER_AGENCY = re.compile(r"^\s*other\b", re.IGNORECASE)  # Forms' "Other" choice, with what was written
NO_AGENCY = {"", "other", "prefer not to say", "not stated", "n/a", "none"}


@dataclass
class ImportResult:
    created: int = 0
    new: int = 0  # good rows not yet imported: what a check would add
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def fatal(self) -> bool:
        """A problem with the file as a whole: nothing in it can be imported."""
        return any(not e.row for e in self.errors)

    def check(self) -> Check:
        return Check(noun="response", new=self.new, unchanged=self.unchanged, errors=self.errors, notes=self.skipped)

    def may_write(self, *, dry_run: bool, skip_bad: bool) -> bool:
        """Whether to write the good rows: never in a check, and with bad rows only when accepted."""
        if dry_run or self.fatal:
            return False
        if self.errors:
            if not skip_bad:
                return False
            self.skipped.extend(left_out_notes(self.errors))
        return True

    def summary(self) -> str:
        parts = [f"{self.created} new response{'s' if self.created != 1 else ''} imported"]
        if self.unchanged:
            parts.append(f"{self.unchanged} already imported and left as they were")
        if self.skipped:
            parts.append(f"{len(self.skipped)} left out")
        return "; ".join(parts) + "."


def match_agency(text: str, agencies: list[Agency]) -> Agency | None | bool:
    """The agency an answer names, None if it names none, or False if it names one we do not know."""
    wanted = text.strip().lower()
    if wanted in NO_AGENCY:
        return None
    for agency in agencies:
        if agency.name.lower() == wanted:
            return agency
    for agency in agencies:
        name = agency.name.lower()
        kind = agency.get_kind_display().lower()
        if wanted in name or name in wanted or wanted == kind or wanted in kind:
            return agency
    aliases = {"nhs": Agency.Kind.HEALTH, "health": Agency.Kind.HEALTH, "police": Agency.Kind.POLICE}
    for word, kind_code in aliases.items():
        if word in wanted:
            match = next((a for a in agencies if a.kind == kind_code), None)
            if match:
                return match
    return False


def _agencies(partnership_id: int) -> list[Agency]:
    return list(Agency.objects.filter(partnership_id=partnership_id, is_active=True))


def _read(fmt: str, data: bytes | dict, result: ImportResult) -> surveys.SurveyFile | None:
    """The file's responses, from its bytes or from what `surveys.prepare` kept of it."""
    try:
        return surveys.from_prepared(data) if isinstance(data, dict) else surveys.read(fmt, data)
    except surveys.SurveyFileError as error:
        result.errors.append(RowProblem(None, "", str(error)))
        return None


# Evaluations ---------------------------------------------------------------------------------------

SCORE = re.compile(r"^\s*([1-5])(\b|\s|$)")
NUMBER = re.compile(r"(\d+)")


@dataclass
class ColumnMap:
    before: dict[int, str] = field(default_factory=dict)  # outcome position -> column heading
    after: dict[int, str] = field(default_factory=dict)
    agency: str | None = None
    comments: list[str] = field(default_factory=list)


def parse_saved_mapping(text: str) -> dict[str, str]:
    """'<column> = before 1' lines, as saved on the course, into {column: role}."""
    mapping: dict[str, str] = {}
    for line in text.splitlines():
        if "=" in line:
            column, role = line.rsplit("=", 1)
            if column.strip() and role.strip():
                mapping[column.strip()] = role.strip().lower()
    return mapping


def guess_columns(course: Course, questions: list[str]) -> ColumnMap:
    """Which column holds what: the course's saved mapping first, then the headings' own words."""
    outcomes = list(course.outcomes.all())
    saved = parse_saved_mapping(course.evaluation_columns)
    columns = ColumnMap()
    for question in questions:
        role = saved.get(question)
        if role is None:
            role = _guess_role(question, outcomes)
        if role is None:
            continue
        kind, _, number = role.partition(" ")
        if kind in {"before", "after"} and number.isdigit():
            getattr(columns, kind).setdefault(int(number), question)
        elif kind == "agency" and columns.agency is None:
            columns.agency = question
        elif kind == "comments":
            columns.comments.append(question)
    return columns


def _guess_role(question: str, outcomes: list[Any]) -> str | None:
    lower = question.lower()
    for kind in ("before", "after"):
        if kind in lower:
            for outcome in outcomes:
                if outcome.text.lower() in lower:
                    return f"{kind} {outcome.position}"
            numbers = NUMBER.findall(question)
            if numbers:
                return f"{kind} {int(numbers[-1])}"
    if surveys.AGENCY_WORDS.search(question):
        return "agency"
    if any(word in lower for word in ("comment", "anything else", "feedback", "what will you do differently")):
        return "comments"
    return None


def _score(text: str) -> int | None:
    match = SCORE.match(text)
    return int(match.group(1)) if match else None


def import_evaluations(
    *, session: Session, fmt: str, data: bytes | dict, by: Any, dry_run: bool = False, skip_bad: bool = False
) -> ImportResult:
    """Evaluations for one session from a survey export: all or nothing, or the good rows with `skip_bad`.

    With `dry_run` nothing is written: the result says what would be (`new`, `unchanged`, errors).
    """
    result = ImportResult()
    parsed = _read(fmt, data, result)
    if parsed is None:
        return result
    course = session.course
    outcomes = {o.position: o for o in course.outcomes.all()}
    columns = guess_columns(course, parsed.questions)
    for position, outcome in outcomes.items():
        for kind in ("before", "after"):
            if position not in getattr(columns, kind):
                result.errors.append(
                    RowProblem(
                        None,
                        "",
                        f"No column gives confidence {kind} the course on outcome {position} (“{outcome.text}”). "
                        f"Name the column in the course's evaluation column mapping, for example "
                        f"“<column heading> = {kind} {position}”. Columns found: {', '.join(parsed.questions)}.",
                    )
                )
    if result.errors:
        return result
    agencies = _agencies(session.partnership_id)
    origin = ORIGIN[fmt]
    already = set(
        Evaluation.objects.filter(session=session, origin=origin)
        .exclude(source_key="")
        .values_list("source_key", flat=True)
    )
    pending: list[dict[str, Any]] = []
    seen: set[str] = set()
    for row in parsed.rows:
        if not row.key:
            result.errors.append(
                RowProblem(row.row, "response ID", "is empty, so the response cannot be matched again.")
            )
            continue
        if row.key in seen:
            result.errors.append(RowProblem(row.row, "response ID", f"“{row.key}” appears twice in the file."))
            continue
        seen.add(row.key)
        if not row.complete:
            result.skipped.append(f"Row {row.row}: response {row.key} was not completed, so it was left out.")
            continue
        if row.key in already:
            result.unchanged += 1
            continue
        scores = {}
        row_ok = True
        for position, outcome in outcomes.items():
            raw_before = row.answers.get(columns.before[position], "")
            raw_after = row.answers.get(columns.after[position], "")
            if not raw_before and not raw_after:
                continue
            values = []
            for kind, heading, raw in (
                ("before", columns.before[position], raw_before),
                ("after", columns.after[position], raw_after),
            ):
                value = _score(raw)
                if value is None and raw:
                    result.errors.append(
                        RowProblem(
                            row.row,
                            heading,
                            f"“{raw}” is not a score from 1 to 5 (confidence {kind}, outcome {position}).",
                        )
                    )
                    row_ok = False
                values.append(value)
            if row_ok and None in values:
                # A skipped rating (Microsoft Forms keeps a partial response) leaves out that outcome only.
                result.skipped.append(
                    f"Row {row.row}: outcome {position} has only one of its two scores, so it was left out; "
                    "the response's other answers were kept."
                )
            elif row_ok:
                scores[outcome] = (values[0], values[1])
        agency = None
        if columns.agency:
            answer = row.answers.get(columns.agency, "")
            found = match_agency(answer, agencies)
            if found is False and OTHER_AGENCY.match(answer):
                # "Other: Housing Services": an agency outside the partnership's list is recorded, not refused.
                result.skipped.append(
                    f"Row {row.row}: the agency “{answer}” is not one of the partnership's, so it was recorded as none."
                )
                found = None
            if found is False:
                result.errors.append(
                    RowProblem(
                        row.row,
                        columns.agency,
                        f"“{answer}” is not one of the partnership's agencies ({', '.join(a.name for a in agencies)}).",
                    )
                )
                row_ok = False
            else:
                agency = found
        comments = "\n\n".join(row.answers.get(c, "") for c in columns.comments if row.answers.get(c, "")).strip()
        if row_ok and not scores and not comments:
            result.skipped.append(
                f"Row {row.row}: response {row.key} has no scores and no comments, so it was left out."
            )
            continue
        if row_ok:
            pending.append({"key": row.key, "scores": scores, "agency": agency, "comments": comments})
    result.new = len(pending)
    if not result.may_write(dry_run=dry_run, skip_bad=skip_bad):
        return result
    with transaction.atomic():
        for item in pending:
            services.evaluation_save(
                session=session,
                scores=item["scores"],
                agency=item["agency"],
                comments=item["comments"],
                origin=origin,
                source_key=item["key"],
                by=by,
            )
            result.created += 1
    return result


# Workforce feedback -----------------------------------------------------------------------------------


def import_feedback(
    *, exercise: FeedbackExercise, fmt: str, data: bytes | dict, by: Any, dry_run: bool = False, skip_bad: bool = False
) -> ImportResult:
    """Responses to a survey, consultation or briefing event from a survey export (as import_evaluations)."""
    result = ImportResult()
    parsed = _read(fmt, data, result)
    if parsed is None:
        return result
    agencies = _agencies(exercise.partnership_id)
    agency_column = surveys.agency_question(parsed.questions)
    origin = ORIGIN[fmt]
    already = set(
        FeedbackResponse.objects.filter(exercise=exercise, origin=origin)
        .exclude(source_key="")
        .values_list("source_key", flat=True)
    )
    pending = []
    seen: set[str] = set()
    for row in parsed.rows:
        if not row.key:
            result.errors.append(
                RowProblem(row.row, "response ID", "is empty, so the response cannot be matched again.")
            )
            continue
        if row.key in seen:
            result.errors.append(RowProblem(row.row, "response ID", f"“{row.key}” appears twice in the file."))
            continue
        seen.add(row.key)
        if not row.complete:
            result.skipped.append(f"Row {row.row}: response {row.key} was not completed, so it was left out.")
            continue
        if row.key in already:
            result.unchanged += 1
            continue
        agency = None
        if agency_column:
            found = match_agency(row.answers.get(agency_column, ""), agencies)
            if found is False and OTHER_AGENCY.match(row.answers.get(agency_column, "")):
                result.skipped.append(
                    f"Row {row.row}: the agency “{row.answers.get(agency_column)}” is not one of the "
                    "partnership's, so it was recorded as none."
                )
                found = None
            if found is False:
                result.errors.append(
                    RowProblem(
                        row.row,
                        agency_column,
                        f"“{row.answers.get(agency_column)}” is not one of the partnership's agencies "
                        f"({', '.join(a.name for a in agencies)}).",
                    )
                )
                continue
            agency = found
        answers = [(q, a) for q, a in row.answers.items() if q != agency_column and a.strip()]
        if not answers:
            result.skipped.append(f"Row {row.row}: response {row.key} has no answers, so it was left out.")
            continue
        pending.append((row, agency, answers))
    result.new = len(pending)
    if not result.may_write(dry_run=dry_run, skip_bad=skip_bad):
        return result
    with transaction.atomic():
        for row, agency, answers in pending:
            services.feedback_response_save(
                exercise=exercise,
                answers=answers,
                agency=agency,
                submitted_at=row.submitted_at,
                origin=origin,
                source_key=row.key,
                by=by,
            )
            result.created += 1
    return result
