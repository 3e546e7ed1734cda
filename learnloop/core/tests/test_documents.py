"""The shared document module: every Word and PDF document is A4 and says whose it is, when it was
made and which page this is."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from learnloop.core import documents
from learnloop.testing.documents import assert_pdf_document, assert_word_document

NAME = "Dumfries & Galloway Child Protection Committee"  # an ampersand, as real names have


def _png() -> bytes:
    import base64

    return base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )


def test_word_document_is_a4_with_header_footer_and_structure():
    doc = documents.WordDocument(title="Action plan", partnership=NAME, subtitle="Learning review LR-01.")
    doc.heading("Recommendations", level=2)
    doc.table(["No.", "What"], [[1, "Share chronologies"], [2, None]], caption="Recommendations", numeric=[0])
    doc.bullets(["One", "Two"])
    doc.quote("In your words")
    doc.image(_png(), alt="A chart of nothing", width_mm=10)
    document = assert_word_document(doc.to_bytes(), partnership=NAME, title="Action plan")
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert ("Heading 2", "Recommendations") in styles and ("List Bullet", "One") in styles
    table = document.tables[0]
    assert table.style.name == "Table Grid" and [c.text for c in table.rows[2].cells] == ["2", ""]
    assert 'w:tblCaption w:val="Recommendations"' in table._tbl.xml
    assert document.inline_shapes[0]._inline.docPr.get("descr") == "A chart of nothing"
    assert 'w:lang w:val="en-GB"' in document.styles.element.xml


def test_word_document_can_be_landscape_and_dated():
    from docx.shared import Mm

    doc = documents.WordDocument(title="Plan", partnership="Glen CPC", landscape=True, made=dt.date(2026, 12, 1))
    from docx import Document

    document = Document(io.BytesIO(doc.to_bytes()))
    section = document.sections[0]
    assert abs(section.page_width - Mm(297)) < Mm(1) and abs(section.page_height - Mm(210)) < Mm(1)
    assert "Made 1 December 2026" in section.footer.paragraphs[0].text


def test_headings_run_from_the_title_down():
    doc = documents.WordDocument(title="T", partnership="Glen CPC")
    with pytest.raises(ValueError):
        doc.heading("Too deep", level=5)


def test_pdf_is_a4_tagged_with_header_and_footer_on_every_page():
    content = documents.render_pdf(
        "reviews/pdf/summary.html",
        {
            "publication": type(
                "P", (), {"get_kind_display": "Summary", "review": type("R", (), {"reference": "LR-01"})}
            ),
            "paragraphs": [f"Paragraph {i}. " + "Words to fill the page. " * 40 for i in range(30)],
        },
        title="What we learned",
        partnership=NAME,
    )
    text = assert_pdf_document(content, partnership=NAME, title="What we learned")
    assert "Page 2 of" in text  # it ran to more than one page, and each was checked


def test_download_is_an_attachment_of_the_right_type():
    response = documents.download(b"%PDF-1.7", "lr-01-summary.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="lr-01-summary.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert documents.download(b"", "x.docx")["Content-Type"] == documents.DOCX_TYPE
