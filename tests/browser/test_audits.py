"""The audit journey in a real browser: the lead plans an audit and assigns readers from two
agencies, each reader completes the tool, the lead moderates and reads the results, and raises a
learning point from them. axe-core checks each main page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {violations}"


def heading(page, text: str) -> None:
    page.get_by_role("heading", level=1, name=text).wait_for()


def fill_date(page, group: str, day: str, month: str, year: str) -> None:
    fieldset = page.get_by_role("group", name=group)
    fieldset.get_by_label("Day").fill(day)
    fieldset.get_by_label("Month").fill(month)
    fieldset.get_by_label("Year").fill(year)


def answer_everything(page, grade: str) -> None:
    """Choose the grade (or yes) for every question, and a number for the number question."""
    for radio in page.locator(f"input[type=radio][value='{grade}']").all():
        radio.check()
    for radio in page.locator("input[type=radio][value='yes']").all():
        radio.check()
    for box in page.locator("input[type=text][name^=q]").all():
        box.fill("2")


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_plan_read_moderate_and_see_results(page, world):
    sign_in(page, "lead@glen.test")
    page.goto("/p/glen/audits/")
    heading(page, "Audit programme")
    assert_accessible(page, "programme")

    page.get_by_role("link", name="Plan an audit").click()
    page.get_by_label("Topic").fill("Neglect: chronologies")
    page.get_by_label("Social Work").check()
    page.get_by_label("Education").check()
    page.get_by_label("Audit lead").select_option(label="Lena Lead")
    page.get_by_label("Sample size").fill("1")
    page.get_by_label("Selection criteria").fill("Registered for neglect in 2025")
    fill_date(page, "Planned start", "1", "1", "2026")
    fill_date(page, "Readings due", "1", "2", "2026")
    assert_accessible(page, "plan form")
    page.get_by_role("button", name="Add to the programme").click()
    heading(page, "Neglect: chronologies")

    page.get_by_role("link", name="Add a case").click()
    page.get_by_label("Local case reference").fill("SW-2025-0042")
    page.get_by_label("Age band").select_option(label="5 to 10")
    page.get_by_label("Why this case was selected").fill("Registered for neglect")
    page.get_by_role("button", name="Add case").click()
    heading(page, "Case 1")
    for reader, agency in (("Cara Contributor", "Social Work"), ("Ed Lead", "Education")):
        page.get_by_role("link", name="Assign a reader").click()
        page.get_by_label("Reader").select_option(
            label=f"{reader} ({'worker' if agency == 'Social Work' else 'edu'}@glen.test)"
        )
        page.get_by_label("Reading for").select_option(label=agency)
        page.get_by_role("button", name="Assign reader").click()
    assert_accessible(page, "case page")
    page.get_by_role("link", name="AUD-001").click()
    page.get_by_role("button", name="Start the audit").click()
    assert "is now running" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page, "audit page")
    sign_out(page)

    # Each reader completes the tool for their agency; the first saves a draft on the way.
    for email, grade in (("worker@glen.test", "4"), ("edu@glen.test", "4")):
        sign_in(page, email)
        page.get_by_role("link", name="AUD-001 Case 1").click()
        heading(page, "Case 1: reading for " + ("Social Work" if email.startswith("worker") else "Education"))
        if email.startswith("worker"):
            page.locator("input[type=radio][value='5']").first.check()
            page.get_by_role("button", name="Save draft").click()
            assert page.locator("#reading-status").inner_text() == "Draft saved"
            page.get_by_role("button", name="Submit reading").click()
            assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
            assert_accessible(page, "reading with errors")
        answer_everything(page, grade)
        page.get_by_role("button", name="Submit reading").click()
        assert "is submitted" in page.locator(".govuk-notification-banner").inner_text()
        sign_out(page)

    # The lead moderates (the readers agreed, so the answers are already chosen) and completes.
    sign_in(page, "lead@glen.test")
    page.goto("/p/glen/audits/1/")
    page.get_by_role("button", name="Close readings and moderate").click()
    page.get_by_role("link", name="Moderate Case 1").click()
    heading(page, "Moderate Case 1")
    assert_accessible(page, "moderation")
    page.get_by_role("button", name="Save moderation").click()
    assert "Case 1 moderated" in page.locator(".govuk-notification-banner").inner_text()
    page.get_by_role("button", name="Complete the audit").click()
    page.get_by_role("link", name="See results").click()
    heading(page, "Results: Neglect: chronologies")
    assert "100%" in page.locator("#strengths").inner_text()
    assert_accessible(page, "results")

    # A finding becomes a learning point in the loop.
    page.get_by_role("link", name="Raise a learning point").click()
    page.get_by_label("Title").fill("Chronologies are used well")
    page.get_by_label("What was learned").fill("Every case read had a chronology used to see patterns.")
    page.get_by_label("Good practice to keep and spread").check()
    assert_accessible(page, "finding form")
    page.get_by_role("button", name="Raise learning point").click()
    heading(page, "Chronologies are used well")
    assert "AUD-001" in page.locator("main").inner_text()
    assert page.js_errors == []
