""" "You said, we did" as a Word document to publish back to children and families (built with
learnloop.core.documents)."""

from __future__ import annotations

import datetime as dt

from learnloop.core import documents
from learnloop.voice.selectors import PublishedItem


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def published_docx(
    items: list[PublishedItem], *, partnership_name: str, start: dt.date | None, end: dt.date | None
) -> bytes:
    period = ""
    if start or end:
        period = f"From {_day(start) if start else 'the start'} to {_day(end) if end else 'now'}. "
    doc = documents.WordDocument(title="You said, we did", partnership=partnership_name)
    doc.paragraph(f"{period}Thank you for telling us what you think. Here is what you said, and what we did.")
    for item in items:
        r = item.response
        said = r.you_said.strip().splitlines()
        doc.heading(f"You said: {said[0][:120]}", level=2)
        doc.paragraphs("\n".join(said[1:]))
        for quote in item.quotes:
            doc.quote(f"“{quote.strip()}”")
        doc.heading(r.get_status_display(), level=3)
        doc.paragraphs(r.we_did)
        doc.paragraph(f"Who: {r.who}. When: {r.responded_on:%B %Y}.")
    if not items:
        doc.paragraph("There are no responses to publish for this period yet.")
    return doc.to_bytes()
