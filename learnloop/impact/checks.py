"""The check of a claim against its evidence. Pure functions: no database.

The rule, as the pages state it: each linked figure gives its own finding (improved, no change,
worse, or too early to tell) by its source's rule. A claim agrees when every finding that can be
checked (improved, no change or worse) is the claim itself; it is contradicted when any of them
is something else. Findings of "too early to tell" and stories (a tracked child) are shown but
do not count; a claim with nothing that counts is "not checked".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from learnloop.core.registry import FINDING_TEXT, IMPROVED, NO_CHANGE, WORSE, EvidenceReading

AGREES = "agrees"
CONTRADICTED = "contradicted"
NOT_CHECKED = "not_checked"
CHECKABLE = (IMPROVED, NO_CHANGE, WORSE)

RULE = (
    "Each linked figure gives its own finding by its source's rule. The claim agrees when every "
    "figure that can say (improved, no change or worse) says what the claim says; it is flagged "
    "when any of them says something else. Figures it is too early to judge, and children's "
    "stories, are shown but not counted."
)


@dataclass(frozen=True)
class CheckResult:
    status: str  # AGREES, CONTRADICTED or NOT_CHECKED
    message: str

    @property
    def tag_colour(self) -> str:
        return {AGREES: "green", CONTRADICTED: "red"}.get(self.status, "grey")

    @property
    def label(self) -> str:
        return {AGREES: "Agrees with the figures", CONTRADICTED: "Contradicted by the figures"}.get(
            self.status, "Not checked"
        )


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def check(verdict: str | None, readings: Iterable[EvidenceReading]) -> CheckResult:
    if not verdict:
        return CheckResult(NOT_CHECKED, "The evaluation gives no verdict yet.")
    findings = [r.finding for r in readings if not r.hidden and r.finding in CHECKABLE]
    said = FINDING_TEXT[verdict]
    if not findings:
        return CheckResult(NOT_CHECKED, f"The evaluation says {said}; no linked figure can check it yet.")
    shown = [FINDING_TEXT[f] for f in CHECKABLE if f in findings]
    if all(f == verdict for f in findings):
        return CheckResult(AGREES, f"The evaluation says {said}; the linked figures show {said}.")
    return CheckResult(CONTRADICTED, f"The evaluation says {said}; the linked figures show {_joined(shown)}.")
