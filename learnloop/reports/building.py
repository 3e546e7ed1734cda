"""Building a report's content: each registered section's blocks, for the report's reader, with
the lead officer's newest narrative text. The content is plain JSON, which render.py turns into
HTML, Word and PDF and which an issued version keeps as it was."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.accounts.roles import Role
from learnloop.core.registry import REPORT_KINDS, report_sections
from learnloop.core.reporting import ReportRequest, cap_lists, day, to_json


class ReportError(Exception):
    """Something about the request for a report is wrong: the message says what."""


def reader(partnership: Any, *, public: bool) -> Membership:
    """Who a report is written for. The committee reads everything that is not confidential; the
    public version reads as a viewer does, with small numbers suppressed. Never saved."""
    m = Membership(partnership=partnership, role=Role.VIEWER if public else Role.COMMITTEE_MEMBER, is_active=True)
    m._subgroups_cache = []  # type: ignore[attr-defined]
    return m


def period_text(start: dt.date, end: dt.date) -> str:
    return f"{day(start)} to {day(end)}"


def default_title(kind: str, start: dt.date, end: dt.date, meeting: dt.date | None) -> str:
    info = REPORT_KINDS[kind]
    if meeting:
        return f"{info.title}: meeting of {day(meeting)}"
    if start.year == end.year:
        return f"{info.title} {start.year}"
    return f"{info.title} {start.year} to {end.year}"


def build(
    *,
    kind: str,
    partnership: Any,
    start: dt.date,
    end: dt.date,
    meeting: dt.date | None = None,
    title: str = "",
    narratives: dict[str, str] | None = None,
    public: bool = False,
    report_id: int | None = None,
    made: dt.date | None = None,
) -> dict[str, Any]:
    if kind not in REPORT_KINDS:
        raise ReportError(f"There is no report kind {kind!r}: choose one of {', '.join(sorted(REPORT_KINDS))}.")
    if start > end:
        raise ReportError(f"The period starts ({start}) after it ends ({end}).")
    info = REPORT_KINDS[kind]
    narratives = narratives or {}
    request = ReportRequest(
        m=reader(partnership, public=public), start=start, end=end, meeting=meeting, public=public, report_id=report_id
    )
    sections = []
    for section in report_sections(kind):
        if public and not section.public:
            continue
        blocks = cap_lists(section.build(request)) if section.build else []
        text = narratives.get(section.key, "") if section.narrative else ""
        if not blocks and not text and section.build is None:
            continue
        sections.append({"key": section.key, "title": section.title, "narrative": text, "blocks": to_json(blocks)})
    title = title or default_title(kind, start, end, meeting)
    if public:
        title += " (public version)"
    lines = [f"Period: {period_text(start, end)}."]
    if meeting:
        lines.insert(0, f"For the meeting of {day(meeting)}.")
    return {
        "kind": kind,
        "kind_title": info.title,
        "title": title,
        "partnership": partnership.name,
        "subtitle": " ".join(lines),
        "public": public,
        "made": (made or timezone.localdate()).isoformat(),
        "sections": sections,
    }


def build_report(report: Any, *, public: bool = False, made: dt.date | None = None) -> dict[str, Any]:
    from learnloop.reports.selectors import current_narratives

    return build(
        kind=report.kind,
        partnership=report.partnership,
        start=report.period_start,
        end=report.period_end,
        meeting=report.meeting_date,
        title=report.title,
        narratives=current_narratives(report),
        public=public,
        report_id=report.pk,
        made=made,
    )
