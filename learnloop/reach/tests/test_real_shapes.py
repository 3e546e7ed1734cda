"""The same month from GA4, Matomo (its Export button's English labels, CSV and UTF-16 TSV) and
Plausible (the dashboard's ZIP) gives the same figures, by the command and by the check page.
The samples and where their shapes come from: samples/real/README.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from learnloop.reach import parsers
from learnloop.reach.models import MonthlyTraffic, PageTraffic

REAL = Path(__file__).resolve().parent / "samples" / "real"
APRIL = dt.date(2026, 4, 1)
SHAPES = [
    ("ga4", "ga4_pages_april.csv", None),
    ("matomo", "matomo_pages_april_english.csv", APRIL),
    ("matomo", "matomo_pages_april_english.tsv", APRIL),
    ("plausible", "plausible_dashboard_april.zip", None),
]


@pytest.mark.parametrize(("tool", "name", "month"), SHAPES)
def test_each_tool_gives_the_same_month_and_pages(tool, name, month):
    stats = parsers.read(tool, (REAL / name).read_bytes(), filename=name, month=month)
    assert not stats.errors, stats.errors
    assert stats.months[APRIL]["pageviews"] == 1520
    assert stats.pages[(APRIL, "/")]["pageviews"] == 1200  # Matomo's /index is the home page
    assert stats.pages[(APRIL, "/training")]["pageviews"] == 300
    paths = {path for _, path in stats.pages}
    assert not paths & {"/(not set)", "/Page URL not defined", "/index"}


def test_matomo_says_which_columns_it_read():
    stats = parsers.read("matomo", (REAL / "matomo_pages_april_english.tsv").read_bytes(), month=APRIL)
    assert "“Label” as page" in stats.notes[0] and "“Pageviews” as page views" in stats.notes[0]


def test_a_matomo_file_without_its_columns_names_them():
    stats = parsers.read("matomo", "Étiquette,Vues de page\n/index,3\n".encode(), month=APRIL)
    assert "Columns found: Étiquette, Vues de page" in str(stats.errors[0])


@pytest.mark.parametrize(("tool", "name", "month"), SHAPES)
def test_through_import_source(world, tool, name, month):
    args = ["reach", str(REAL / name), "--partnership", world.partnership.slug, "--accept"]
    if month:
        args += ["--target", "2026-04"]
    call_command("import_source", *args, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert MonthlyTraffic.objects.get(partnership=world.partnership, month=APRIL).pageviews == 1520
    assert PageTraffic.objects.get(partnership=world.partnership, month=APRIL, path="/").pageviews == 1200


@pytest.mark.parametrize(("tool", "name", "month"), SHAPES)
def test_through_the_check_page(client, world, tool, name, month):
    client.force_login(world.lead)
    data = {"tool": tool, "file": SimpleUploadedFile(name, (REAL / name).read_bytes())}
    if month:
        data |= {"month_day": "1", "month_month": "4", "month_year": "2026"}
    response = client.post(reverse("reach:import", args=["glen"]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response.url).content.decode()
    assert "April 2026: 1,520 page views" in page  # the month's total, before accepting
    client.post(response.url, {"accept": "all"})
    assert MonthlyTraffic.objects.get(month=APRIL).pageviews == 1520
