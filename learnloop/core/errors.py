"""Error messages that name their field in plain English, as GOV.UK's do.

Every form renders its errors through the field and error-summary components, which pass each
message through `govuk_message`. Django's own wording ("This field is required.", "Ensure this
value has at most 200 characters (it has 201).") is replaced with a sentence that names the field;
messages the project writes itself pass through unchanged.

The field's name comes from its label, read mid-sentence. A label that is an instruction or a
question ("Describe the evidence", "Or give a link") does not make a sentence after "Enter", so
its form names it in `error_names`: `error_names = {"description": "a description of the evidence"}`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django import forms

from learnloop.core.text import mid_sentence

# First words that make a label an instruction or a question rather than a name.
NOT_A_NAME = {
    "add", "are", "attach", "can", "choose", "confirm", "describe", "do", "does", "enter", "explain",
    "give", "has", "have", "if", "is", "leave", "list", "or", "pick", "record", "say", "select",
    "should", "tell", "tick", "upload", "was", "were", "will", "write",
}  # fmt: skip


def error_name(field: forms.BoundField) -> str:
    """The field as a noun phrase mid-sentence: the form's `error_names`, else its label."""
    names = getattr(field.form, "error_names", None) or {}
    if field.name in names:
        return names[field.name]
    label = str(field.label or field.name.replace("_", " ")).strip().rstrip(":?").strip()
    return mid_sentence(label)


def _kind(field: forms.BoundField) -> str:
    from learnloop.core.templatetags.govuk import widget_kind

    return widget_kind(field)


def _required(field: forms.BoundField, name: str, match: re.Match[str]) -> str:
    kind = _kind(field)
    if kind in {"select", "radios", "checkboxes"}:
        return f"Select {name}"
    if kind == "file":
        return f"Upload {name}"
    if kind == "checkbox":
        return f"Tick {name}"
    return f"Enter {name}"


def _sentence(template: str) -> Callable[[forms.BoundField, str, re.Match[str]], str]:
    def build(field: forms.BoundField, name: str, match: re.Match[str]) -> str:
        text = template.format(name=name, **match.groupdict())
        return text[0].upper() + text[1:]

    return build


_choice = _sentence("{name} must be one of the choices given")


def _plural(word: str, count: str) -> str:
    return word if count.strip() in {"1", "1.0"} else word + "s"


def _length(direction: str) -> Callable[[forms.BoundField, str, re.Match[str]], str]:
    def build(field: forms.BoundField, name: str, match: re.Match[str]) -> str:
        limit = match.group("limit")
        text = f"{name} must be {limit} {_plural('character', limit)} or {direction}"
        return text[0].upper() + text[1:]

    return build


# Django's default messages (English), each with the sentence that replaces it.
DJANGO_MESSAGES: list[tuple[re.Pattern[str], Callable[[forms.BoundField, str, re.Match[str]], str]]] = [
    (re.compile(r"^This field is required\.$"), _required),
    (re.compile(r"^No file was submitted\.$"), _required),
    (
        re.compile(r"^Ensure this value has at most (?P<limit>\d+) characters? \(it has \d+\)\.$"),
        _length("fewer"),
    ),
    (
        re.compile(r"^Ensure this value has at least (?P<limit>\d+) characters? \(it has \d+\)\.$"),
        _length("more"),
    ),
    (
        re.compile(r"^Ensure this filename has at most (?P<limit>\d+) characters? \(it has \d+\)\.$"),
        _sentence("the name of the file for {name} must be {limit} characters or fewer"),
    ),
    (re.compile(r"^Select a valid choice\..*$"), _choice),
    (re.compile(r"^Enter a list of values\.$"), _choice),
    (re.compile(r"^“.*” is not a valid value\.$"), _choice),
    (re.compile(r"^Enter a whole number\.$"), _sentence("{name} must be a whole number, like 12")),
    (re.compile(r"^Enter a number\.$"), _sentence("{name} must be a number, like 12")),
    (
        re.compile(r"^Ensure this value is less than or equal to (?P<limit>[-\d.,]+)\.$"),
        _sentence("{name} must be {limit} or less"),
    ),
    (
        re.compile(r"^Ensure this value is greater than or equal to (?P<limit>[-\d.,]+)\.$"),
        _sentence("{name} must be {limit} or more"),
    ),
    (
        re.compile(r"^Ensure this value is a multiple of step size (?P<limit>[-\d.,]+).*\.$"),
        _sentence("{name} must be a multiple of {limit}"),
    ),
    (
        re.compile(r"^Ensure that there are no more than (?P<limit>\d+) digits? in total\.$"),
        _sentence("{name} must have {limit} digits or fewer"),
    ),
    (
        re.compile(r"^Ensure that there are no more than (?P<limit>\d+) decimal places?\.$"),
        _sentence("{name} must have {limit} decimal places or fewer"),
    ),
    (
        re.compile(r"^Ensure that there are no more than (?P<limit>\d+) digits? before the decimal point\.$"),
        _sentence("{name} must have {limit} digits or fewer before the decimal point"),
    ),
    (re.compile(r"^Enter a valid date\.$"), _sentence("{name} must be a real date, like 27 3 2026")),
    (re.compile(r"^Enter a valid time\.$"), _sentence("{name} must be a real time, like 14:30")),
    (re.compile(r"^Enter a valid date/time\.$"), _sentence("{name} must be a real date and time")),
    (re.compile(r"^Enter a valid duration\.$"), _sentence("{name} must be a length of time, like 1:30:00")),
    (re.compile(r"^The number of days must be between .*\.$"), _sentence("{name} is too long a time")),
    (
        re.compile(r"^Enter a valid email address\.$"),
        _sentence("enter {name} in the correct format, like name@example.com"),
    ),
    (
        re.compile(r"^Enter a valid URL\.$"),
        _sentence("enter {name} in the correct format, like https://www.example.com"),
    ),
    (re.compile(r"^Enter a valid UUID\.$"), _sentence("enter {name} in the correct format")),
    (re.compile(r"^Enter a valid JSON\.$"), _sentence("enter {name} in the correct format")),
    (
        re.compile(r"^Enter a valid (?:IPv4 or IPv6 |IPv4 |IPv6 )?address\.$"),
        _sentence("enter {name} in the correct format"),
    ),
    (re.compile(r"^Enter a valid .*\.$"), _sentence("enter {name} in the correct format")),
    (re.compile(r"^Enter only digits separated by commas\.$"), _sentence("{name} must be numbers separated by commas")),
    (re.compile(r"^Null characters are not allowed\.$"), _sentence("{name} must not contain null characters")),
    (
        re.compile(r"^No file was submitted\. Check the encoding type on the form\.$"),
        _sentence("{name} must be a file"),
    ),
    (re.compile(r"^The submitted file is empty\.$"), _sentence("the file for {name} is empty")),
    (
        re.compile(r"^Please either submit a file or check the clear checkbox, not both\.$"),
        _sentence("upload a new file for {name} or remove the current one, not both"),
    ),
    (
        re.compile(r"^Upload a valid image\..*$"),
        _sentence("the file for {name} must be an image"),
    ),
    (re.compile(r"^.* with this .* already exists\.$"), _sentence("{name} is already used: give another")),
    (re.compile(r"^Value .* is not a valid choice\.$"), _choice),
    (re.compile(r"^This field cannot be (?:null|blank)\.$"), _required),
]


def django_default(message: str) -> bool:
    """Whether the message is one of Django's own, which do not say which field they are about."""
    return any(pattern.match(message) for pattern, _ in DJANGO_MESSAGES)


def govuk_message(error: object, field: forms.BoundField) -> str:
    """The error as GOV.UK would write it: Django's generic text becomes a sentence naming the field."""
    message = str(error)
    for pattern, build in DJANGO_MESSAGES:
        match = pattern.match(message)
        if match:
            return build(field, error_name(field), match)
    return message
