"""The 7-minute briefing as an editable Word document (built with learnloop.core.documents)."""

from __future__ import annotations

from learnloop.core import documents
from learnloop.loop.models import Dissemination, SevenMinuteBriefing


def briefing_docx(briefing: SevenMinuteBriefing) -> bytes:
    """The briefing's seven parts under its own title; the kind and date go on the line below, so a
    title that already says "7-minute briefing" is not said twice."""
    d: Dissemination = briefing.dissemination
    doc = documents.WordDocument(
        title=d.title,
        partnership=d.partnership.name,
        subtitle=f"{d.get_kind_display()}, {d.date.day} {d.date:%B %Y}",
    )
    for label, text in briefing.parts():
        if text:
            doc.heading(label, level=2)
            doc.paragraphs(text)
    lps = list(d.learning_points.all())
    if lps:
        doc.heading("Learning this briefing shares", level=2)
        doc.bullets(f"{lp.reference}: {lp.title}" for lp in lps)
    return doc.to_bytes()
