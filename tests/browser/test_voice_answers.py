"""A survey's own answers are mapped on the check page itself, in the browser, and imported."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learnloop.voice.models import ColumnMapping, View
from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

CSV = (
    "Statement ID,Date sent,App,Statement type,Team,Statement,Age,Safety flag,Wellbeing,Themes,Young person ID,Consent\n"
    "S1,2026-01-12,One,,North,I like my new school.,12-15,No,happy,,,Share within partnership\n"
    "S2,2026-01-13,One,,North,Nobody listens at home.,16+,No,sad,,,Share within partnership\n"
)


def test_map_an_unknown_answer_on_the_check_page(page, world, tmp_path):
    sample = tmp_path / "survey.csv"
    sample.write_text(CSV, encoding="utf-8")
    sign_in(page, "lead@glen.test")
    page.goto("/p/glen/voice/import/mind_of_my_own/")
    page.get_by_label("Export file").set_input_files(str(sample))
    page.get_by_text("Which column holds what").click()
    page.get_by_label("Consent to share", exact=True).fill("Consent")
    page.get_by_role("button", name="Upload and check").click()
    answers = page.locator("#check-answers")
    expect(answers).to_contain_text("“Share within partnership” (rows 2, 3)")
    expect(answers).to_contain_text("“12-15” (row 2)")
    assert axe_violations(page) == []
    page.get_by_label("Age or age band: “12-15” (row 2)").select_option("11-15")
    page.get_by_label("Age or age band: “16+” (row 3)").select_option("16-17")
    page.get_by_label("Consent to share: “Share within partnership” (rows 2, 3)").select_option("partnership")
    page.get_by_role("button", name="Use these answers and check again").click()
    expect(page.locator("#check-new")).to_contain_text("2 views")
    page.get_by_role("button", name="Import 2 views").click()
    expect(page.locator("body")).to_contain_text("2 views imported")
    assert sorted(View.objects.values_list("age_band", "consent")) == [
        ("11-15", "partnership"),
        ("16-17", "partnership"),
    ]
    assert "12-15 = 11-15" in ColumnMapping.objects.get(partnership=world.partnership).columns["answers"]
