"""Answers in the survey's own words, mapped once from the check page.

A row whose only problems are answers LearnLoop does not know ("Share within partnership", an
age band such as "12-15") is kept with the prepared rows as pending. The check page lists each
column's distinct unknown answers with a choice of LearnLoop's own; the member chooses (a band
that does not fit is never guessed: the choice starts empty), the pending rows that are then
complete join the rows to import, and the answers are added to the mapping, which is kept for the
next import when the file is accepted.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from learnloop.voice.importers import fields as parse


@dataclass(frozen=True)
class AnswerToMap:
    index: int
    name: str  # the field's name
    label: str  # the field's label, as in the mapping
    answer: str  # the survey's own answer, as in the file
    rows: list[int]
    choices: list[tuple[str, str]]

    @property
    def rows_text(self) -> str:
        shown = ", ".join(str(r) for r in self.rows[:10])
        return f"row{'s' if len(self.rows) != 1 else ''} {shown}{' and more' if len(self.rows) > 10 else ''}"


def answers_to_map(prepared: dict[str, Any]) -> list[AnswerToMap]:
    found: dict[tuple[str, str], tuple[str, list[int]]] = {}
    for pending in prepared.get("pending", []):
        for name, answer in pending["unresolved"].items():
            key = (name, parse._words(answer))
            found.setdefault(key, (answer, []))[1].append(pending["row"])
    result = []
    for index, ((name, _), (answer, rows)) in enumerate(sorted(found.items())):
        label, choices = parse.ANSWER_FIELDS[name]
        result.append(AnswerToMap(index, name, label, answer, sorted(rows), [(str(v), str(t)) for v, t in choices]))
    return result


FIELD_OF = {"given_by": "given_by", "age": "age_band", "consent": "consent", "sentiment": "sentiment"}


def _parse(name: str, ours: str) -> str:
    if name == "given_by":
        return parse.parse_given_by(ours, default="")
    if name == "age":
        return parse.parse_age_band(ours)
    if name == "consent":
        return parse.parse_consent(ours, default="")
    return parse.parse_sentiment(ours)


def chosen_from(post: Any, prepared: dict[str, Any]) -> dict[tuple[str, str], str]:
    """The member's choices from the check page's form: only answers listed, only LearnLoop's own words."""
    chosen = {}
    for item in answers_to_map(prepared):
        ours = (post.get(f"answer-{item.index}") or "").strip()
        if ours and ours in {v for v, _ in item.choices} and post.get(f"answer-{item.index}-from") == item.answer:
            chosen[(item.name, parse._words(item.answer))] = ours
    return chosen


def map_answers(prepared: dict[str, Any], chosen: dict[tuple[str, str], str]) -> tuple[dict[str, Any], list[str]]:
    """The prepared rows with the chosen answers applied, and the lines to add to the mapping's answers."""
    prepared = copy.deepcopy(prepared)
    labels = {name: label for name, (label, _) in parse.ANSWER_FIELDS.items()}
    lines: dict[tuple[str, str], str] = {}
    still = []
    for pending in prepared.get("pending", []):
        for name, answer in list(pending["unresolved"].items()):
            ours = chosen.get((name, parse._words(answer)))
            if ours is None:
                continue
            pending[FIELD_OF[name]] = _parse(name, ours)
            del pending["unresolved"][name]
            lines[(name, parse._words(answer))] = f"{labels[name]}: {answer} = {ours}"
            prepared["errors"] = [
                e for e in prepared["errors"] if not (e[0] == pending["row"] and e[1] == labels[name])
            ]
            prepared["notes"] = [
                n for n in prepared["notes"] if not n.startswith(f"{labels[name]}: the answer “{answer}”")
            ]
        if pending["unresolved"]:
            still.append(pending)
        else:
            prepared["views"].append(pending)
    prepared["views"].sort(key=lambda v: v["row"])
    prepared["pending"] = still
    return prepared, list(lines.values())
