"""The lead officer opens the insights page and the theme matrix heat map; axe checks both,
and every number in the heat map is a link to exactly its records."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from learnloop.insights.tests.helpers import action, lp, share
from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {violations}"


def test_insights_page_and_theme_matrix(page, world):
    today = timezone.localdate()
    for days, source in [(300, "review"), (200, "audit"), (10, "voice"), (20, "voice"), (30, "voice")]:
        point = lp(
            world,
            f"Escalation not used ({source} {days})",
            days_ago=days,
            as_of=today,
            source=source,
            themes=("escalation",),
        )
        action(world, point, status="completed", as_of=today)
        share(world, point)
    lp(world, "Chronology out of date", days_ago=15, as_of=today, source="audit", themes=("chronologies",))

    sign_in(page, "lead@glen.test")
    page.goto("/p/glen/insights/")
    expect(page.get_by_role("heading", name="Insights across sources", level=1)).to_be_visible()
    assert "Escalation" in page.content()
    assert_accessible(page, "insights page")

    page.get_by_role("link", name="Themes by source and by quarter").click()
    expect(page.get_by_role("heading", name="Themes by source", level=1)).to_be_visible()
    matrix = page.locator("#matrix")
    expect(matrix.locator("td.insights-heat--3")).to_have_text(re.compile(r"^3"))  # the busiest cell is darker
    expect(matrix.locator("td.insights-heat--1").first).to_have_text(re.compile(r"^1"))
    assert_accessible(page, "theme matrix heat map")

    page.goto("/p/glen/insights/themes/?by=quarter")
    expect(page.get_by_role("heading", name="Themes by quarter", level=1)).to_be_visible()
    assert_accessible(page, "theme matrix by quarter")

    page.goto("/p/glen/insights/themes/")
    page.locator("#matrix a", has_text="3").first.click()
    for days in (10, 20, 30):
        expect(page.get_by_text(f"Escalation not used (voice {days})")).to_be_visible()
    assert "Chronology out of date" not in page.content()
    assert_accessible(page, "the records of one cell")
    assert page.js_errors == []
