"""Scoring and aggregation: pure functions over answers, so the figures can be checked by hand.

- Overall figures for a question use the moderated answers: one agreed answer per case.
- Figures by agency use each agency's readers' submitted answers (their view of their own
  agency's part in the case), before moderation.
- "Good or better" is a grade of 4, 5 or 6 on the six-point scale. For yes / partly / no
  questions the share is of "yes", and "not applicable" is left out of the count.
- A section's figures pool the grades of its six-point questions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from learnloop.audits.models import GOOD_OR_BETTER, SCALE, AnswerType, Choice

SCALE_KEYS = [str(g) for g in sorted(SCALE, reverse=True)]  # "6" .. "1"
CHOICE_KEYS = [Choice.YES.value, Choice.PARTLY.value, Choice.NO.value, Choice.NOT_APPLICABLE.value]

# A question is a strength when at least this share is good or better, an area for improvement
# when under the lower share.
STRENGTH_SHARE = 0.75
IMPROVEMENT_SHARE = 0.5


@dataclass
class Distribution:
    answer_type: str
    counts: dict[str, int] = field(default_factory=dict)
    numbers: list[Decimal] = field(default_factory=list)

    @property
    def n(self) -> int:
        """How many answers count towards the share (not applicable is left out)."""
        if self.answer_type == AnswerType.SCALE:
            return sum(self.counts.get(k, 0) for k in SCALE_KEYS)
        if self.answer_type == AnswerType.YES_NO:
            return sum(self.counts.get(k, 0) for k in CHOICE_KEYS[:3])
        return len(self.numbers)

    @property
    def positive(self) -> int:
        if self.answer_type == AnswerType.SCALE:
            return sum(self.counts.get(str(g), 0) for g in range(GOOD_OR_BETTER, 7))
        if self.answer_type == AnswerType.YES_NO:
            return self.counts.get(Choice.YES.value, 0)
        return 0

    @property
    def share(self) -> float | None:
        """Share good or better (six-point scale) or share yes (yes / partly / no)."""
        if self.answer_type not in {AnswerType.SCALE, AnswerType.YES_NO} or not self.n:
            return None
        return self.positive / self.n

    @property
    def mean(self) -> float | None:
        if self.answer_type == AnswerType.SCALE and self.n:
            return sum(int(k) * self.counts.get(k, 0) for k in SCALE_KEYS) / self.n
        if self.answer_type == AnswerType.NUMBER and self.numbers:
            return float(sum(self.numbers) / len(self.numbers))
        return None

    def ordered(self) -> list[tuple[str, int]]:
        keys = SCALE_KEYS if self.answer_type == AnswerType.SCALE else CHOICE_KEYS
        return [(k, self.counts.get(k, 0)) for k in keys]

    def add(self, answer: Any) -> None:
        if self.answer_type == AnswerType.SCALE and answer.grade is not None:
            key = str(answer.grade)
        elif self.answer_type == AnswerType.YES_NO and answer.choice:
            key = answer.choice
        elif self.answer_type == AnswerType.NUMBER and answer.number is not None:
            self.numbers.append(answer.number)
            return
        else:
            return
        self.counts[key] = self.counts.get(key, 0) + 1

    def merge(self, other: Distribution) -> None:
        for key, count in other.counts.items():
            self.counts[key] = self.counts.get(key, 0) + count
        self.numbers.extend(other.numbers)


def distribution(answer_type: str, answers: Iterable[Any]) -> Distribution:
    result = Distribution(answer_type)
    for answer in answers:
        result.add(answer)
    return result


@dataclass
class Comment:
    question: Any
    agency: str
    text: str


@dataclass
class QuestionResult:
    question: Any
    overall: Distribution
    by_agency: dict[int, Distribution]
    comments: list[Comment]

    @property
    def is_graded(self) -> bool:
        return self.question.answer_type in {AnswerType.SCALE, AnswerType.YES_NO}


@dataclass
class SectionResult:
    section: Any
    questions: list[QuestionResult]
    overall: Distribution
    by_agency: dict[int, Distribution]


@dataclass
class Results:
    sections: list[SectionResult]
    agencies: list[Any]
    cases: int
    moderated_cases: int
    submitted_readings: int
    comments_by_theme: list[tuple[str, list[Comment]]]

    def questions(self) -> list[QuestionResult]:
        return [q for s in self.sections for q in s.questions]

    @property
    def strengths(self) -> list[QuestionResult]:
        return [q for q in self.questions() if q.overall.share is not None and q.overall.share >= STRENGTH_SHARE]

    @property
    def areas_for_improvement(self) -> list[QuestionResult]:
        return [q for q in self.questions() if q.overall.share is not None and q.overall.share < IMPROVEMENT_SHARE]


def build_results(
    *,
    sections: Sequence[Any],
    questions: Sequence[Any],
    moderated: Iterable[Any],
    reader_answers: Iterable[Any],
    agencies: Sequence[Any],
    cases: int,
    moderated_cases: int,
    submitted_readings: int,
    with_comments: bool,
) -> Results:
    """Put the answers together. `reader_answers` need `.question_id`, `.agency_id`, `.agency_name`."""
    moderated_by_q: dict[int, list[Any]] = {}
    for answer in moderated:
        moderated_by_q.setdefault(answer.question_id, []).append(answer)
    readers_by_q: dict[int, list[Any]] = {}
    for answer in reader_answers:
        readers_by_q.setdefault(answer.question_id, []).append(answer)

    by_theme: dict[str, list[Comment]] = {}
    section_results: list[SectionResult] = []
    for section in sections:
        q_results: list[QuestionResult] = []
        section_overall = Distribution(AnswerType.SCALE)
        section_agency: dict[int, Distribution] = {a.pk: Distribution(AnswerType.SCALE) for a in agencies}
        for question in (q for q in questions if q.section_id == section.pk):
            kind = question.answer_type
            overall = distribution(kind, moderated_by_q.get(question.pk, []))
            by_agency = {
                a.pk: distribution(kind, (r for r in readers_by_q.get(question.pk, []) if r.agency_id == a.pk))
                for a in agencies
            }
            comments = []
            if with_comments:
                comments = [
                    Comment(question, r.agency_name, r.comment.strip())
                    for r in readers_by_q.get(question.pk, [])
                    if r.comment.strip()
                ]
                for theme in question.themes.all() or [None]:
                    name = theme.name if theme is not None else "No theme"
                    by_theme.setdefault(name, []).extend(comments)
            if kind == AnswerType.SCALE:
                section_overall.merge(overall)
                for agency_id, dist in by_agency.items():
                    section_agency[agency_id].merge(dist)
            q_results.append(QuestionResult(question, overall, by_agency, comments))
        section_results.append(SectionResult(section, q_results, section_overall, section_agency))
    return Results(
        sections=section_results,
        agencies=list(agencies),
        cases=cases,
        moderated_cases=moderated_cases,
        submitted_readings=submitted_readings,
        comments_by_theme=sorted(by_theme.items(), key=lambda item: (item[0] == "No theme", item[0])),
    )


@dataclass
class ComparisonRow:
    key: str
    question: Any
    previous: Distribution | None
    current: Distribution

    @property
    def change(self) -> float | None:
        """The change in share, in percentage points (positive is better)."""
        if self.previous is None or self.previous.share is None or self.current.share is None:
            return None
        return round((self.current.share - self.previous.share) * 100, 1)

    @property
    def direction(self) -> str:
        change = self.change
        if change is None:
            return "new"
        if change > 0:
            return "better"
        if change < 0:
            return "worse"
        return "same"


def compare(previous: Results, current: Results) -> list[ComparisonRow]:
    """Question by question, matched by the question's key (stable across tool versions)."""
    earlier = {q.question.key: q.overall for q in previous.questions() if q.is_graded}
    return [
        ComparisonRow(q.question.key, q.question, earlier.get(q.question.key), q.overall)
        for q in current.questions()
        if q.is_graded
    ]


def share_text(dist: Distribution | None) -> str:
    if dist is None or dist.share is None:
        return "no data"
    word = "good or better" if dist.answer_type == AnswerType.SCALE else "yes"
    return f"{dist.positive} of {dist.n} ({round(dist.share * 100)}%) {word}"
