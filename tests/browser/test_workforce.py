"""The lead officer builds a course, records a session with attendance and an evaluation, and
raises a learning point from a comment; axe checks each page on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {violations}"


def test_course_session_attendance_evaluation_and_learning_point(page, world):
    sign_in(page, "lead@glen.test")
    page.goto("/p/glen/sources/")
    page.get_by_role("link", name="Workforce learning and development").click()
    expect(page.get_by_role("heading", name="Training programme")).to_be_visible()
    assert_accessible(page, "training programme")

    page.get_by_role("link", name="Add a course").click()
    page.get_by_label("Title", exact=True).fill("Working with fathers")
    page.get_by_label("Audience").fill("Front-line staff in all agencies")
    page.get_by_label("Learning outcomes").fill("Engage fathers and male carers\nAssess risk from men in the household")
    page.get_by_label("Multi-agency", exact=True).check()
    page.get_by_label("Domestic abuse").check()
    assert_accessible(page, "course form")
    page.get_by_role("button", name="Save course").click()
    expect(page.get_by_role("heading", name="Working with fathers")).to_be_visible()
    assert_accessible(page, "course page")

    page.get_by_role("link", name="Record a session").click()
    group = page.get_by_role("group", name="Date")
    group.get_by_label("Day").fill("12")
    group.get_by_label("Month").fill("3")
    group.get_by_label("Year").fill("2026")
    page.get_by_label("Trainer").fill("Fiona Baird")
    page.get_by_label("In person").check()
    page.get_by_role("button", name="Save session").click()
    assert "Give the venue of an in-person session." in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Trainer").input_value() == "Fiona Baird"
    assert_accessible(page, "session form with an error")
    page.get_by_label("Venue").fill("Elgin Town Hall")
    page.get_by_label("Places").fill("20")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_role("heading", name="Session on 12 March 2026")).to_be_visible()

    page.get_by_role("link", name="Record attendance").click()
    page.get_by_label("Police Scotland").fill("6")
    page.get_by_label("Education").fill("9")
    page.get_by_role("button", name="Save attendance").click()
    assert page.locator("#attended").inner_text() == "15"

    page.get_by_role("link", name="Enter an evaluation").click()
    assert_accessible(page, "evaluation form")
    page.get_by_label("Agency").select_option(label="Police Scotland")
    page.get_by_label("Confidence before the course: Engage fathers and male carers").select_option("2")
    page.get_by_label("Confidence after the course: Engage fathers and male carers").select_option("4")
    page.get_by_label("Comments").fill("Officers rarely ask who else lives in the house.")
    page.get_by_role("button", name="Save evaluation", exact=True).click()
    assert_accessible(page, "session page")

    page.get_by_role("link", name=re.compile("Raise a learning point")).click()
    assert_accessible(page, "raise form")
    page.get_by_label("Title").fill("Officers do not ask who lives in the house")
    page.get_by_role("button", name="Raise learning point").click()
    expect(page.get_by_role("heading", name="Officers do not ask who lives in the house")).to_be_visible()
    assert "Raised from an evaluation" in page.locator("#source-record").inner_text()

    page.goto("/p/glen/workforce/review/?year=2025")
    assert "Working with fathers" in page.locator("#review-attendance").inner_text()
    assert_accessible(page, "annual training review")
    page.goto("/p/glen/workforce/courses/")
    page.goto("/p/glen/workforce/sessions/")
    assert_accessible(page, "sessions")
    assert page.js_errors == []
