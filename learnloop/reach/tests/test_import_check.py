"""Upload -> check -> accept for Plausible, Matomo and GA4 statistics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learnloop.ingest.models import StagedImport
from learnloop.reach.models import MonthlyTraffic, PageTraffic, StatisticsImport
from learnloop.reach.tests.test_views import SAMPLES

URL = reverse("reach:import", args=["glen"])


def _upload(client, tool, filename, **extra):
    data = {"tool": tool, "file": SimpleUploadedFile(filename, (SAMPLES / filename).read_bytes()), **extra}
    response = client.post(URL, data)
    assert response.status_code == 302, response.content.decode()[:1500]
    return response.url


def _figures():
    return MonthlyTraffic.objects.count() + PageTraffic.objects.count()


@pytest.fixture
def lead(client, world):
    client.force_login(world.lead)
    return client


@pytest.mark.parametrize(
    ("tool", "filename", "extra"),
    [
        ("plausible", "plausible_export.zip", {}),
        ("matomo", "matomo_pages_utf16.tsv", {"month_day": "1", "month_month": "2", "month_year": "2026"}),
        ("ga4", "ga4_pages_march.csv", {}),
    ],
)
def test_check_changes_nothing_and_accepting_twice_imports_once(lead, tool, filename, extra):
    check_url = _upload(lead, tool, filename, **extra)
    page = lead.get(check_url).content.decode()
    assert "Check the file before importing it" in page and "Import " in page
    assert _figures() == 0 and not StatisticsImport.objects.exists()
    response = lead.post(check_url, {"accept": "all"})
    assert response.url == reverse("reach:overview", args=["glen"])
    added = _figures()
    assert added > 0 and StatisticsImport.objects.get().added == added
    lead.post(check_url, {"accept": "all"})
    assert _figures() == added and StatisticsImport.objects.count() == 1
    page = lead.get(_upload(lead, tool, filename, **extra)).content.decode()
    assert f"{added} already imported" in page and "There is nothing new to import" in page


def test_accepting_the_good_rows_of_a_bad_file(lead):
    # ga4_bad.csv: "/" has 1,200 views and 800 users (good); "/training" has "lots" of views (bad).
    check_url = _upload(lead, "ga4", "ga4_bad.csv")
    page = lead.get(check_url).content.decode()
    # 2 figures: the page "/" in March 2026, and the month's total made from it.
    assert "Import the 2 good figures and leave out the 1 bad row" in page
    lead.post(check_url, {"accept": "all"})
    assert _figures() == 0
    lead.post(check_url, {"accept": "good"})
    assert PageTraffic.objects.get().pageviews == 1200
    assert MonthlyTraffic.objects.get(month=dt.date(2026, 3, 1)).pageviews == 1200


def test_another_partnership_cannot_reach_the_check_page_or_accept(client, world):
    client.force_login(world.lead)
    check_url = _upload(client, "ga4", "ga4_pages_march.csv")
    token = StagedImport.objects.get().token
    client.force_login(world.outsider)
    assert client.get(check_url).status_code == 404
    assert client.post(check_url, {"accept": "all"}).status_code == 404
    own = reverse("reach:import_check", args=["other", token])
    assert client.post(own, {"accept": "all"}).status_code == 404
    assert _figures() == 0
