"""The redaction check: what in a text looks like it could identify a child or family.

Pure functions, no database: give it the text and what the review knows (the names recorded on
it, the schools the user lists, its case references) and it returns each possible identifier
with where it is. It errs on the side of flagging: a person decides.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

NAME = "name"
DATE = "date"
ADDRESS = "address"
POSTCODE = "postcode"
PHONE = "phone"
EMAIL = "email"
SCHOOL = "school"
CASE_REFERENCE = "case_reference"

LABELS = {
    NAME: "Name of a person recorded on the review",
    DATE: "Full date (a date of birth or another date that could identify)",
    ADDRESS: "Address",
    POSTCODE: "Postcode",
    PHONE: "Phone number",
    EMAIL: "E-mail address",
    SCHOOL: "School name",
    CASE_REFERENCE: "Case reference",
}

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE_PATTERNS = [
    # 3/4/2021, 03-04-21, 3.4.2021
    re.compile(r"\b\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})\b"),
    # 2021-04-03
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b"),
    # 3 April 2021, 3rd of April 2021
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\.?,?\s+\d{{4}}\b", re.IGNORECASE),
    # April 3, 2021
    re.compile(rf"\b(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", re.IGNORECASE),
]
# UK postcodes (the Royal Mail format, loosely): EH1 1YZ, G2 3AB, AB10 1XG, KY16 9AJ.
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_STREET_WORDS = (
    "street|st|road|rd|avenue|ave|lane|drive|dr|crescent|place|pl|terrace|court|gardens|way|close|"
    "square|wynd|brae|row|park|view|grove|loan|gate|walk"
)
_ADDRESS = re.compile(
    rf"\b(?:flat\s+\d+[a-z]?,?\s+)?\d{{1,4}}[a-z]?(?:/\d+)?,?\s+(?:[A-Z][a-z]+\s+){{1,3}}(?:{_STREET_WORDS})\b\.?",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\b[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\b")
# UK phone numbers: 0131 123 4567, 01234 567890, 07700 900123, +44 7700 900123, (0141) 123 4567.
_PHONE = re.compile(r"(?<![\w/])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s\-]?\d{3,4}[\s\-]?\d{3,4}(?![\w/])")
# Case references: letters, a separator, digits and often a year: SW-2025-0042, ED/123456, CR 2024/117.
_CASE_REFERENCE = re.compile(r"\b[A-Z]{2,4}[\-/ ]?\d{2,4}[\-/]\d{2,6}\b|\b[A-Z]{2,4}-\d{4,}\b")


@dataclass(frozen=True)
class RedactionFinding:
    kind: str
    text: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    def context(self, source: str, width: int = 40) -> str:
        start = max(self.start - width, 0)
        end = min(self.end + width, len(source))
        return ("…" if start else "") + source[start:end].replace("\n", " ") + ("…" if end < len(source) else "")


def _phrase(term: str, *, ignore_case: bool = True) -> re.Pattern[str]:
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(rf"(?<!\w){re.escape(term.strip())}(?!\w)", flags)


def _names(people: Iterable[str]) -> list[str]:
    """Each full name, and each part of it long enough to identify (surnames, first names)."""
    terms: set[str] = set()
    for person in people:
        person = person.strip()
        if not person:
            continue
        terms.add(person)
        for part in re.split(r"[\s,]+", person):
            if len(part) >= 3 and part[0].isupper():
                terms.add(part)
    return sorted(terms, key=len, reverse=True)


def check(
    text: str,
    *,
    people: Iterable[str] = (),
    schools: Iterable[str] = (),
    case_references: Iterable[str] = (),
) -> list[RedactionFinding]:
    """Every possible identifier in the text, in the order it appears, without overlaps."""
    found: list[RedactionFinding] = []

    def add(kind: str, match: re.Match[str]) -> None:
        found.append(RedactionFinding(kind, match.group(0).strip(), match.start(), match.end()))

    # Names are matched as written (capitalised), so "Hope" the name is found but "hope" is not.
    for name in _names(people):
        for match in _phrase(name, ignore_case=False).finditer(text):
            add(NAME, match)
    for school in schools:
        if school.strip():
            for match in _phrase(school).finditer(text):
                add(SCHOOL, match)
    for reference in case_references:
        if reference.strip():
            for match in _phrase(reference).finditer(text):
                add(CASE_REFERENCE, match)
    for match in _EMAIL.finditer(text):
        add(EMAIL, match)
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            add(DATE, match)
    for match in _POSTCODE.finditer(text):
        add(POSTCODE, match)
    for match in _ADDRESS.finditer(text):
        add(ADDRESS, match)
    for match in _PHONE.finditer(text):
        add(PHONE, match)
    for match in _CASE_REFERENCE.finditer(text):
        add(CASE_REFERENCE, match)
    return _without_overlaps(found)


def _without_overlaps(found: list[RedactionFinding]) -> list[RedactionFinding]:
    """Where two findings overlap, keep the one found first in priority order (names, schools,
    references, e-mail, dates...), then the longer."""
    kept: list[RedactionFinding] = []
    for finding in found:
        if any(finding.start < k.end and k.start < finding.end for k in kept):
            continue
        kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end))


def digest(text: str, *, people: Iterable[str] = (), schools: Iterable[str] = ()) -> str:
    """A fingerprint of what was checked, so an edit after the check is noticed."""
    material = "\x1f".join([text, *sorted(people), "\x1e", *sorted(schools)])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()
