"""Error pages in a real browser: styled, in the service's layout, and accessible (axe-core)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_members_missing_page_and_a_failure_are_accessible_service_pages(page, world, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "learnloop.core.tests.error_urls"
    sign_in(page, "worker@glen.test")

    response = page.goto("/p/glen/learning/9999/")
    assert response.status == 404
    page.get_by_role("heading", level=1, name="Page not found").wait_for()
    # Styled: the stylesheet loaded and GOV.UK's heading size applies.
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).fontWeight") == "700"
    page.get_by_role("link", name="Go to the Glen Child Protection Committee home page").wait_for()
    page.get_by_role("link", name="lead@glen.test").wait_for()
    assert axe_violations(page) == []

    response = page.goto("/failing/")
    assert response.status == 500
    page.get_by_role("heading", level=1, name="Sorry, there is a problem with the service").wait_for()
    assert axe_violations(page) == []
    assert page.js_errors == []
