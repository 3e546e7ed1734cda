"""Every page and export for someone allowed, a read-only member, another agency and an outsider."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learnloop.core.models import AuditEntry
from learnloop.dataset.models import JourneyEvent, JourneyImport, TrendSignal
from learnloop.dataset.tests.conftest import extract, load
from learnloop.dataset.tests.test_importer import BAD, GOOD
from learnloop.loop.models import LearningPoint, SourceType

EVERYONE = ["lead", "committee", "subgroup_member", "education_lead", "police_lead", "contributor", "viewer"]
LOADERS = ["lead", "subgroup_member"]  # the lead officer and MISE members


def signal_rows() -> list[list[str]]:
    """Twelve quarters of 2 concerns, then a quarter of 20: a point far outside the limits."""
    rows = []
    n = 0
    for year in (2022, 2023, 2024):
        for month in (1, 4, 7, 10):
            for _ in range(2):
                n += 1
                rows.append([f"s{n}", f"K{n}", "concern", f"{year}-{month:02d}-10", "", "", "", "", ""])
    for _ in range(20):
        n += 1
        rows.append([f"s{n}", f"K{n}", "concern", "2025-01-10", "", "", "", "", ""])
    return rows


@pytest.fixture
def loaded(world):
    item = load(world.partnership, extract(signal_rows()))
    assert item.status == "loaded"
    return item


def pages(item):
    return {
        "index": reverse("dataset:index", args=["glen"]),
        "index_year": reverse("dataset:index", args=["glen"]) + "?period=financial_year&section=register",
        "indicator": reverse("dataset:indicator", args=["glen", "concerns"]) + "?breakdown=sex",
        "trends": reverse("dataset:trends", args=["glen"]),
        "timeliness": reverse("dataset:timeliness", args=["glen"]),
        "population": reverse("dataset:population", args=["glen"]),
        "export_csv": reverse("dataset:index", args=["glen"]) + "?export=csv",
        "export_xlsx": reverse("dataset:indicator", args=["glen", "concerns"]) + "?export=xlsx",
        "imports": reverse("dataset:imports", args=["glen"]),
        "import_detail": reverse("dataset:import_detail", args=["glen", item.pk]),
        "dismiss": reverse("dataset:trend_dismiss", args=["glen", "concerns", "2025-Q1"]),
    }


CASES = [
    ("index", EVERYONE),
    ("index_year", EVERYONE),
    ("indicator", EVERYONE),
    ("trends", EVERYONE),
    ("timeliness", EVERYONE),
    ("population", EVERYONE),
    ("export_csv", EVERYONE),
    ("export_xlsx", EVERYONE),
    ("imports", LOADERS),
    ("import_detail", LOADERS),
    ("dismiss", LOADERS),
]


@pytest.mark.parametrize(("page", "allowed"), CASES)
def test_access(client, world, loaded, page, allowed):
    address = pages(loaded)[page]
    for who in [*EVERYONE, "outsider"]:
        client.force_login(getattr(world, who))
        status = client.get(address).status_code
        expected = 200 if who in allowed else 404
        assert status == expected, (page, who, status)


def test_dashboard_shows_chart_table_question_and_signal(client, world, loaded):
    client.force_login(world.viewer)
    html = client.get(reverse("dataset:index", args=["glen"])).content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert "Is the number of concerns changing" in html
    assert "Special cause: unusually high" in html
    assert ' style="' not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_export_is_audited_and_has_the_indicator_columns(client, world, loaded):
    client.force_login(world.committee)
    response = client.get(reverse("dataset:index", args=["glen"]) + "?export=csv")
    text = response.content.decode("utf-8-sig")
    assert (
        text.splitlines()[0]
        == "indicator,period,value,numerator,denominator,spc_signal,mean,lower_limit,upper_limit,status"
    )
    assert "concerns,2025-Q1,20,20,,special_cause_neutral_high" in text
    assert AuditEntry.objects.filter(event=AuditEntry.Event.EXPORT, partnership=world.partnership).exists()


def test_upload_with_a_bad_row_then_the_good_file(client, world):
    client.force_login(world.subgroup_member)
    address = reverse("dataset:imports", args=["glen"])
    response = client.post(address, {"file": SimpleUploadedFile("q1.csv", extract(BAD), "text/csv")}, follow=True)
    html = response.content.decode()
    assert "Nothing was loaded from this file" in html
    assert "The value is not one of" in html and "visit" not in html
    assert JourneyEvent.objects.count() == 0
    response = client.post(address, {"file": SimpleUploadedFile("q1.csv", extract(GOOD), "text/csv")}, follow=True)
    assert "Loaded" in response.content.decode()
    assert JourneyEvent.objects.count() == 3


def test_upload_form_errors_are_shown(client, world):
    client.force_login(world.lead)
    response = client.post(reverse("dataset:imports", args=["glen"]), {})
    assert "govuk-error-summary" in response.content.decode()
    response = client.post(
        reverse("dataset:imports", args=["glen"]), {"file": SimpleUploadedFile("x.pdf", b"%PDF", "application/pdf")}
    )
    assert "must be a CSV or an Excel" in response.content.decode()


def test_accept_good_rows_from_the_page(client, world):
    item = load(world.partnership, extract(BAD))
    client.force_login(world.viewer)
    assert client.post(reverse("dataset:import_accept", args=["glen", item.pk])).status_code == 404
    client.force_login(world.lead)
    client.post(reverse("dataset:import_accept", args=["glen", item.pk]))
    item.refresh_from_db()
    assert item.status == JourneyImport.Status.LOADED


def test_turn_a_signal_into_a_learning_point(client, world, loaded):
    client.force_login(world.subgroup_member)
    response = client.post(reverse("dataset:trend_to_learning", args=["glen", "concerns", "2025-Q1"]))
    lp = LearningPoint.objects.get(partnership=world.partnership)
    assert response.url == lp.get_absolute_url()
    assert lp.source_type == SourceType.DATASET and lp.subgroup == world.mise
    signal = lp.source_record
    assert isinstance(signal, TrendSignal) and signal.decided_by == world.subgroup_member
    page = client.get(lp.get_absolute_url()).content.decode()
    assert 'id="dataset-signal"' in page and "<svg" in page
    # a second attempt is refused, not duplicated
    client.post(reverse("dataset:trend_to_learning", args=["glen", "concerns", "2025-Q1"]))
    assert LearningPoint.objects.count() == 1
    trends = client.get(reverse("dataset:trends", args=["glen"])).content.decode()
    assert "Turned into a learning point by Mia Mise" in trends


def test_dismiss_keeps_who_and_why(client, world, loaded):
    client.force_login(world.lead)
    address = reverse("dataset:trend_dismiss", args=["glen", "concerns", "2025-Q1"])
    response = client.post(address, {"reason": ""})
    assert "Say why this signal needs no action" in response.content.decode()
    assert not TrendSignal.objects.exists()
    client.post(address, {"reason": "A recording change in January"})
    signal = TrendSignal.objects.get()
    assert (signal.status, signal.decided_by, signal.reason) == (
        "dismissed",
        world.lead,
        "A recording change in January",
    )


def test_signal_actions_are_refused_to_others(client, world, loaded):
    for who in ("viewer", "committee", "education_lead", "contributor", "outsider"):
        client.force_login(getattr(world, who))
        response = client.post(reverse("dataset:trend_to_learning", args=["glen", "concerns", "2025-Q1"]))
        assert response.status_code == 404
    assert not LearningPoint.objects.exists()


def test_a_signal_that_is_not_in_the_figures_is_not_found(client, world, loaded):
    client.force_login(world.lead)
    response = client.post(reverse("dataset:trend_to_learning", args=["glen", "irds", "2025-Q1"]))
    assert response.status_code == 404


def test_population_form(client, world):
    address = reverse("dataset:population", args=["glen"])
    client.force_login(world.viewer)
    assert client.post(address, {"year": 2024, "children_0_15": 100}).status_code == 404
    client.force_login(world.lead)
    response = client.post(address, {"year": "", "children_0_15": "many"})
    assert "govuk-error-summary" in response.content.decode()
    client.post(address, {"year": 2024, "children_0_15": 2100, "source": "NRS"})
    assert "2100" in client.get(address).content.decode()


def test_timeliness_lists_late_meetings(client, world):
    from learnloop.dataset.tests.test_computation import ROWS

    load(world.partnership, extract(ROWS))
    client.force_login(world.viewer)
    html = client.get(reverse("dataset:timeliness", args=["glen"])).content.decode()
    # 29 days is late; 28 is not. (Match whole cells: a random nonce may contain "a3".)
    assert '<td class="govuk-table__cell">b2</td>' in html
    assert '<td class="govuk-table__cell">a3</td>' not in html
    text = client.get(reverse("dataset:timeliness", args=["glen"]) + "?export=csv").content.decode("utf-8-sig")
    assert "2024-Q1,b2,2024-01-10,2024-02-08,29" in text


def test_import_list_makes_a_fixed_number_of_queries(client, world):
    client.force_login(world.lead)

    def count() -> int:
        client.get(
            reverse("dataset:imports", args=["glen"])
        )  # warm: the first request of a session makes one-off queries
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("dataset:imports", args=["glen"])).status_code == 200
        return len(queries)

    load(world.partnership, extract(GOOD))
    few = count()
    for _ in range(5):
        load(world.partnership, extract(GOOD), by=world.lead)
    assert count() == few


def test_home_panel_and_sources(client, world):
    client.force_login(world.subgroup_member)
    assert "Load data" in client.get(reverse("loop:home", args=["glen"])).content.decode()
    assert "Minimum dataset" in client.get(reverse("core:sources", args=["glen"])).content.decode()


def test_large_uploads_are_queued_and_show_progress(client, world, monkeypatch):
    from learnloop.dataset.views import imports

    monkeypatch.setattr(imports, "INLINE_BYTES", 10)
    client.force_login(world.lead)
    response = client.post(
        reverse("dataset:imports", args=["glen"]), {"file": SimpleUploadedFile("big.csv", extract(GOOD))}, follow=True
    )
    # the immediate task backend runs it at once in tests
    assert "Loaded" in response.content.decode()
    item = JourneyImport.objects.get()
    item.status = JourneyImport.Status.CHECKING
    item.save()
    html = client.get(item.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in html and "Refresh to see progress" in html
    fragment = client.get(item.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "import-progress" in fragment
    _ = dt


def test_the_indicator_page_keeps_proper_names_mid_sentence(client, world, loaded):
    client.force_login(world.viewer)
    address = reverse("dataset:indicator", args=["glen", "concerns"]) + "?breakdown=sex&period=financial_year"
    html = client.get(address).content.decode()
    assert "by sex and financial year (April to March)" in html
    assert "april to march" not in html
