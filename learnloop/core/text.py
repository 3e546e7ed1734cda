"""Small helpers for the words pages show, shared by templates and Python."""

from __future__ import annotations

import re

# Names that keep their capitals wherever they fall in a sentence. Labels are written in sentence
# case, so these are the only capitalised first words that are not capitalised for position's sake.
PROPER_NAMES = (
    "Care Inspectorate",
    "Care and Risk Management",
    "Children's Hearings Scotland",
    "Children's Reporter",
    "Fatal Accident Inquiry",
    "Police Scotland",
    "Public Health Scotland",
    "Scottish Government",
    "Scotland",
    "Scottish",
    "SCRA",
    "NHS",
)

_FIRST_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def mid_sentence(text: object) -> str:
    """A sentence-case label as it reads in the middle of a sentence.

    Only the first word loses its capital, and only when it is an ordinary word: acronyms and
    words with more than one capital (CPC, IRD, CPPMs) and proper names (Care Inspectorate,
    Police Scotland) stay as written. Every later capital in a sentence-case label is meant.
    'Record CPC decision' -> 'record CPC decision'; 'Initial CPPMs' -> 'initial CPPMs'.
    """
    value = "" if text is None else str(text)
    match = _FIRST_WORD.search(value)
    if not match:
        return value
    word = match.group(0)
    rest = value[match.start() :]
    if sum(1 for c in word if c.isupper()) != 1 or not word[0].isupper():
        return value
    if len(word) == 1 and word == "I":
        return value
    if any(rest.startswith(name) and not rest[len(name) : len(name) + 1].isalpha() for name in PROPER_NAMES):
        return value
    return value[: match.start()] + word[0].lower() + value[match.start() + 1 :]
