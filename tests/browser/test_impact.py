"""A lead officer links an indicator to a claim and sees it flagged; the pages pass axe, and the
public learning page passes axe without signing in."""

from __future__ import annotations

import pytest

from learnloop.impact.tests.conftest import claims  # noqa: F401  (the fixture)
from learnloop.published.models import PublicPage
from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_claim_is_checked_and_the_pages_pass_axe(page, world, claims):  # noqa: F811
    sign_in(page, "lead@glen.test")
    page.goto("/p/glen/difference/")
    assert page.get_by_text("The evaluation says improved; the linked figures show worse.").first.is_visible()
    assert axe_violations(page) == []

    page.goto(f"/p/glen/impact/{claims.contradicted.pk}/check/")
    page.get_by_role("link", name="Link evidence").click()
    page.get_by_label("An indicator from the minimum dataset").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Record").select_option("cppm_initial_within_28d_pct")
    page.get_by_label("Period before").select_option("2022-Q1")
    page.get_by_label("Period after").select_option("2025-Q1")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Link evidence").click()
    assert page.get_by_text("Evidence linked.").is_visible()
    assert page.get_by_text("Contradicted by the figures").first.is_visible()
    assert axe_violations(page) == []


def test_the_public_page_needs_no_sign_in_and_passes_axe(page, world):
    PublicPage.objects.create(partnership=world.partnership, is_on=True, introduction="Glen publishes its learning.")
    page.goto("/public/glen/")
    assert page.get_by_role("heading", name="Published learning").is_visible()
    assert axe_violations(page) == []
