"""The self-evaluation as a page fragment, a Word document and a PDF, all from its content
(learnloop.evaluation.content): live for a draft, frozen for an issued version."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from learnloop.accounts.models import Membership
from learnloop.core.disclosure import NOTE
from learnloop.core.documents import WordDocument, render_pdf
from learnloop.evaluation import access, content, selectors
from learnloop.evaluation.models import SelfEvaluation

FORMATS = ("pdf", "docx", "html")


class NotAvailable(LookupError):
    """The reader may not read this self-evaluation, or it has nothing to show them."""


def issue_text(data: dict[str, Any]) -> str:
    issue = data.get("issue")
    if not issue:
        return "Draft: not issued. Grades, text and evidence may still change."
    at = parse_datetime(issue["at"])
    when = f"{timezone.localtime(at):%-d %B %Y at %H:%M}" if at else issue["at"]
    text = f"Issued as version {issue['version']} by {issue['by']} on {when}."
    if issue.get("reason"):
        text += f" Correction: {issue['reason']}"
    return text


def _made(data: dict[str, Any]) -> dt.date | None:
    issue = data.get("issue")
    at = parse_datetime(issue["at"]) if issue else None
    return timezone.localtime(at).date() if at else None


def content_for(
    se: SelfEvaluation, reader: Membership, *, version: int | None = None, draft: bool = False
) -> dict[str, Any]:
    """What the reader gets: the draft as it is now (for the lead officer and the people
    drafting), or an issued version (the latest unless `version` is given)."""
    if draft:
        if not access.can_draft(reader, se):
            raise NotAvailable("Only the lead officer and the people drafting may read the draft.")
        return content.build(se, reader)
    if not access.can_read_issued(reader, se):
        raise NotAvailable("You may not read this self-evaluation.")
    issued = se.issues.order_by("-version")
    found = issued.filter(version=version).first() if version is not None else issued.first()
    if found is None:
        raise NotAvailable("This self-evaluation has not been issued" + (f" as version {version}." if version else "."))
    return found.content


def to_html(data: dict[str, Any]) -> str:
    return render_to_string("evaluation/_document.html", {"data": data, "issue_text": issue_text(data), "note": NOTE})


def to_pdf(data: dict[str, Any]) -> bytes:
    return render_pdf(
        "evaluation/pdf/self_evaluation.html",
        {"data": data, "issue_text": issue_text(data), "note": NOTE},
        title=data["title"],
        partnership=data["partnership"],
        made=_made(data),
    )


def to_docx(data: dict[str, Any]) -> bytes:
    doc = WordDocument(title=data["title"], partnership=data["partnership"], made=_made(data))
    doc.paragraph(issue_text(data))
    doc.heading("Grades at a glance", level=2)
    rows = []
    for item in data["items"]:
        before = item["previous"]["grade_label"] if item.get("previous") else "None"
        rows.append([item["code"], item["name"], item["grade_label"], before, len(item["evidence"])])
    last = f"Grade in {data['previous_year']}" if data.get("previous_year") else "Last year"
    doc.table(
        ["Code", "Quality indicator or key question", f"Grade in {data['year']}", last, "Evidence"],
        rows,
        caption=f"Grades for {data['year']}",
        numeric=[4],
    )
    for item in data["items"]:
        doc.heading(f"{item['code']} {item['name']}", level=2)
        doc.paragraph(
            f"Grade: {item['grade_label']}"
            + (f" (last year: {item['previous']['grade_label']})" if item.get("previous") else "")
        )
        doc.heading("Our evaluation", level=3)
        doc.paragraphs(item["evaluation"] or "Not written yet.")
        doc.heading("Evidence", level=3)
        if item["evidence"]:
            doc.table(
                ["Kind", "Reference", "Record", "What it shows"],
                [
                    [
                        e["kind_label"],
                        e["reference"],
                        e["title"],
                        (e["note"] + " " if e.get("note") else "") + e["summary"],
                    ]
                    for e in item["evidence"]
                ],
                caption=f"Evidence for {item['code']}",
            )
        else:
            doc.paragraph("No evidence linked.")
        if item.get("hidden_evidence"):
            doc.paragraph(f"{item['hidden_evidence']} further records are confidential and not shown here.")
        if item.get("previous") and item["previous"]["evidence"]:
            doc.paragraph(
                "Last year's evidence: "
                + "; ".join(f"{e['reference']} {e['title']}" for e in item["previous"]["evidence"])
            )
    if data.get("suppressed"):
        doc.paragraph(NOTE)
    return doc.to_bytes()


def render(data: dict[str, Any], fmt: str) -> bytes:
    if fmt == "pdf":
        return to_pdf(data)
    if fmt == "docx":
        return to_docx(data)
    if fmt == "html":
        return to_html(data).encode()
    raise ValueError(f"“{fmt}” is not a format: use one of {', '.join(FORMATS)}.")


def build_self_evaluation(partnership: Any, year_or_period: int | str, fmt: str, reader: Membership) -> bytes:
    """The self-evaluation for a year as bytes in `fmt` (pdf, docx or html), as `reader` may read it:
    the latest issued version, or the draft for the lead officer and the people drafting when it
    has not been issued. For the reports app's `build_report self-evaluation` command."""
    if fmt not in FORMATS:
        raise ValueError(f"“{fmt}” is not a format: use one of {', '.join(FORMATS)}.")
    try:
        year = int(str(year_or_period)[:4])
    except ValueError:
        raise ValueError(f"“{year_or_period}” is not a year (YYYY).") from None
    se = SelfEvaluation.objects.filter(partnership=partnership, year=year).first()
    if se is None or reader.partnership_id != partnership.pk:
        raise NotAvailable(f"{partnership.name} has no self-evaluation for {year}.")
    if se.issues.exists() and access.can_read_issued(reader, se):
        data = content_for(se, reader)
    else:
        data = content_for(se, reader, draft=True)
    return render(data, fmt)


def build_for_command(partnership: Any, start: Any, end: Any, fmt: str) -> bytes:
    """`manage.py build_report self-evaluation`: the year the period ends in, read as a committee
    member reads it (the latest issued version; the draft when none has been issued)."""
    from learnloop.accounts.roles import Role

    reader = Membership(partnership=partnership, role=Role.COMMITTEE_MEMBER, is_active=True)
    return build_self_evaluation(partnership, end.year, fmt, reader)


__all__ = ["build_for_command", "build_self_evaluation", "content_for", "render", "selectors"]
