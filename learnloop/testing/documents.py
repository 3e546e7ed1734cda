"""Checks that a downloaded Word or PDF document is the house document (learnloop.core.documents):
A4, the partnership in the header, the date made and "Page X of Y" in the footer, and (for PDF)
tagged. Used by every app's download tests.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from typing import Any
from urllib.parse import urljoin

import pytest
from django.utils import timezone

A4_MM = (210, 297)
EMU_PER_MM = 36_000


def made_today() -> str:
    today = timezone.localdate()
    return f"Made {today.day} {today:%B %Y}"


def link(html: str, pattern: str, *, page: str = "") -> str:
    """The address of the first link on the page whose href matches ``pattern`` (a regex), resolved
    against the page's own address for relative links such as "?export=docx"."""
    for href in re.findall(r'href="([^"]+)"', html):
        href = href.replace("&amp;", "&")
        if re.search(pattern, href):
            return urljoin(page, href)
    raise AssertionError(f"No link matching {pattern!r} on the page")


def assert_word_document(content: bytes, *, partnership: str, title: str | None = None) -> Any:
    """Open the .docx and check every section's page, header and footer; return the Document."""
    from docx import Document
    from docx.enum.section import WD_ORIENT

    document = Document(io.BytesIO(content))
    for section in document.sections:
        size = sorted((round(section.page_width / EMU_PER_MM), round(section.page_height / EMU_PER_MM)))
        assert tuple(size) == A4_MM, f"page is {size} mm, not A4"
        assert (section.page_width > section.page_height) == (section.orientation == WD_ORIENT.LANDSCAPE)
        assert partnership in "\n".join(p.text for p in section.header.paragraphs)
        footer_xml = section.footer._element.xml
        assert re.search(r"<w:instrText[^>]*>\s*PAGE\s*<", footer_xml), "no PAGE field in the footer"
        assert re.search(r"<w:instrText[^>]*>\s*NUMPAGES\s*<", footer_xml), "no NUMPAGES field in the footer"
        assert made_today() in "\n".join(p.text for p in section.footer.paragraphs)
    props = document.core_properties
    assert props.author == partnership and props.language == "en-GB"
    assert "python-docx" not in (props.comments or "") + (props.last_modified_by or "")
    if title is not None:
        assert props.title == title
        assert document.paragraphs[0].text == title and document.paragraphs[0].style.name == "Heading 1"
    for table in document.tables:
        assert "w:tblHeader" in table.rows[0]._tr.xml, "the table's header row does not repeat"
    return document


def _poppler(tool: str, content: bytes, *args: str) -> str:
    executable = shutil.which(tool)
    if not executable:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return subprocess.run(  # noqa: S603 (a fixed executable found on PATH, our own PDF as input)
        [executable, *args, "-", "-"] if tool == "pdftotext" else [executable, "-"],
        input=content,
        capture_output=True,
        check=True,
    ).stdout.decode()


def assert_pdf_document(content: bytes, *, partnership: str, title: str | None = None) -> str:
    """Check the PDF is A4, tagged, and shows the partnership, the date made and page numbers on
    every page; return its text."""
    assert content.startswith(b"%PDF-")
    info = _poppler("pdfinfo", content)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size, info
    assert sorted(round(float(x)) for x in size.groups()) == [595, 842], info
    assert re.search(r"Tagged:\s+yes", info), info
    assert re.search(rf"Author:\s+{re.escape(partnership)}", info), info
    if title is not None:
        assert re.search(rf"Title:\s+{re.escape(title)}", info), info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    text = _poppler("pdftotext", content, "-layout")
    for number, page in enumerate(text.split("\f")[:pages], start=1):
        flat = " ".join(page.split())
        assert partnership in flat, f"page {number} has no header"
        assert made_today() in flat and f"Page {number} of {pages}" in flat, f"page {number} has no footer"
    return " ".join(text.split())
