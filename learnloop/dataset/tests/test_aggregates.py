"""Aggregate returns: checking, entering, uploading, locking with exceptions, and the pages."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learnloop.core.models import AuditEntry
from learnloop.dataset import aggregates
from learnloop.dataset.computation import compute
from learnloop.dataset.models import AggregateValue, PeriodLock, PeriodLockException
from learnloop.dataset.tests.conftest import TODAY
from learnloop.dataset.tests.test_views import EVERYONE, LOADERS
from learnloop.testing.queries import count_queries

HEADER = "indicator,period,breakdown,value,numerator,denominator\n"
GOOD = HEADER + (
    "concerns,2025-Q1,,40,,\n"
    "concerns,2025-Q2,,50,,\n"
    "concerns,2025-Q1,sex:Female,22,,\n"
    "cppm_initial_within_28d_pct,2025-Q1,,75,15,20\n"
)
BAD = HEADER + (
    "concerns,2025-Q1,,40,,\n"  # row 2: good
    "no_such_code,2025-Q1,,1,,\n"  # row 3: indicator
    "concerns,2025-5,,1,,\n"  # row 4: period
    "concerns,2025-Q2,colour:red,1,,\n"  # row 5: breakdown
    "concerns,2025-Q3,,lots,,\n"  # row 6: value
    "cppm_initial_within_28d_pct,2025-Q1,,120,30,20\n"  # row 7: value over 100 and numerator > denominator
    "concerns,2025-Q1,,41,,\n"  # row 8: repeats row 2
    "concerns,2026-Q3,,1,,\n"  # row 9: a quarter after today (1 March 2026)
)


def upload(world, text: str, **kwargs):
    kwargs.setdefault("today", TODAY)
    return aggregates.aggregate_upload(
        partnership=world.partnership, stream=io.BytesIO(text.encode()), by=world.lead, **kwargs
    )


def values(world) -> dict[tuple[str, str, str], Decimal]:
    return {
        (v.indicator.code, v.period, v.breakdown): v.value
        for v in AggregateValue.objects.filter(partnership=world.partnership).select_related("indicator")
    }


def test_a_good_file_is_saved_and_feeds_the_quarterly_figures(world):
    report = upload(world, GOOD)
    assert report.loaded and (report.created, report.updated, report.unchanged) == (4, 0, 0)
    assert values(world)[("concerns", "2025-Q1", "sex:female")] == Decimal("22.00")  # breakdown normalised
    series = {s.indicator.code: s for s in compute(world.partnership.pk, kind="quarter")}
    concerns = series["concerns"]
    # 2025-Q1 and 2025-Q2 are the whole-partnership values: 40 and 50 (the breakdown row is not mixed in).
    assert [(f.period.label, f.value) for f in concerns.figures] == [("2025-Q1", 40.0), ("2025-Q2", 50.0)]
    pct = series["cppm_initial_within_28d_pct"].figures[0]
    assert (pct.value, pct.numerator, pct.denominator) == (75.0, 15, 20)


YEAR = HEADER + (
    # Calendar 2024 complete; 2025 has Q1 only. Counts by quarter, and a percentage with its parts.
    "concerns,2024-Q1,,10,,\n"
    "concerns,2024-Q2,,20,,\n"
    "concerns,2024-Q3,,30,,\n"
    "concerns,2024-Q4,,40,,\n"
    "concerns,2025-Q1,,50,,\n"
    "cppm_initial_within_28d_pct,2024-Q1,,50,1,2\n"
    "cppm_initial_within_28d_pct,2024-Q2,,100,3,3\n"
    "cppm_initial_within_28d_pct,2024-Q3,,0,0,1\n"
    "cppm_initial_within_28d_pct,2024-Q4,,75,3,4\n"
    "registration_length_median_days,2024-Q1,,200,,\n"
    "registration_length_median_days,2024-Q2,,210,,\n"
    "registration_length_median_days,2024-Q3,,220,,\n"
    "registration_length_median_days,2024-Q4,,230,,\n"
    "concerns,2024-Q1,sex:female,6,,\n"
    "concerns,2024-Q1,sex:male,4,,\n"
    "concerns,2024-Q2,sex:female,12,,\n"
    "concerns,2024-Q1,age_band:0_4,3,,\n"
)


def test_years_and_breakdowns_are_made_from_the_quarterly_returns(world):
    assert upload(world, YEAR).loaded

    def figures(kind, breakdown=None):
        return {
            (s.indicator.code, s.breakdown_value): {f.period.label: f.value for f in s.figures}
            for s in compute(world.partnership.pk, kind=kind, breakdown=breakdown)
        }

    years = figures("year")
    # 2024: 10 + 20 + 30 + 40; 2025 has one quarter of four, so no value.
    assert years[("concerns", "")] == {"2024": 100.0, "2025": None}
    # (1 + 3 + 0 + 3) / (2 + 3 + 1 + 4) = 7 / 10, not the mean of the four percentages (56.25).
    assert years[("cppm_initial_within_28d_pct", "")]["2024"] == 70.0
    # A median cannot be made from quarterly medians.
    assert years[("registration_length_median_days", "")]["2024"] is None
    # April 2024 to March 2025: Q2, Q3 and Q4 of 2024 and Q1 of 2025 = 20 + 30 + 40 + 50.
    assert figures("financial_year")[("concerns", "")]["2024-25"] == 140.0
    # A statistics year (August to July) holds no whole quarter of a return.
    assert all(v is None for v in figures("statistics_year")[("concerns", "")].values())
    by_sex = figures("quarter", "sex")
    assert by_sex[("concerns", "female")] == {"2024-Q1": 6.0, "2024-Q2": 12.0}
    assert by_sex[("concerns", "male")] == {"2024-Q1": 4.0, "2024-Q2": None}
    assert figures("quarter", "age_band")[("concerns", "0_4")] == {"2024-Q1": 3.0}
    assert figures("quarter", "ethnicity") == {}


def test_every_bad_row_is_reported_and_nothing_changes(world):
    report = upload(world, BAD)
    assert not report.loaded and AggregateValue.objects.count() == 0
    found = {(p["row"], p["column"]) for p in report.problems}
    assert found == {
        (3, "indicator"),
        (4, "period"),
        (5, "breakdown"),
        (6, "value"),
        (7, "value"),
        (7, "numerator"),
        (8, "indicator"),
        (9, "period"),
    }
    reasons = {(p["row"], p["column"]): p["reason"] for p in report.problems}
    assert "not an indicator code" in reasons[(3, "indicator")]
    assert "already on row 2" in reasons[(8, "indicator")]
    assert "more than 100" in reasons[(7, "value")]
    assert (report.rows_total, report.rows_bad) == (8, 7)


def test_the_good_rows_are_saved_only_when_accepted(world):
    report = upload(world, BAD, accept_good_rows=True)
    assert report.loaded and report.created == 1
    assert values(world) == {("concerns", "2025-Q1", ""): Decimal("40.00")}


def test_uploading_again_is_idempotent(world):
    upload(world, GOOD)
    audit_entries = AuditEntry.objects.count()
    report = upload(world, GOOD)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert AggregateValue.objects.count() == 4
    assert AuditEntry.objects.count() == audit_entries  # nothing written, nothing audited
    report = upload(world, HEADER + "concerns,2025-Q1,,45,,\n")
    assert (report.created, report.updated) == (0, 1)
    assert values(world)[("concerns", "2025-Q1", "")] == Decimal("45.00")


def test_a_header_without_a_required_column_is_refused(world):
    report = upload(world, "indicator,value\nconcerns,1\n")
    assert report.problems == [
        {"row": 1, "column": "period", "reason": "This required column is missing from the header row."}
    ]


def test_xlsx_uploads_are_read(world):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "period", "breakdown", "value"])
    sheet.append(["concerns", "2024-Q4", None, 12])
    buffer = io.BytesIO()
    book.save(buffer)
    report = aggregates.aggregate_upload(
        partnership=world.partnership, stream=io.BytesIO(buffer.getvalue()), today=TODAY
    )
    assert report.loaded and values(world) == {("concerns", "2024-Q4", ""): Decimal("12.00")}


def test_a_locked_quarter_needs_an_exception(world):
    upload(world, GOOD)
    lock = aggregates.period_lock(partnership=world.partnership, period="2025-Q1", by=world.lead, today=TODAY)
    assert (lock.locked_by, lock.period) == (world.lead, "2025-Q1")
    with pytest.raises(aggregates.AggregateError, match="already locked"):
        aggregates.period_lock(partnership=world.partnership, period="2025-Q1", by=world.lead, today=TODAY)
    with pytest.raises(aggregates.AggregateError, match="no aggregate values"):
        aggregates.period_lock(partnership=world.partnership, period="2024-Q1", by=world.lead, today=TODAY)

    # An edit without a reason is refused with a clear message; the value is untouched.
    with pytest.raises(aggregates.AggregateError) as refused:
        aggregates.aggregate_value_save(
            partnership=world.partnership,
            indicator="concerns",
            period="2025-Q1",
            value="41",
            by=world.lead,
            today=TODAY,
        )
    assert refused.value.problems == {"exception_reason": aggregates.locked_message("2025-Q1")}
    assert values(world)[("concerns", "2025-Q1", "")] == Decimal("40.00")
    # The same value again is not a change: no exception needed.
    _, outcome = aggregates.aggregate_value_save(
        partnership=world.partnership, indicator="concerns", period="2025-Q1", value="40", by=world.lead, today=TODAY
    )
    assert outcome == "unchanged" and not PeriodLockException.objects.exists()
    # An upload that changes a locked quarter without a reason: the row is bad, nothing changes.
    report = upload(world, HEADER + "concerns,2025-Q1,,43,,\nconcerns,2025-Q2,,51,,\n")
    assert not report.loaded and report.problems == [
        {"row": 2, "column": "period", "reason": aggregates.locked_message("2025-Q1")}
    ]
    assert values(world)[("concerns", "2025-Q2", "")] == Decimal("50.00")

    saved, outcome = aggregates.aggregate_value_save(
        partnership=world.partnership,
        indicator="concerns",
        period="2025-Q1",
        value="42",
        exception_reason="Two concerns were recorded late by Education",
        by=world.subgroup_member,
        today=TODAY,
    )
    assert (outcome, saved.value) == ("updated", Decimal("42.00"))
    exception = PeriodLockException.objects.get()
    assert (exception.lock, exception.created_by, exception.before, exception.after) == (
        lock,
        world.subgroup_member,
        "40.00",
        "42.00",
    )
    assert exception.reason == "Two concerns were recorded late by Education"
    report = upload(world, HEADER + "concerns,2025-Q1,,43,,\n", exception_reason="Corrected return from NHS")
    assert report.loaded and report.exceptions == 1 and PeriodLockException.objects.count() == 2


# Pages ------------------------------------------------------------------------------------------


def addresses() -> dict[str, str]:
    return {
        "list": reverse("dataset:aggregates", args=["glen"]),
        "export_csv": reverse("dataset:aggregates", args=["glen"]) + "?export=csv",
        "export_xlsx": reverse("dataset:aggregates", args=["glen"]) + "?export=xlsx&period=2025-Q1",
        "periods": reverse("dataset:aggregate_periods", args=["glen"]),
        "enter": reverse("dataset:aggregate_enter", args=["glen"]) + "?indicator=concerns&period=2025-Q1",
        "upload": reverse("dataset:aggregate_upload", args=["glen"]),
    }


@pytest.mark.parametrize(
    ("page", "allowed"),
    [
        ("list", EVERYONE),
        ("export_csv", EVERYONE),
        ("export_xlsx", EVERYONE),
        ("periods", EVERYONE),
        ("enter", LOADERS),
        ("upload", LOADERS),
    ],
)
def test_access(client, world, page, allowed):
    upload(world, GOOD)
    for who in [*EVERYONE, "outsider"]:
        client.force_login(getattr(world, who))
        status = client.get(addresses()[page]).status_code
        assert status == (200 if who in allowed else 404), (page, who, status)


def test_writes_are_refused_to_everyone_but_loaders(client, world):
    upload(world, GOOD)
    for who in ["committee", "education_lead", "police_lead", "contributor", "viewer", "outsider"]:
        client.force_login(getattr(world, who))
        lock = client.post(reverse("dataset:aggregate_lock", args=["glen", "2025-Q1"]))
        enter = client.post(
            reverse("dataset:aggregate_enter", args=["glen"]),
            {"indicator": "concerns", "period": "2025-Q3", "value": "1"},
        )
        sent = client.post(
            reverse("dataset:aggregate_upload", args=["glen"]), {"file": SimpleUploadedFile("a.csv", GOOD.encode())}
        )
        assert (lock.status_code, enter.status_code, sent.status_code) == (404, 404, 404), who
    assert not PeriodLock.objects.exists() and AggregateValue.objects.count() == 4


def test_another_partnership_sees_none_of_the_values(client, world):
    upload(world, GOOD)
    client.force_login(world.outsider)
    html = client.get(reverse("dataset:aggregates", args=["other"])).content.decode()
    assert "No aggregate values yet" in html


def test_enter_lock_and_exception_through_the_pages(client, world):
    client.force_login(world.subgroup_member)
    enter = reverse("dataset:aggregate_enter", args=["glen"])
    response = client.post(enter, {"indicator": "concerns", "period": "2025 Q9", "value": "x"})
    html = response.content.decode()
    assert "govuk-error-summary" in html and "is not a quarter as YYYY-Qn" in html and "is not a number" in html
    assert 'value="2025 Q9"' in html  # what was typed is kept
    response = client.post(enter, {"indicator": "concerns", "period": "2025-Q1", "value": "40"})
    assert response.status_code == 302 and AggregateValue.objects.get().value == Decimal("40.00")
    client.post(reverse("dataset:aggregate_lock", args=["glen", "2025-Q1"]))
    assert PeriodLock.objects.get().locked_by == world.subgroup_member
    response = client.post(enter, {"indicator": "concerns", "period": "2025-Q1", "value": "44"})
    assert "2025-Q1 is locked: give the reason for the exception" in response.content.decode()
    assert AggregateValue.objects.get().value == Decimal("40.00")
    client.post(enter, {"indicator": "concerns", "period": "2025-Q1", "value": "44", "exception_reason": "Late return"})
    assert AggregateValue.objects.get().value == Decimal("44.00")
    page = client.get(reverse("dataset:aggregate_periods", args=["glen"])).content.decode()
    assert "Locked by Mia Mise" in page and "Late return" in page and "44.00" in page
    audited = set(AuditEntry.objects.filter(user=world.subgroup_member).values_list("object_type", flat=True))
    assert {"dataset.AggregateValue", "dataset.PeriodLock", "dataset.PeriodLockException"} <= audited


def test_upload_page_reports_every_bad_row_then_saves_a_good_file(client, world):
    client.force_login(world.lead)
    address = reverse("dataset:aggregate_upload", args=["glen"])
    html = client.post(address, {"file": SimpleUploadedFile("q.csv", BAD.encode(), "text/csv")}).content.decode()
    assert "Nothing was saved from this file" in html and "already on row 2" in html
    assert AggregateValue.objects.count() == 0
    response = client.post(address, {"file": SimpleUploadedFile("q.csv", GOOD.encode(), "text/csv")})
    assert response.status_code == 302 and AggregateValue.objects.count() == 4
    html = client.post(address, {"file": SimpleUploadedFile("x.pdf", b"%PDF")}).content.decode()
    assert "must be a CSV or an Excel" in html


def test_export_has_the_upload_columns(client, world):
    upload(world, GOOD)
    client.force_login(world.viewer)
    text = client.get(reverse("dataset:aggregates", args=["glen"]) + "?export=csv").content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "indicator,period,breakdown,value,numerator,denominator"
    assert "cppm_initial_within_28d_pct,2025-Q1,,75.00,15,20" in lines


def test_aggregate_list_makes_a_fixed_number_of_queries(client, world):
    client.force_login(world.lead)

    def count() -> int:
        return count_queries(client, reverse("dataset:aggregates", args=["glen"]))

    upload(world, HEADER + "concerns,2025-Q1,,1,,\n")
    few = count()
    upload(world, GOOD)
    aggregates.period_lock(partnership=world.partnership, period="2025-Q2", by=world.lead, today=TODAY)
    assert count() == few

    def count_periods() -> int:
        client.get(
            reverse("dataset:aggregate_periods", args=["glen"])
        )  # warm: the first request of a session makes one-off queries
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("dataset:aggregate_periods", args=["glen"])).status_code == 200
        return len(queries)

    before = count_periods()  # one lock, no exceptions
    aggregates.period_lock(partnership=world.partnership, period="2025-Q1", by=world.lead, today=TODAY)
    aggregates.aggregate_value_save(
        partnership=world.partnership,
        indicator="concerns",
        period="2025-Q1",
        value="9",
        exception_reason="x",
        today=TODAY,
    )
    assert count_periods() == before
