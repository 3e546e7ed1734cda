"""The 7-minute briefing as an editable Word document (built with learnloop.core.documents)."""

from __future__ import annotations

from learnloop.core import documents
from learnloop.loop.models import Dissemination, SevenMinuteBriefing


def briefing_docx(briefing: SevenMinuteBriefing) -> bytes:
    """The briefing's seven parts under its own title. The line below gives its date, and says it
    is a 7-minute briefing unless the title already does: never "7-minute briefing: 7-minute briefing"."""
    d: Dissemination = briefing.dissemination
    kind = d.get_kind_display()
    day = f"{d.date.day} {d.date:%B %Y}"
    subtitle = day if kind.lower() in d.title.lower() else f"{kind}, {day}"
    doc = documents.WordDocument(title=d.title, partnership=d.partnership.name, subtitle=subtitle)
    for label, text in briefing.parts():
        if text:
            doc.heading(label, level=2)
            doc.paragraphs(text)
    lps = list(d.learning_points.all())
    if lps:
        doc.heading("Learning this briefing shares", level=2)
        doc.bullets(f"{lp.reference}: {lp.title}" for lp in lps)
    return doc.to_bytes()
