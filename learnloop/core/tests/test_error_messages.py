"""Every form's errors name their field in plain English: no Django default text reaches a user."""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict
from typing import Any

import pytest
from django import forms
from django.core import validators as django_validators
from django.template import Context, Template
from django.urls import reverse

import learnloop
from learnloop.core.errors import NOT_A_NAME, django_default, error_name, govuk_message
from learnloop.testing.factories import ActionFactory, LearningPointFactory


class _Params(defaultdict):
    def __missing__(self, key: str) -> int:
        return 1


def _all_forms() -> list[type[forms.BaseForm]]:
    for info in pkgutil.walk_packages(learnloop.__path__, "learnloop."):
        if any(part in info.name for part in (".tests", ".migrations", ".management", "settings", "wsgi")):
            continue
        importlib.import_module(info.name)
    found: list[type[forms.BaseForm]] = []
    todo: list[type] = [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("learnloop.") and ".tests" not in cls.__module__:
            found.append(cls)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _bare(cls: type[forms.BaseForm]) -> forms.BaseForm:
    """The form with its declared fields, without the arguments its own __init__ needs."""
    form = cls.__new__(cls)
    forms.BaseForm.__init__(form)
    return form


def _messages(field: forms.Field) -> list[tuple[str, bool]]:
    """What the field can say, and whether each message is Django's own wording."""
    defaults: set[str] = set()
    for klass in type(field).__mro__:
        for text in getattr(klass, "default_error_messages", {}).values():
            defaults.add(str(text % _Params()))
    out = []
    for key, text in field.error_messages.items():
        if key == "required" and not field.required:
            continue
        message = str(text % _Params())
        out.append((message, message in defaults))
    for validator in field.validators:
        message = getattr(validator, "message", None)
        if message is None:
            continue
        limit = getattr(validator, "limit_value", 1)
        limit = limit() if callable(limit) else limit
        params = _Params(limit_value=limit, show_value=limit, value="x", max=1)
        try:
            text = str(message % params)
        except (TypeError, KeyError, ValueError):
            text = str(message)
        own = type(validator).__module__ == django_validators.__name__
        out.append((text, own))
    return out


FORMS = _all_forms()


def test_the_walk_finds_the_projects_forms():
    names = {c.__name__ for c in FORMS}
    assert {"EvidenceForm", "StatisticsImportForm", "ReportVersionForm", "SignInForm"} <= names


@pytest.mark.parametrize("cls", FORMS, ids=lambda c: f"{c.__module__.removeprefix('learnloop.')}.{c.__name__}")
def test_every_message_of_every_form_names_its_field(cls):
    form = _bare(cls)
    problems = []
    for name in form.fields:
        bound = form[name]
        for message, djangos in _messages(form.fields[name]):
            shown = govuk_message(message, bound)
            if django_default(shown):
                problems.append(f"{name}: {shown!r} is Django's wording")
            if not djangos:
                continue  # the project's own message, written for this field
            called = error_name(bound)
            if called.split()[0].lower() in NOT_A_NAME:
                problems.append(f"{name}: the label {bound.label!r} is not a name; add it to error_names")
            if called.lower() not in shown.lower():
                problems.append(f"{name}: {shown!r} does not name the field")
    assert not problems, problems


def _form(**fields: Any) -> forms.Form:
    return type("Example", (forms.Form,), fields)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (forms.CharField(label="Title", max_length=200), "x" * 201, "Title must be 200 characters or fewer"),
        (forms.CharField(label="Title", min_length=3), "xy", "Title must be 3 characters or more"),
        (forms.IntegerField(label="Places"), "many", "Places must be a whole number, like 12"),
        (forms.IntegerField(label="Places", max_value=30), "31", "Places must be 30 or less"),
        (forms.DecimalField(label="Score"), "high", "Score must be a number, like 12"),
        (forms.DateField(label="Date"), "soon", "Date must be a real date, like 27 3 2026"),
        (forms.EmailField(label="E-mail address"), "no", "Enter e-mail address in the correct format"),
        (forms.URLField(label="Link"), "no way", "Enter link in the correct format, like https://www.example.com"),
        (forms.ChoiceField(label="Kind", choices=[("a", "A")]), "b", "Kind must be one of the choices given"),
    ],
)
def test_django_messages_become_sentences_naming_the_field(field, value, expected):
    form = _form(answer=field)(data={"answer": value})
    assert not form.is_valid()
    html = Template("{% for e in form.answer.errors %}{{ e|govuk_error:form.answer }}{% endfor %}").render(
        Context({"form": form})
    )
    assert html.startswith(expected), html


def test_an_instruction_label_gets_a_name_in_its_message(client, world):
    client.force_login(world.lead)
    lp = LearningPointFactory(partnership=world.partnership)
    action = ActionFactory(learning_point=lp, owner_agency=world.social_work)
    address = reverse("loop:evidence_add", args=["glen", action.number])
    html = client.post(address, {"description": "", "url": "not a link"}).content.decode()
    assert "Enter describe" not in html
    assert "Enter a description of the evidence" in html
    assert "Enter a link in the correct format" in html
