"""An analyst in MISE uploads an extract with a bad row, then the corrected file; MISE reads the
indicators and turns an emerging trend into a learning point. axe checks each page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from learnloop.dataset.tests.conftest import extract
from learnloop.dataset.tests.test_importer import BAD
from learnloop.dataset.tests.test_views import signal_rows
from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {violations}"


def test_upload_a_bad_file_then_a_good_one_then_act_on_a_trend(page, world, tmp_path):
    sign_in(page, "mise@glen.test")
    page.goto("/p/glen/dataset/imports/")
    assert_accessible(page, "load data")

    bad = tmp_path / "quarter.csv"
    bad.write_bytes(extract(BAD))
    page.get_by_label("Upload an extract").set_input_files(str(bad))
    page.get_by_role("button", name="Check and load").click()
    page.get_by_role("heading", name="Nothing was loaded from this file").wait_for()
    problems = page.locator("#problem-table").inner_text()
    assert "is not one of" in problems and "already on row 2" in problems
    assert_accessible(page, "rejected upload")

    good = tmp_path / "quarter-corrected.csv"
    good.write_bytes(extract(signal_rows()))
    page.get_by_role("link", name="Back to load data").click()
    page.get_by_label("Upload an extract").set_input_files(str(good))
    page.get_by_role("button", name="Check and load").click()
    page.get_by_role("heading", name="Loaded").wait_for()
    assert_accessible(page, "loaded upload")

    page.get_by_role("link", name="See the indicators").click()
    expect(page.locator("body")).to_contain_text("Is the number of concerns changing")
    # the extract holds concerns only: one chart, and every other indicator says it has no data
    assert page.locator("svg[role=img]").count() == 1
    expect(page.locator("#no-data-irds")).to_contain_text("No data")
    assert_accessible(page, "dashboard")

    page.get_by_role("link", name="Emerging trends").click()
    assert "Child protection concerns received" in page.locator("#trends").inner_text()
    assert_accessible(page, "emerging trends")
    page.get_by_role("row", name=re.compile("Child protection concerns received")).get_by_role(
        "button", name=re.compile("Turn into learning")
    ).click()
    page.get_by_role(
        "heading", level=1, name="Child protection concerns received: higher than usual in 2025-Q1"
    ).wait_for()
    assert page.locator("#dataset-signal svg").count() == 1
    assert_accessible(page, "learning point from a signal")
    assert page.js_errors == []


def test_the_dashboard_works_without_javascript(browser, live_server, world):
    from learnloop.dataset.tests.conftest import load

    load(world.partnership, extract(signal_rows()))
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "viewer@glen.test")
    page.goto("/p/glen/dataset/")
    page.get_by_label("Periods").select_option(label="Calendar year")
    page.get_by_role("button", name="Show").click()
    assert "period=year" in page.url
    page.get_by_text("Child protection concerns received: the data as a table").click()
    assert "2025" in page.locator("table").first.inner_text()
    context.close()


def test_aggregate_returns_upload_lock_and_exception(page, world, tmp_path):
    sign_in(page, "lead@glen.test")
    page.goto("/p/glen/dataset/aggregates/")
    assert_accessible(page, "aggregate returns")
    page.get_by_role("link", name="Upload values").click()
    bad = tmp_path / "returns.csv"
    bad.write_text("indicator,period,breakdown,value\nconcerns,2025-Q1,,40\nconcerns,2025-Q9,,1\n")
    page.get_by_label("Upload aggregate values").set_input_files(str(bad))
    page.get_by_role("button", name="Check and save").click()
    expect(page.locator("#problem-table")).to_contain_text("is not a quarter as YYYY-Qn")
    assert_accessible(page, "rejected aggregate upload")
    good = tmp_path / "returns-corrected.csv"
    good.write_text("indicator,period,breakdown,value\nconcerns,2025-Q1,,40\nconcerns,2025-Q2,,44\n")
    page.get_by_label("Upload aggregate values").set_input_files(str(good))
    page.get_by_role("button", name="Check and save").click()
    expect(page.locator("#aggregates")).to_contain_text("2025-Q2")

    page.get_by_role("link", name="Quarters, locks and exceptions").click()
    page.get_by_role("button", name="Lock 2025-Q1").click()
    expect(page.locator("#periods")).to_contain_text("Locked by Lena Lead")
    assert_accessible(page, "quarters and locks")

    page.goto("/p/glen/dataset/aggregates/enter/?indicator=concerns&period=2025-Q1")
    page.get_by_label("Value", exact=True).fill("41")
    page.get_by_role("button", name="Save value").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("2025-Q1 is locked")
    assert_accessible(page, "locked quarter refused")
    page.get_by_label("Reason for the exception (locked quarters only)").fill("A late return from Education")
    page.get_by_role("button", name="Save value").click()
    page.get_by_role("link", name="Quarters, locks and exceptions").click()
    expect(page.locator("#exception-table")).to_contain_text("A late return from Education")
    assert page.js_errors == []
