"""A lead officer imports a Mind of My Own export, passes on a safety flag, responds with
"you said, we did" and raises a learning point; axe checks each page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLE = Path(__file__).resolve().parents[2] / "learnloop" / "voice" / "tests" / "samples" / "mind_of_my_own.csv"


def assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {violations}"


def test_import_pass_on_respond_and_feed_the_loop(page, world):
    sign_in(page, "lead@glen.test")
    page.goto("/p/glen/voice/")
    assert_accessible(page, "views")

    page.get_by_role("link", name="Import views").click()
    page.get_by_role("link", name="Mind of My Own").click()
    assert_accessible(page, "import form")
    page.get_by_label("Export file").set_input_files(str(SAMPLE))
    page.get_by_label("Agency", exact=True).select_option(label="Education")
    page.get_by_label("Consent to share, where the file does not say").select_option(
        label="Agreed to publish their own words, without identifying details"
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator("#import-check")).to_contain_text("6 views")
    assert_accessible(page, "import check")
    page.get_by_role("button", name="Import 6 views").click()
    expect(page.locator("body")).to_contain_text("6 views imported")
    assert "Say a child feels unsafe" in page.locator("#import-summary").inner_text()
    assert_accessible(page, "import result")

    # The flag is on the home page with the instruction.
    page.goto("/p/glen/")
    banner = page.locator("#voice-flags")
    assert "Follow your local child protection procedures" in banner.inner_text()
    assert_accessible(page, "home with a flag")
    banner.get_by_role("link").first.click()
    assert_accessible(page, "unsafe view")
    page.get_by_role("link", name="Record that it was passed on").click()
    page.get_by_label("Who you passed it to").fill("Social work duty team")
    page.get_by_role("button", name="Record that it was passed on").click()
    assert "Passed on" in page.locator("#safety").inner_text()

    # "You said, we did" for the first statement.
    page.goto("/p/glen/voice/views/1/")
    assert_accessible(page, "view")
    page.get_by_role("link", name="Write “you said, we did”").click()
    page.get_by_role("textbox", name="You said").fill("You want to speak up at your review meeting.")
    page.get_by_role("textbox", name="We did").fill("Chairs now meet each young person before their review.")
    page.get_by_role("radio", name="We did").check()
    page.get_by_label("Who is doing it").fill("Child protection chairs")
    page.get_by_role("button", name="Save response").click()
    expect(page.locator("body")).to_contain_text("Chairs now meet")
    page.goto("/p/glen/voice/you-said-we-did/to-publish/")
    expect(page.locator("body")).to_contain_text("Chairs now meet")
    assert_accessible(page, "to publish")

    # Raise a learning point in one step; the loop links back.
    page.goto("/p/glen/voice/views/1/")
    page.get_by_role("link", name="Raise a learning point").click()
    assert_accessible(page, "raise learning")
    page.get_by_role("button", name="Raise learning point").click()
    assert "V-0001" in page.locator("#voice-source").inner_text()
    assert page.js_errors == []
