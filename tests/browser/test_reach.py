"""The lead officer imports a GA4 export, sees reach over time with a campaign marked, ties the
campaign to the page it promoted and raises a learning point; axe checks each page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from learnloop.testing.factories import DisseminationFactory
from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
SAMPLES = Path(__file__).resolve().parents[2] / "learnloop" / "reach" / "tests" / "samples"


def assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {violations}"


def test_import_see_the_campaign_on_the_timeline_and_raise_learning(page, world):
    DisseminationFactory(
        partnership=world.partnership, kind="campaign", title="Safe sleep week", date=dt.date(2026, 3, 9)
    )
    sign_in(page, "lead@glen.test")
    page.goto("/p/glen/sources/")
    page.get_by_role("link", name="Website and reach").click()
    expect(page.locator("body")).to_contain_text("No website statistics have been imported")
    assert_accessible(page, "empty reach page")

    page.get_by_role("link", name="Import website statistics").click()
    page.get_by_label("Google Analytics 4").check()
    page.get_by_label("Upload the export").set_input_files(str(SAMPLES / "ga4_bad.csv"))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator("#row-errors")).to_contain_text("is not a whole number")
    assert_accessible(page, "import check with a bad row")
    page.get_by_role("button", name="Cancel and upload another file").click()
    page.get_by_label("Google Analytics 4").check()
    page.get_by_label("Upload the export").set_input_files(str(SAMPLES / "ga4_pages_march.csv"))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator("#import-check")).to_contain_text("New")
    page.get_by_role("button", name=re.compile(r"^Import \d+ figures$")).click()
    assert "March 2026 to March 2026" in page.locator(".govuk-notification-banner").inner_text()

    page.goto(
        "/p/glen/reach/?date_from_day=1&date_from_month=1&date_from_year=2026&date_to_day=1&date_to_month=4&date_to_year=2026"
    )
    assert page.locator("img[alt^='Line chart of page views']").count() == 1
    assert "Safe sleep week" in page.locator("#timeline-marks").inner_text()
    assert_accessible(page, "reach over time")

    page.get_by_role("link", name="Safe sleep week").click()
    page.get_by_role("link", name="Say which pages it promoted").click()
    page.get_by_label("Pages this promoted").fill("/safe-sleep")
    page.get_by_role("button", name="Save pages").click()
    assert "300" in page.locator("#campaign-table").inner_text()
    assert_accessible(page, "campaign page")
    page.get_by_role("link", name="Raise a learning point").click()
    page.get_by_role("button", name="Raise learning point").click()
    assert "Raised from the website figures" in page.locator("#source-record").inner_text()

    page.goto("/p/glen/reach/pages/")
    assert_accessible(page, "top pages")
    assert page.js_errors == []
