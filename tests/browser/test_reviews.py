"""A lead officer takes a notification to the CPC's decision; an agency lead sends its return.

axe-core checks the main review pages on the way.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {violations}"


def fill_date(page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def test_notification_to_decision(page, world, browser, live_server):
    sign_in(page, "lead@glen.test")
    page.goto("/p/glen/reviews/")
    assert_accessible(page, "review list")
    page.get_by_role("link", name="Record a review or notification").click()
    assert_accessible(page, "review form")
    page.get_by_label("Learning review", exact=True).check()
    page.get_by_label("Title").fill("Learning review: an infant harmed")
    page.get_by_role("group", name="Agencies involved").get_by_label("Education").check()
    fill_date(page, "Date the notification was received", "2", "3", "2026")
    page.get_by_label("Who sent the notification").fill("Health visitor, NHS Health")
    page.get_by_label("Circumstances").fill("A baby was admitted to hospital with injuries.")
    page.get_by_label("A child was significantly harmed").check()
    page.get_by_role("button", name="Record review").click()
    assert page.locator("#review-stage").inner_text() == "Notification received"
    assert_accessible(page, "review page")

    # 1. The notification is complete: move on to information gathering.
    page.get_by_role("link", name="Record notification received").click()
    page.get_by_label("This stage is finished").check()
    page.get_by_role("button", name="Save").click()
    assert page.locator("#review-stage").inner_text() == "Information gathering"

    # 2. Ask Education; moving on without its return is refused.
    page.get_by_role("link", name="Ask agencies for information").click()
    page.get_by_role("button", name="Send requests").click()
    page.get_by_role("link", name="Record information gathering").click()
    page.get_by_label("This stage is finished").check()
    page.get_by_role("button", name="Save").click()
    assert "Education has not submitted its return" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "stage form with an error")

    # The Education lead submits the return in the app.
    other = browser.new_context(base_url=live_server.url, bypass_csp=True)
    agency_page = other.new_page()
    sign_in(agency_page, "edu@glen.test")
    agency_page.get_by_role("link", name="Learning review: an infant harmed").first.click()
    agency_page.get_by_label("Summary of the agency's involvement").fill("The nursery saw the baby weekly.")
    agency_page.get_by_label("Chronology").fill("Week 1: started nursery.\nWeek 5: bruising noted.")
    agency_page.get_by_label("Initial reflection").fill("Staff noticed but did not escalate quickly.")
    assert_accessible(agency_page, "agency return form")
    agency_page.get_by_role("button", name="Submit the return").click()
    expect(agency_page.locator("body")).to_contain_text("Education's return submitted")
    other.close()

    page.goto("/p/glen/reviews/1/")
    assert "Submitted" in page.locator("#agency-requests").inner_text()
    page.get_by_role("link", name="Record information gathering").click()
    page.get_by_label("This stage is finished").check()
    page.get_by_role("button", name="Save").click()

    # 3. The recommendation to the CPC.
    page.get_by_role("link", name="Record recommendation to the CPC").click()
    page.get_by_label("Outline of the case").fill("A baby harmed; the family known to nursery and health.")
    page.get_by_label("Basis for referral").fill("Significant harm.")
    page.get_by_label("Current circumstances").fill("Safe with grandparents.")
    page.get_by_label("Proceed with a learning review").check()
    page.get_by_label("This stage is finished").check()
    page.get_by_role("button", name="Save").click()
    assert page.locator("#review-stage").inner_text() == "CPC decision"

    # 4. The CPC decides.
    page.get_by_role("link", name="Record CPC decision").click()
    assert_accessible(page, "decision form")
    page.get_by_label("Proceed with a learning review").check()
    page.get_by_label("Reasons for the decision").fill("The criteria for significant harm are met.")
    page.get_by_label("Who decided").fill("CPC meeting")
    fill_date(page, "Date of the decision", "20", "3", "2026")
    page.get_by_label("This stage is finished").check()
    page.get_by_role("button", name="Save").click()
    assert page.locator("#review-stage").inner_text() == "Care Inspectorate notified of the decision"
    assert "Proceed with a learning review" in page.locator("#decision").inner_text()
    assert "CPC decision" in page.locator("#timeline").inner_text()

    page.goto("/p/glen/reviews/overview/")
    assert_accessible(page, "overview")
    assert "1 notification outstanding" in " ".join(page.locator("#ci-figures").inner_text().split())
    assert page.js_errors == []
