"""The list page declaration: one filtered queryset for the page, its fragment and its downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.http import Http404
from django.test import RequestFactory

from learnloop.core.lists import Column, ListPage, joined, resolve
from learnloop.loop import selectors
from learnloop.loop.filters import LearningPointFilter
from learnloop.loop.models import LearningPoint
from learnloop.testing.factories import LearningPointFactory


def _page(**kwargs) -> ListPage:
    options = {
        "url_name": "test:learning_points",
        "template": "loop/learning_point_list.html",
        "rows": selectors.learning_point_list,
        "filterset": LearningPointFilter,
        "noun": "learning point",
        "columns": [
            Column("Reference", "reference"),
            Column("Kind", "get_kind_display"),
            Column("Themes", joined("themes")),
        ],
        "register": False,
    }
    return ListPage(**{**options, **kwargs})


def _request(world, user, query: dict, htmx: bool = False):
    request = RequestFactory().get("/", query)
    request.user = user
    request.htmx = htmx
    request.session = {}
    return request


@pytest.fixture
def points(world):
    p = world.partnership
    return [
        LearningPointFactory(partnership=p, kind=LearningPoint.Kind.IMPROVEMENT, date_identified=dt.date(2026, 1, 5)),
        LearningPointFactory(partnership=p, kind=LearningPoint.Kind.IMPROVEMENT, date_identified=dt.date(2026, 2, 5)),
        LearningPointFactory(partnership=p, kind=LearningPoint.Kind.GOOD_PRACTICE, date_identified=dt.date(2026, 3, 5)),
    ]


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]


def test_the_download_holds_the_filtered_rows_the_page_counts(world, points):
    page = _page()
    m = world.membership(world.lead)
    query = {"kind": LearningPoint.Kind.IMPROVEMENT, "page": "1"}
    shown = page.respond(_request(world, world.lead, query), m)
    assert shown.status_code == 200
    assert "2 learning points" in shown.content.decode()
    download = page.respond(_request(world, world.lead, {**query, "export": "csv"}), m)
    assert sorted(r[0] for r in _csv_rows(download)) == sorted(lp.reference for lp in points[:2])


def test_dates_are_read_from_day_month_year_boxes_and_from_an_iso_link(world, points):
    page = _page()
    m = world.membership(world.lead)
    boxes = {"identified_from_day": "1", "identified_from_month": "2", "identified_from_year": "2026"}
    for query in (boxes, {"identified_from": "2026-02-01"}):
        download = page.respond(_request(world, world.lead, {**query, "export": "csv"}), m)
        assert sorted(r[0] for r in _csv_rows(download)) == sorted(lp.reference for lp in points[1:])


def test_an_invalid_filter_is_shown_and_left_out_while_the_others_apply(world, points):
    page = _page()
    m = world.membership(world.lead)
    query = {"kind": LearningPoint.Kind.IMPROVEMENT, "identified_from_day": "31", "identified_from_month": "2"}
    html = page.respond(_request(world, world.lead, query), m).content.decode()
    assert "2 learning points" in html
    assert "govuk-error-message" in html


def test_htmx_gets_the_results_fragment_only(world, points):
    html = _page().respond(_request(world, world.lead, {}, htmx=True), world.membership(world.lead)).content.decode()
    assert html.lstrip().startswith('<div id="results">')


def test_a_member_the_page_is_not_for_gets_a_404(world, points):
    page = _page(allowed=lambda m: False)
    with pytest.raises(Http404):
        page.respond(_request(world, world.lead, {}), world.membership(world.lead))


def test_a_page_without_downloads_ignores_the_export_parameter(world, points):
    response = _page(exports=False).respond(
        _request(world, world.lead, {"export": "csv"}), world.membership(world.lead)
    )
    assert response["Content-Type"].startswith("text/html")
    assert "Download what you can see" not in response.content.decode()


def test_resolve_follows_paths_and_calls_methods(world, points):
    lp = points[0]
    assert resolve(lp, "partnership.name") == world.partnership.name
    assert resolve(lp, "get_kind_display") == lp.get_kind_display()
    assert resolve(lp, "subgroup.name") is None


def test_a_large_download_is_streamed_with_the_same_filtered_rows_and_audited(world, points, settings, monkeypatch):
    from learnloop.core import exports
    from learnloop.core.models import AuditEntry

    monkeypatch.setattr(exports, "STREAM_AFTER", 2)  # three rows: more than a small download
    page = _page()
    m = world.membership(world.lead)
    download = page.respond(_request(world, world.lead, {"export": "csv"}), m)
    assert download.streaming
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Reference", "Kind", "Themes"]
    assert sorted(r[0] for r in rows[1:]) == sorted(lp.reference for lp in points)
    entry = AuditEntry.objects.filter(event=AuditEntry.Event.EXPORT).latest("pk")
    assert entry.detail == "Exported 3 learning points as CSV"
    filtered = page.respond(_request(world, world.lead, {"kind": LearningPoint.Kind.IMPROVEMENT, "export": "csv"}), m)
    assert not filtered.streaming  # two rows: sent whole
    assert sorted(r[0] for r in _csv_rows(filtered)) == sorted(lp.reference for lp in points[:2])


def test_a_large_workbook_is_sent_from_a_file_with_every_row(world, points, monkeypatch):
    from openpyxl import load_workbook

    from learnloop.core import exports

    monkeypatch.setattr(exports, "STREAM_AFTER", 2)
    download = _page().respond(_request(world, world.lead, {"export": "xlsx"}), world.membership(world.lead))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 4 and rows[0][0] == "Reference"
