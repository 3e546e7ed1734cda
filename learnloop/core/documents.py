"""The one place Word and PDF documents are built.

Every document a user downloads, and every report to come (committee paper, annual report), is
built here so that all of them:

- are A4 (210 x 297 mm, portrait or landscape), with the same margins;
- name the partnership in the page header;
- say when they were made ("Made 1 December 2026") and number their pages ("Page 2 of 5") in
  the page footer;
- carry their title, author (the partnership) and language (en-GB) in the file's properties;
- have real structure for screen readers and for Word's navigation pane: the title is the one
  level-1 heading, sections are levels 2 and 3 (as in the HTML pages), tables have a header row
  that repeats on every page, images have alternative text, and PDFs are tagged (PDF/UA-1).

Apps keep what a document *says* in their own module (``reports.py``, ``exports.py``,
``documents.py``) and build it with this module; views only call that function, wrap the bytes
with :func:`download` and audit the export.

Word (python-docx)::

    doc = WordDocument(title="Action plan: LR-01", partnership=partnership.name)
    doc.paragraph("Learning review LR-01.")
    doc.heading("Recommendations", level=2)
    doc.table(["No.", "What will be done"], [[1, "Share chronologies"]], caption="Recommendations")
    doc.bullets(["First", "Second"])
    doc.image(png_bytes, alt="Bar chart of ...")
    content = doc.to_bytes()

PDF (WeasyPrint): the template extends ``documents/pdf_base.html`` and fills ``{% block content %}``
(and, if it needs to, ``{% block style %}``); the base supplies the page box, header and footer::

    content = render_pdf(
        "reviews/pdf/action_plan.html", {"review": review}, title="Action plan: LR-01",
        partnership=partnership.name, landscape=True,
    )

Either way, in the view::

    response = download(content, "lr-01-action-plan.pdf")
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
CONTENT_TYPES = {"docx": DOCX_TYPE, "pdf": PDF_TYPE}

LANGUAGE = "en-GB"
FONT = "Arial"
# A4 and its margins, in millimetres; the PDF base template uses the same figures.
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_MM = 20
HEADER_FOOTER_MM = 10


def made_on(day: dt.date) -> str:
    """How a document says when it was made: "Made 1 December 2026"."""
    return f"Made {day.day} {day:%B %Y}"


@dataclass(frozen=True)
class DocumentInfo:
    """What every document says about itself, in its header, footer and properties."""

    title: str
    partnership: str
    made: dt.date = field(default_factory=timezone.localdate)
    landscape: bool = False

    @property
    def made_text(self) -> str:
        return made_on(self.made)


# Word ---------------------------------------------------------------------------------------------


def _field(paragraph: Any, instruction: str, placeholder: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(element: Any) -> None:
        run = paragraph.add_run()
        run._r.append(element)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _set_language(document: Any) -> None:
    """Mark the text as UK English (spelling, screen readers), in the default run properties."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        document.styles.element.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)


def _style_text(document: Any) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    black = RGBColor(0x0B, 0x0C, 0x0C)
    sizes = {"Normal": 11, "Heading 1": 20, "Heading 2": 15, "Heading 3": 12, "Heading 4": 11, "Caption": 10}
    for name, size in sizes.items():
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = black
        # Theme fonts win over named ones, so drop them (the default template's headings use them).
        rpr = style.element.rPr
        rfonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if rfonts is not None:
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(attribute), None)
            rfonts.set(qn("w:cs"), FONT)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        style = document.styles[name]
        style.font.bold = True
        style.font.italic = False
        style.paragraph_format.space_before = Pt(0 if name == "Heading 1" else 14)
        style.paragraph_format.space_after = Pt(6)


class WordDocument:
    """An A4 Word document with the partnership in its header and the date and page numbers in its
    footer. Add content in reading order, then call :meth:`to_bytes`.

    The title is added as the one level-1 heading; use levels 2 and 3 for sections.
    """

    def __init__(
        self,
        *,
        title: str,
        partnership: str,
        made: dt.date | None = None,
        landscape: bool = False,
        subtitle: str = "",
    ) -> None:
        from docx import Document

        self.info = DocumentInfo(
            title=title, partnership=partnership, made=made or timezone.localdate(), landscape=landscape
        )
        self.document = Document()
        self._set_properties()
        _set_language(self.document)
        _style_text(self.document)
        for section in self.document.sections:
            self._set_page(section)
        self.heading(title, level=1)
        if subtitle:
            self.paragraph(subtitle)

    # Setting up ---------------------------------------------------------------------------------

    def _set_properties(self) -> None:
        now = timezone.now()
        props = self.document.core_properties
        props.title = self.info.title
        props.author = self.info.partnership
        props.last_modified_by = self.info.partnership
        props.language = LANGUAGE
        props.comments = ""
        props.keywords = ""
        props.subject = ""
        props.category = ""
        props.revision = 1
        props.created = now
        props.modified = now

    def _set_page(self, section: Any) -> None:
        from docx.enum.section import WD_ORIENT
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Mm, Pt

        short, long = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        if self.info.landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = long, short
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = short, long
        for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
            setattr(section, side, Mm(MARGIN_MM))
        section.header_distance = section.footer_distance = Mm(HEADER_FOOTER_MM)
        text_width = section.page_width - section.left_margin - section.right_margin

        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        run = paragraph.add_run(self.info.partnership)
        run.font.size = Pt(9)

        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run(f"{self.info.made_text}\tPage ")
        _field(paragraph, "PAGE", "1")
        paragraph.add_run(" of ")
        _field(paragraph, "NUMPAGES", "1")
        for run in paragraph.runs:
            run.font.size = Pt(9)

    # Content ------------------------------------------------------------------------------------

    def heading(self, text: str, *, level: int = 2) -> None:
        """A heading in Word's Heading 1-4 styles (1 is the title; sections use 2 and 3)."""
        if not 1 <= level <= 4:
            raise ValueError("Headings go from level 1 (the title) to level 4.")
        self.document.add_heading(text, level=level)

    def paragraph(self, text: str, *, style: str | None = None) -> None:
        self.document.add_paragraph(text, style=style)

    def paragraph_with_link(self, text: str, label: str, url: str) -> None:
        """A paragraph ending in a working hyperlink (blue, underlined), e.g. to an app page."""
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        paragraph = self.document.add_paragraph(text)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
        run = OxmlElement("w:r")
        props = OxmlElement("w:rPr")
        colour = OxmlElement("w:color")
        colour.set(qn("w:val"), "1D70B8")
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        props.extend([colour, underline])
        run.append(props)
        label_text = OxmlElement("w:t")
        label_text.text = label
        run.append(label_text)
        link.append(run)
        paragraph._p.append(link)

    def paragraphs(self, text: str) -> None:
        """Text as typed into a form: one paragraph per non-blank line."""
        for line in text.splitlines():
            if line.strip():
                self.paragraph(line.strip())

    def quote(self, text: str) -> None:
        self.paragraph(text, style="Quote")

    def bullets(self, items: Iterable[str]) -> None:
        for item in items:
            self.paragraph(item, style="List Bullet")

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        caption: str = "",
        numeric: Iterable[int] = (),
    ) -> None:
        """A table with a header row that repeats on every page. ``numeric`` lists the columns
        (by index) to right-align. The caption, if any, is a visible caption above the table and its
        accessible title.
        """
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        numeric = set(numeric)
        if caption:
            self.paragraph(caption, style="Caption")
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        if caption:
            tbl_pr = table._tbl.tblPr
            for tag in ("w:tblCaption", "w:tblDescription"):
                element = OxmlElement(tag)
                element.set(qn("w:val"), caption)
                tbl_pr.append(element)
        header_row = table.rows[0]
        tr_pr = header_row._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)
        for i, (cell, text) in enumerate(zip(header_row.cells, headers, strict=True)):
            paragraph = cell.paragraphs[0]
            paragraph.add_run(str(text)).bold = True
            if i in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for row in rows:
            added = table.add_row()
            no_split = OxmlElement("w:cantSplit")
            added._tr.get_or_add_trPr().append(no_split)
            for i, (cell, value) in enumerate(zip(added.cells, row, strict=True)):
                cell.text = "" if value is None else str(value)
                if i in numeric:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.document.add_paragraph()

    def image(self, png: bytes, *, alt: str, width_mm: float = 160) -> None:
        """A picture (a chart as PNG) with alternative text for screen readers."""
        from docx.shared import Mm

        shape = self.document.add_picture(io.BytesIO(png), width=Mm(width_mm))
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", alt)
        doc_pr.set("title", alt)

    # Output -------------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


# PDF ----------------------------------------------------------------------------------------------


def render_pdf(
    template: str,
    context: dict[str, Any],
    *,
    title: str,
    partnership: str,
    made: dt.date | None = None,
    landscape: bool = False,
) -> bytes:
    """Render a template that extends ``documents/pdf_base.html`` to a tagged A4 PDF (PDF/UA-1).

    The template gets ``document`` (a :class:`DocumentInfo`) besides its own context; the base
    template uses it for the page header and footer, the title and the properties.
    """
    from weasyprint import HTML

    info = DocumentInfo(title=title, partnership=partnership, made=made or timezone.localdate(), landscape=landscape)
    html = render_to_string(template, {**context, "document": info})
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


# Download -----------------------------------------------------------------------------------------


def download(content: bytes, filename: str) -> HttpResponse:
    """The bytes of a .docx or .pdf as a download: never shown inline, never sniffed."""
    extension = filename.rsplit(".", 1)[-1].lower()
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
