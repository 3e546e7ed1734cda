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


def test_pick_cases_from_a_case_list(page, world, monkeypatch):
    """The lead officer ticks rows of a registered case list, types a wrong reference, is told
    which row is wrong with nothing added, corrects it, and both cases join the sample."""
    import datetime as dt

    from playwright.sync_api import expect

    from learnloop.audits import services
    from learnloop.audits.models import Audit
    from learnloop.core import registry
    from learnloop.core.pseudonymise import keyed_hash
    from learnloop.core.registry import CaseCandidate, CaseSource

    def key_for(reference: str) -> str:
        return keyed_hash(reference.strip().upper(), purpose="browser-test")

    rows = [
        CaseCandidate(
            key_for("CHI-001"), "2025-Q4", "Initial CPPM 35 days after the IRD", "5-10", dt.date(2025, 11, 3)
        ),
        CaseCandidate(key_for("CHI-002"), "2025-Q4", "Initial CPPM 41 days after the IRD", "", dt.date(2025, 12, 1)),
    ]
    monkeypatch.setattr(registry, "CASE_SOURCES", {})
    registry.register_case_source(
        CaseSource(
            key="browser-list",
            title="Minimum dataset: initial CPPMs outside 28 days of the IRD",
            candidates=lambda m, period: rows,
            periods=lambda m: ["2025-Q4"],
            key_for=key_for,
        )
    )
    audit = services.audit_save(
        audit=Audit(
            partnership=world.partnership,
            title="Late initial conferences",
            tool=services.tools_seed(partnership=world.partnership),
            lead=world.lead,
            sample_size=2,
            selection_criteria="Initial CPPMs outside 28 days",
            planned_start=dt.date(2026, 1, 5),
            due_date=dt.date(2026, 2, 2),
        ),
        agencies=[world.social_work, world.education],
        by=world.lead,
    )

    sign_in(page, "lead@glen.test")
    page.goto(f"/p/glen/audits/{audit.number}/")
    page.get_by_role("link", name="Add cases from a list").click()
    heading(page, "Add cases from a list")
    expect(page.locator("#candidates")).to_contain_text("Initial CPPM 35 days after the IRD")
    assert_accessible(page, "case list")

    page.get_by_label("Add row 1 to the sample").check()
    page.get_by_label("Local case reference for row 1").fill("CHI-001")
    page.get_by_label("Add row 2 to the sample").check()
    page.get_by_label("Local case reference for row 2").fill("CHI-999")
    page.get_by_label("Age band for row 2").select_option(label="1 to 4")
    page.get_by_role("button", name="Add the ticked cases").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Row 2: This reference is not the child on this row of the list"
    )
    expect(page.get_by_label("Local case reference for row 1")).to_have_value("CHI-001")
    assert_accessible(page, "case list with an error")

    page.get_by_label("Local case reference for row 2").fill("CHI-002")
    page.get_by_role("button", name="Add the ticked cases").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 cases added to the sample")
    expect(page.locator("#cases")).to_contain_text("CHI-002")
