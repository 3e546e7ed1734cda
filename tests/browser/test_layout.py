"""On a phone-sized screen long text wraps and wide tables scroll in a region a keyboard can reach."""

from __future__ import annotations

import pytest

from learnloop.loop import services
from learnloop.testing.factories import ActionFactory, LearningPointFactory
from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def _page_fits(page) -> tuple[int, int]:
    return page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")


def _tables_outside_regions(page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll('main table')].filter(t => {
            const region = t.closest('.app-table-scroll');
            return !region || region.getAttribute('role') !== 'region' || region.tabIndex !== 0
                || !region.getAttribute('aria-label');
        }).map(t => (t.caption && t.caption.textContent.trim()) || t.outerHTML.slice(0, 80))"""
    )


def test_a_long_update_wraps_and_tables_scroll_on_a_phone(page, world):
    lp = LearningPointFactory(partnership=world.partnership, title="Chronologies not shared")
    action = ActionFactory(learning_point=lp, owner_agency=world.social_work, owner_person=world.lead)
    words = " ".join(["Chronologies shared with the health visitor before the IRD."] * 100)
    services.action_add_update(action=action, text="x" * 10_000, by=world.lead)
    services.action_add_update(action=action, text=words[:10_000], by=world.lead)
    page.set_viewport_size(PHONE)
    sign_in(page, "lead@glen.test")

    page.goto(f"/p/glen/actions/{action.number}/")
    width, viewport = _page_fits(page)
    assert width <= viewport, f"the action page is {width} px wide on a {viewport} px screen"

    for address in ("/p/glen/", "/p/glen/actions/", "/p/glen/learning/", "/p/glen/audit-log/"):
        page.goto(address)
        assert _tables_outside_regions(page) == [], address
        width, viewport = _page_fits(page)
        assert width <= viewport, f"{address} is {width} px wide on a {viewport} px screen"
    page.goto("/p/glen/actions/")
    region = page.locator(".app-table-scroll").first
    region.focus()
    assert page.evaluate("() => document.activeElement.classList.contains('app-table-scroll')")


def test_the_audit_log_passes_axe_on_a_phone(page, world):
    lp = LearningPointFactory(partnership=world.partnership, title="Chronologies not shared")
    services.action_add_update(
        action=ActionFactory(learning_point=lp, owner_agency=world.social_work), text="Started", by=world.lead
    )
    page.set_viewport_size(PHONE)
    sign_in(page, "lead@glen.test")
    page.goto("/p/glen/audit-log/")
    assert page.locator("table").count() == 1
    assert axe_violations(page) == []
