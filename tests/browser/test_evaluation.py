"""The lead officer starts a self-evaluation, grades an item, accepts suggested evidence and
issues it; a committee member reads the issued version. axe checks each page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learnloop.evaluation.models import FrameworkItem
from learnloop.testing.factories import LearningPointFactory
from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {violations}"


def test_grade_accept_evidence_issue_and_read(page, world, tmp_path):
    neglect = world.partnership.themes.get(code="neglect")
    FrameworkItem.objects.get(partnership=world.partnership, code="2.1").themes.set([neglect])
    lp = LearningPointFactory(partnership=world.partnership, number=1, title="Neglect seen late")
    lp.themes.set([neglect])

    sign_in(page, "lead@glen.test")
    page.goto("/p/glen/")
    page.get_by_role("link", name="Self-evaluation").first.click()
    assert_accessible(page, "self-evaluation list")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Start").click()
    expect(page.locator("h1")).to_contain_text("Self-evaluation 2026: draft")
    assert_accessible(page, "draft overview")

    page.get_by_role("link", name="2.1 Impact on children and young people").click()
    expect(page.locator("body")).to_contain_text("Shares a theme: Neglect and cumulative harm")
    assert_accessible(page, "grading an item")
    page.get_by_label("4 Good").check()
    page.get_by_label("How good are we, and how do we know?").fill("Children tell us they are listened to.")
    page.get_by_role("button", name="Save grade and evaluation").click()
    page.get_by_role("button", name="Accept LP-0001").click()
    expect(page.locator("body")).to_contain_text("1 record linked as evidence for 2.1")
    page.screenshot(path=str(tmp_path / "judgement.png"), full_page=True)

    page.get_by_role("link", name="Self-evaluation 2026").first.click()
    page.get_by_role("link", name="Issue", exact=True).click()
    assert_accessible(page, "issue")
    page.get_by_role("button", name="Issue").click()
    expect(page.locator("h1")).to_contain_text("Self-evaluation 2026, version 1")
    assert_accessible(page, "issued version")

    page.context.clear_cookies()
    sign_in(page, "chair@glen.test")
    page.goto("/p/glen/self-evaluation/2026/")
    expect(page.locator("h1")).to_contain_text("version 1")
    expect(page.locator("body")).to_contain_text("Neglect seen late")
