"""A lead officer follows a learning point round the loop in a real browser; axe checks each page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {violations}"


def test_record_learning_act_on_it_complete_it_with_evidence_and_see_it_in_loop_health(page, world, tmp_path):
    sign_in(page, "lead@glen.test")
    expect(page.get_by_role("heading", name="Hello, Lena")).to_be_visible()
    assert_accessible(page, "home")

    # Record a learning point.
    page.get_by_role("link", name="Record learning").first.click()
    assert_accessible(page, "learning point form")
    page.get_by_label("Title", exact=True).fill("Chronologies were not shared before the IRD")
    page.get_by_label("What was learned").fill("Health visiting and social work did not share chronologies.")
    page.get_by_label("Area for improvement").check()
    page.get_by_label("Source", exact=True).select_option(label="Review")
    page.get_by_label("Source title").fill("Learning review: Child A")
    group = page.get_by_role("group", name="Date identified")
    group.get_by_label("Day").fill("10")
    group.get_by_label("Month").fill("2")
    group.get_by_label("Year").fill("2026")
    page.get_by_label("Subgroup responsible").select_option(label="MISE")
    page.get_by_label("Education").check()
    page.get_by_label("Chronologies").check()
    page.get_by_role("button", name="Record learning point").click()
    expect_heading(page, "Chronologies were not shared before the IRD")
    assert "No action" in page.locator("#loop-gaps").inner_text()
    assert_accessible(page, "loop page")

    # Add an action.
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What will be done").fill("Share chronologies before every IRD")
    page.get_by_label("Owning agency").select_option(label="Social Work")
    due = page.get_by_role("group", name="Due date")
    due.get_by_label("Day").fill("30")
    due.get_by_label("Month").fill("6")
    due.get_by_label("Year").fill("2030")
    page.get_by_label("Success measure").fill("Re-audit finds chronologies shared in 9 of 10 cases")
    page.get_by_role("button", name="Add action").click()
    expect_heading(page, "Share chronologies before every IRD")
    assert_accessible(page, "action page")

    # Completing without evidence is refused, with the reason shown in the error summary.
    page.get_by_role("link", name="Change status").click()
    page.get_by_label("Completed").check()
    page.get_by_role("button", name="Change status").click()
    assert "at least one piece of evidence" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "status form with an error")

    # Add evidence, then complete.
    page.get_by_role("link", name="Back").click()
    page.get_by_role("link", name="Add evidence").click()
    page.get_by_label("Describe the evidence").fill("The agreed chronology protocol")
    file = tmp_path / "protocol.pdf"
    file.write_bytes(PDF)
    page.get_by_label("Upload a file").set_input_files(str(file))
    page.get_by_role("button", name="Add evidence").click()
    assert "The agreed chronology protocol" in page.locator("#evidence").inner_text()
    page.get_by_role("link", name="Change status").click()
    page.get_by_label("Completed").check()
    page.get_by_role("button", name="Change status").click()
    assert page.locator("#action-status").inner_text() == "Completed"

    # Loop health counts it.
    page.get_by_role("link", name="Loop health").click()
    # Dates are GOV.UK day, month and year boxes, grouped under each date's legend.
    for legend, (day, month, year) in [
        ("Identified from", ("1", "1", "2026")),
        ("Identified to", ("31", "12", "2026")),
    ]:
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(day)
        group.get_by_label("Month").fill(month)
        group.get_by_label("Year").fill(year)
    page.get_by_role("button", name="Show this period").click()
    table = page.locator("#loop-health").inner_text()
    assert re.search(r"With actions\s+1\s+100%", table), table
    assert_accessible(page, "loop health")

    # Lists, with the filter panel.
    page.get_by_role("link", name="Actions", exact=True).click()
    assert "Share chronologies before every IRD" in page.locator("#results").inner_text()
    assert_accessible(page, "action list")
    page.get_by_role("link", name="Learning", exact=True).click()
    page.get_by_label("Loop").select_option(label="Not shared")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state("networkidle")
    assert "1 learning point" in page.locator("#result-count").inner_text()
    assert_accessible(page, "learning point list")
    assert page.js_errors == []


def expect_heading(page, text: str) -> None:
    page.get_by_role("heading", level=1, name=text).wait_for()


def test_pages_work_without_javascript(browser, live_server, world):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "lead@glen.test")
    page.goto("/p/glen/learning/")
    page.get_by_label("Loop").select_option(label="No action")
    page.get_by_role("button", name="Apply filters").click()
    assert "loop=no_action" in page.url
    expect(page.locator("#result-count")).to_be_visible()
    context.close()


def test_another_partnership_gets_not_found(page, world):
    sign_in(page, "lead@other.test")
    response = page.goto("/p/glen/")
    assert response.status == 404
