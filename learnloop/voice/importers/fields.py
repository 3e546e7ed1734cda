"""Turning a cell into a part of a view, or a reason it cannot be one."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from learnloop.loop.models import AgeBand
from learnloop.voice.models import Consent, GivenBy, Sentiment


class BadValue(Exception):
    """The cell's value cannot be used; the message is the reason, in the user's words."""


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")


def parse_date(value: Any, *, today: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        result = value.date()
    elif isinstance(value, dt.date):
        result = value
    else:
        text = str(value or "").strip()
        if not text:
            raise BadValue("is empty; every view needs the date it was given")
        # Kobo "2026-03-02T10:15:32.000+00:00", LimeSurvey "2026-03-02 10:15:32": take the day.
        head = re.split(r"[T ]", text, maxsplit=1)[0]
        result = None
        for fmt in DATE_FORMATS:
            try:
                result = dt.datetime.strptime(head, fmt).date()
                break
            except ValueError:
                continue
        if result is None:
            raise BadValue(f"“{text}” is not a date (use YYYY-MM-DD or DD/MM/YYYY)")
    if result > today:
        raise BadValue(f"{result:%-d %B %Y} is in the future")
    if result.year < 2000:
        raise BadValue(f"{result:%-d %B %Y} is too long ago to be right")
    return result


GIVEN_BY_WORDS = {
    GivenBy.CHILD: {"child", "young person", "child or young person", "cyp", "pupil", "yp", "child_young_person"},
    GivenBy.PARENT: {"parent", "mum", "mother", "dad", "father", "step-parent", "stepparent"},
    GivenBy.CARER: {"carer", "foster carer", "kinship carer", "guardian", "foster_carer", "kinship_carer"},
    GivenBy.FAMILY: {
        "other family member",
        "family member",
        "family",
        "grandparent",
        "gran",
        "grandad",
        "sibling",
        "brother",
        "sister",
        "aunt",
        "uncle",
        "other_family_member",
    },
}


def _words(value: Any) -> str:
    """Lower case, with Kobo's XML names (young_person) read as words (young person)."""
    return str(value or "").strip().lower().replace("_", " ")


def parse_given_by(value: Any, *, default: str) -> str:
    text = _words(value)
    if not text:
        return default
    for choice, words in GIVEN_BY_WORDS.items():
        if text in words or text == choice.replace("_", " "):
            return str(choice)
    raise BadValue(f"“{value}” is not one of: child or young person, parent, carer, other family member")


def _band_for_age(age: int) -> str:
    if age < 1:
        return AgeBand.UNDER_1
    if age <= 4:
        return AgeBand.AGE_1_4
    if age <= 10:
        return AgeBand.AGE_5_10
    if age <= 15:
        return AgeBand.AGE_11_15
    if age <= 17:
        return AgeBand.AGE_16_17
    return AgeBand.AGE_18_PLUS


def parse_age_band(value: Any) -> str:
    text = str(value or "").strip().lower()
    if not text:
        return ""
    if text.isdigit():
        age = int(text)
        if age > 120:
            raise BadValue(f"“{value}” is not an age")
        return str(_band_for_age(age))
    normalised = text.replace(" to ", "-").replace("–", "-").replace(" ", "")
    for choice, label in AgeBand.choices:
        if normalised in {choice, label.lower().replace(" to ", "-").replace(" ", "")}:
            return str(choice)
    if re.fullmatch(r"\d+(-\d+|\+)", normalised):
        # A survey's own band ("12-15", "16+") is not one of LearnLoop's: asked about, never guessed.
        raise BadValue(
            f"“{value}” is the survey's own age band, not one of LearnLoop's ({', '.join(c for c, _ in AgeBand.choices)}). "
            f"Say which it is in the mapping's answers, for example “{value} = 11-15”"
        )
    raise BadValue(f"“{value}” is not an age or one of the age bands ({', '.join(c for c, _ in AgeBand.choices)})")


CONSENT_WORDS = {
    Consent.NONE: {"no", "n", "false", "0", "none", "no consent", "do not share", "not_agreed"},
    Consent.PARTNERSHIP: {"yes", "y", "true", "1", "share", "partnership", "internal", "yes - within the partnership"},
    Consent.PUBLISH_SUMMARY: {"publish summary", "summary", "publish_summary", "yes - summary", "anonymised summary"},
    Consent.PUBLISH_WORDS: {"publish words", "words", "quote", "publish_words", "yes - my words", "publish quote"},
    Consent.NOT_RECORDED: {"not asked", "not recorded", "unknown", "not_recorded"},
}


def parse_consent(value: Any, *, default: str) -> str:
    text = _words(value)
    if not text:
        return default
    for choice, words in CONSENT_WORDS.items():
        if text in words or text == choice.replace("_", " "):
            return str(choice)
    raise BadValue(f"“{value}” is not a consent we know (no, yes, publish summary, publish words)")


YES = {"yes", "y", "true", "1", "unsafe", "feels unsafe", "safety link", "safety", "not safe"}
NO = {"no", "n", "false", "0", "safe", "none", "-"}


# Words that may say a child feels unsafe, whatever the answer column says: offered for review.
SAYS_UNSAFE = re.compile(
    r"\b(?:(?:do ?n[o']?t|never|not|no longer) (?:feel |felt |feeling )?safe|unsafe|scared|frightened|afraid|"
    r"hurts? me|hit me|hits me)\b",
    re.IGNORECASE,
)


def says_unsafe(text: str) -> bool:
    return bool(SAYS_UNSAFE.search(text.replace("’", "'")))


def asks_if_safe(heading: str) -> bool:
    """A column that asks whether a child feels safe: a "yes" there means safe, not unsafe."""
    words = heading.lower().replace("’", "'")
    return "safe" in words and not any(w in words for w in ("unsafe", "not safe", "safety link", "safety flag"))


def unsafe_answers(text: str) -> set[str]:
    """The answers a mapping says mean a child feels unsafe ("No, Not sure"), matched ignoring case."""
    return {_words(part) for part in text.split(",") if part.strip()}


# The answers a user maps from the check page, and the field each belongs to: its name and label.
ANSWER_FIELDS = {
    "given_by": ("Who gave it", GivenBy.choices),
    "age": ("Age or age band", AgeBand.choices),
    "consent": ("Consent to share", Consent.choices),
    "sentiment": ("Positive, negative or mixed", Sentiment.choices),
}


def _answer_scope(prefix: str) -> str | None:
    words = _words(prefix)
    for name, (label, _) in ANSWER_FIELDS.items():
        if words in {name.replace("_", " "), label.lower()}:
            return name
    return None


def answer_map(text: str) -> dict[tuple[str, str], str]:
    """The mapping's answers in the survey's own words: "16+ = 16-17; Share within partnership = yes"
    (one a line or separated by ;), matched ignoring case and spaces. An answer may name the field
    it belongs to ("Age or age band: 12-15 = 11-15"); one without applies to every field.
    Keys are (field name or "", the answer)."""
    found: dict[tuple[str, str], str] = {}
    for part in re.split(r"[;\n]", text):
        if "=" in part:
            theirs, ours = part.rsplit("=", 1)
            scope = ""
            if ":" in theirs:
                prefix, rest = theirs.split(":", 1)
                if _answer_scope(prefix):
                    scope, theirs = _answer_scope(prefix) or "", rest
            if theirs.strip() and ours.strip():
                found[(scope, _words(theirs))] = ours.strip()
    return found


def mapped_answer(answers: dict[tuple[str, str], str], name: str, value: Any) -> Any:
    """The value in LearnLoop's words when the mapping's answers say what it means."""
    words = _words(value)
    return answers.get((name, words)) or answers.get(("", words)) or value


def parse_unsafe_by(value: Any, answers: set[str]) -> bool:
    """Unsafe when the answer is one the mapping names; any other answer (or none) is not a flag."""
    return _words(value) in answers


def parse_unsafe(value: Any) -> bool:
    text = str(value or "").strip().lower()
    if not text or text in NO:
        return False
    if text in YES or "unsafe" in text or "safety link" in text or "not safe" in text:
        return True
    raise BadValue(f"“{value}” is not yes or no")


SENTIMENT_WORDS = {
    Sentiment.POSITIVE: {"positive", "happy", "good", "great", "very happy", "thumbs up", "compliment"},
    Sentiment.NEGATIVE: {"negative", "sad", "unhappy", "bad", "angry", "worried", "very sad", "complaint", "upset"},
    Sentiment.MIXED: {"mixed", "ok", "okay", "not sure", "in between", "neutral"},
}


def parse_sentiment(value: Any) -> str:
    text = _words(value)
    if not text:
        return ""
    for choice, words in SENTIMENT_WORDS.items():
        if text in words or text == choice.replace("_", " "):
            return str(choice)
    raise BadValue(f"“{value}” is not positive, negative or mixed (or happy, sad, ok)")


def split_list(value: Any) -> list[str]:
    return [part.strip() for part in re.split(r"[;|,]", str(value or "")) if part.strip()]
