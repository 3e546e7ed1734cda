"""The lead officer drafts a committee paper, writes its summary, issues it and downloads it as
Word and PDF; a committee member reads the issued version. axe checks each page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from learnloop.testing.factories import ActionFactory, LearningPointFactory
from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {violations}"


def _date(page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_draft_issue_and_download_a_committee_paper(page, world):
    today = timezone.localdate()
    lp = LearningPointFactory(
        partnership=world.partnership, title="Chronologies", date_identified=today - dt.timedelta(days=10)
    )
    ActionFactory(
        learning_point=lp,
        owner_agency=world.education,
        title="Share chronologies",
        due_date=today - dt.timedelta(days=2),
    )

    sign_in(page, "lead@glen.test")
    page.goto("/p/glen/")
    page.get_by_role("link", name="Reports", exact=True).click()
    assert_accessible(page, "reports list")
    page.get_by_role("link", name="Start a report").click()
    page.get_by_label("Committee paper").check()
    _date(page, "Period from", today - dt.timedelta(days=90))
    _date(page, "Period to", today)
    _date(page, "Meeting date", today + dt.timedelta(days=14))
    assert_accessible(page, "start a report")
    page.get_by_role("button", name="Make the draft").click()
    expect(page.locator(".app-report")).to_contain_text("Share chronologies")
    assert_accessible(page, "draft")

    page.get_by_role("link", name="Write Summary").click()
    page.get_by_label("Text").fill("Two agencies hold the overdue actions.")
    assert_accessible(page, "narrative")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".app-report")).to_contain_text("Two agencies hold the overdue actions.")

    page.get_by_role("link", name="Issue", exact=True).click()
    assert_accessible(page, "issue")
    page.get_by_role("button", name="Issue").click()
    expect(page.locator("h1")).to_contain_text("Committee paper")
    expect(page.locator(".app-report")).to_contain_text("Share chronologies")
    assert_accessible(page, "issued version")

    for label, suffix in (("Word", ".docx"), ("PDF", ".pdf")):
        with page.expect_download() as info:
            page.get_by_role("link", name=label, exact=True).click()
        assert info.value.suggested_filename.endswith(suffix)

    url = page.url
    page.context.clear_cookies()
    sign_in(page, "chair@glen.test")
    page.goto(url)
    expect(page.locator(".app-report")).to_contain_text("Two agencies hold the overdue actions.")
    assert page.js_errors == []
