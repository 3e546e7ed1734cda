"""The report opens in Word and as a PDF; the figures open as CSV and Excel; each is audited."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from learnloop.audits import services
from learnloop.core.models import AuditEntry
from learnloop.testing.documents import assert_pdf_document, assert_word_document, link

from .conftest import complete

GRADES = {"sw1": {"chronology-used": services.AnswerData(grade=2, comment="=HYPERLINK(bad)")}}


@pytest.fixture
def done(world, setup):
    return complete(setup, world, {**GRADES, "mod1": {"chronology-used": services.AnswerData(grade=2)}})


def test_results_csv_and_excel_hold_the_hand_computed_figures(client, world, done):
    client.force_login(world.viewer)
    address = reverse("audits:results_export", args=["glen", done.number])
    rows = list(csv.reader(io.StringIO(client.get(address, {"export": "csv"}).content.decode("utf-8-sig"))))
    header = rows[0]
    share = header.index("Share good or better, or yes (%)")
    by = {(r[1], r[3]): r for r in rows[1:]}
    # Chronology used, moderated 2 and 4: 1 of 2 good or better = 50%; "2 weak" = 1, "4 good" = 1.
    used = by[
        ("1.2 How well is the chronology used to understand the child's history and patterns of concern?", "Moderated")
    ]
    assert used[share] == "50.0" and used[header.index("2 weak")] == "1" and used[header.index("4 good")] == "1"
    # Social Work readers gave 2 and 4 as well; Education's one reader gave 4: 100%.
    assert by[(used[1], "Education readers")][share] == "100.0"
    assert AuditEntry.objects.filter(event="export", user=world.viewer).count() == 1

    book = load_workbook(io.BytesIO(client.get(address, {"export": "xlsx"}).content))
    sheet = book.active
    assert sheet.cell(1, 1).value == "Section" and sheet.max_row == len(rows)
    assert client.get(address, {"export": "pdf"}).status_code == 404


def test_word_report_opens_with_tables_and_a_chart(client, world, done):
    client.force_login(world.lead)
    response = client.get(reverse("audits:report", args=["glen", done.number, "docx"]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('-report.docx"')
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "AUD-001: Neglect: chronologies" in text and "Areas for improvement" in text
    assert len(document.tables) >= 7  # one per section with graded questions
    assert len(document.inline_shapes) == 1  # the chart, as a PNG
    assert "=HYPERLINK(bad)" in text  # the lead sees comments; Word does not run formulas
    entry = AuditEntry.objects.filter(event="export").latest("id")
    assert entry.detail == "Exported the audit report as DOCX"


def test_word_report_for_a_viewer_has_no_comments(client, world, done):
    client.force_login(world.viewer)
    document = Document(io.BytesIO(client.get(reverse("audits:report", args=["glen", done.number, "docx"])).content))
    assert "HYPERLINK" not in "\n".join(p.text for p in document.paragraphs)


def test_pdf_report_opens(client, world, done):
    client.force_login(world.lead)
    response = client.get(reverse("audits:report", args=["glen", done.number, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and response.content.rstrip().endswith(b"%%EOF")
    assert len(response.content) > 20_000  # text, tables and the SVG chart
    assert client.get(reverse("audits:report", args=["glen", done.number, "odt"])).status_code == 404


def test_programme_exports_what_the_member_may_see(client, world, done):
    client.force_login(world.committee)
    response = client.get(reverse("audits:programme", args=["glen"]), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][:2] == ["AUD-001", "Neglect: chronologies"] and rows[1][rows[0].index("Where it stands")] == "Done"
    assert not any("SW-2025" in cell for row in rows for cell in row)
    client.force_login(world.outsider)
    response = client.get(reverse("audits:programme", args=["other"]), {"export": "xlsx"})
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 1


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_report_links_on_the_results_page_give_the_house_document(client, world, done, fmt):
    client.force_login(world.lead)
    page = client.get(reverse("audits:results", args=["glen", done.number])).content.decode()
    response = client.get(link(page, rf"/report\.{fmt}$"))
    assert response.status_code == 200
    partnership, title = world.partnership.name, "AUD-001: Neglect: chronologies"
    if fmt == "docx":
        document = assert_word_document(response.content, partnership=partnership, title=title)
        headings = {p.text: p.style.name for p in document.paragraphs if p.style.name.startswith("Heading")}
        assert headings["Strengths"] == "Heading 2" and headings["Results by question"] == "Heading 2"
        assert document.inline_shapes[0]._inline.docPr.get("descr").startswith("Bar chart")
    else:
        text = assert_pdf_document(response.content, partnership=partnership, title=title)
        assert "Areas for improvement" in text
