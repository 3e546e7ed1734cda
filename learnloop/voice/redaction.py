"""The redaction check: free text that could identify a child or family.

Names cannot be found by a pattern, so two things are done: names the source file itself
holds (in columns the importer is told about) are removed wherever they appear in the text,
and the details a pattern can find (e-mail addresses, phone numbers, postcodes, CHI numbers,
dates of birth, "my name is ...") are removed too. Forms refuse text that fails the check;
importers replace what they find with a placeholder and say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("an e-mail address", re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")),
    ("a CHI number", re.compile(r"\b\d{10}\b|\b\d{6}[ -]\d{4}\b")),
    ("a phone number", re.compile(r"(?<!\w)(\+44\s?|0)(\d[\s-]?){9,10}(?!\w)")),
    ("a postcode", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)),
    ("a date of birth", re.compile(r"\b(born|d\.?o\.?b\.?|date of birth)\b[:\s]*[\w/ .-]{4,20}", re.IGNORECASE)),
    (
        "a name",
        re.compile(r"\b(my name is|my name's|i am called|i'm called|call me)\s+[A-Z][\w'-]+", re.IGNORECASE),
    ),
]
PLACEHOLDER = "[removed]"


@dataclass
class Redaction:
    text: str
    found: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.found)


def identifiers_in(text: str) -> list[str]:
    """What the text seems to contain that could identify someone, in words, or []."""
    return [label for label, pattern in PATTERNS if pattern.search(text or "")]


def names_pattern(values: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for every name (and each word of it) that the source file holds."""
    parts = {part for value in values for part in _name_parts(value)}
    if not parts:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
    return re.compile(rf"\b({alternatives})\b", re.IGNORECASE)


def redact(text: str, *, known: Iterable[str] = (), known_pattern: re.Pattern[str] | None = None) -> Redaction:
    """The text with known names and identifying details replaced by a placeholder."""
    result = text or ""
    found: list[str] = []
    for pattern in [p for p in (known_pattern, names_pattern(known)) if p is not None]:
        if pattern.search(result):
            result = pattern.sub(PLACEHOLDER, result)
            if "a name" not in found:
                found.append("a name")
    for label, pattern in PATTERNS:
        if pattern.search(result):
            result = pattern.sub(PLACEHOLDER, result)
            if label not in found:
                found.append(label)
    return Redaction(result, found)


def _name_parts(value: str) -> list[str]:
    """A full name and each word of it long enough to be a name (not 'a', 'of' or initials)."""
    value = (value or "").strip()
    if not value:
        return []
    words = [w for w in re.split(r"[\s,]+", value) if len(w) >= 2]
    return [value, *words] if len(words) > 1 else words
