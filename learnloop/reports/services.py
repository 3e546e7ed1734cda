"""Every write to reports: drafts, narrative (each save a new version), issuing (frozen) and
correcting, and the framework review's recommendations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from learnloop.core import audit  # noqa: F401 (the views audit through it)
from learnloop.core.models import AuditEntry
from learnloop.core.registry import REPORT_KINDS, REPORT_SECTIONS
from learnloop.reports import building, render
from learnloop.reports.building import ReportError
from learnloop.reports.models import IssuedVersion, NarrativeVersion, Recommendation, Report
from learnloop.reviews import redaction


@transaction.atomic
def report_create(
    *,
    partnership: Any,
    kind: str,
    start: dt.date,
    end: dt.date,
    by: Any,
    meeting: dt.date | None = None,
    title: str = "",
    drafters: list[Any] | None = None,
    audience: list[Any] | None = None,
) -> Report:
    if kind not in REPORT_KINDS:
        raise ReportError(f"There is no report kind {kind!r}.")
    if start > end:
        raise ReportError("The period must start on or before the day it ends.")
    report = Report.objects.create(
        partnership=partnership,
        kind=kind,
        title=title or building.default_title(kind, start, end, meeting),
        period_start=start,
        period_end=end,
        meeting_date=meeting if REPORT_KINDS[kind].has_meeting else None,
        created_by=by,
    )
    if drafters:
        report.drafters.set(drafters)
    if audience:
        report.audience.set(audience)
    return report


def narrative_save(*, report: Report, section: str, text: str, by: Any) -> NarrativeVersion:
    info = REPORT_SECTIONS.get(section)
    if info is None or not info.narrative or report.kind not in info.kinds:
        raise ReportError(f"The section {section!r} of this report takes no narrative.")
    return NarrativeVersion.objects.create(report=report, section=section, text=text.strip(), created_by=by)


def redaction_findings(report: Report) -> list[tuple[str, list[redaction.RedactionFinding]]]:
    """The narrative that a public version would publish, checked as the reviews check their text."""
    from learnloop.reports.selectors import current_narratives

    out = []
    for key, text in current_narratives(report).items():
        section = REPORT_SECTIONS.get(key)
        if section is None or not section.public:
            continue
        found = redaction.check(text)
        if found:
            out.append((section.title, found))
    return out


def _store(
    report: Report, number: int, content: dict[str, Any], *, public: bool, by: Any, reason: str
) -> IssuedVersion:
    html, docx, pdf = render.render_all(content)
    return IssuedVersion.objects.create(
        report=report,
        number=number,
        is_public=public,
        title=content["title"],
        issued_by=by,
        reason=reason,
        content=content,
        html=html,
        docx=docx,
        pdf=pdf,
    )


@transaction.atomic
def report_issue(*, report: Report, by: Any, reason: str = "", made: dt.date | None = None) -> list[IssuedVersion]:
    """Freeze the report as it reads today. A second issue is a correction and needs a reason;
    a report with a public version is issued in both, the public one only if its text passes
    the redaction check."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    last = report.versions.aggregate(n=Max("number"))["n"] or 0
    if last and not reason.strip():
        raise ReportError("Say why a corrected version is being issued.")
    info = REPORT_KINDS[report.kind]
    if info.has_public_version:
        findings = redaction_findings(report)
        if findings:
            where = "; ".join(f"{title}: {', '.join(f.text for f in found)}" for title, found in findings)
            raise ReportError(f"The public version cannot be issued: the text may identify someone ({where}).")
    made = made or timezone.localdate()
    versions = [_store(report, last + 1, building.build_report(report, made=made), public=False, by=by, reason=reason)]
    if info.has_public_version:
        versions.append(
            _store(
                report,
                last + 1,
                building.build_report(report, public=True, made=made),
                public=True,
                by=by,
                reason=reason,
            )
        )
    report.status = Report.Status.ISSUED
    report.save(update_fields=["status", "updated_at"])
    return versions


def version_download_record(*, version: IssuedVersion, fmt: str, user: Any) -> None:
    audit.record(
        event=AuditEntry.Event.EXPORT,
        obj=version,
        partnership=version.report.partnership,
        user=user,
        detail=f"Downloaded {version} as {fmt}",
    )


def recommendation_save(
    *,
    report: Report,
    text: str,
    decision: str = Recommendation.Decision.AWAITING,
    note: str = "",
    decided_on: dt.date | None = None,
    recommendation: Recommendation | None = None,
    by: Any = None,
) -> Recommendation:
    if not REPORT_KINDS[report.kind].has_recommendations:
        raise ReportError("This kind of report has no recommendations.")
    rec = recommendation or Recommendation(report=report, created_by=by)
    rec.text = text.strip()
    rec.decision = decision
    rec.decision_note = note.strip()
    rec.decided_on = decided_on if decision != Recommendation.Decision.AWAITING else None
    rec.save()
    return rec


@transaction.atomic
def report_people_set(*, report: Report, drafters: list[int], audience: list[int], by: Any) -> None:
    """Name who drafts the report and who reads its issued versions, together or not at all.
    Only active members of the report's partnership may be named. Each change to either list
    is written to the audit log (the m2m receiver in core.signals), as is who made it."""
    from learnloop.accounts.models import Membership

    members = set(
        Membership.objects.filter(
            partnership_id=report.partnership_id,
            is_active=True,
            user__is_active=True,
            user_id__in=[*drafters, *audience],
        ).values_list("user_id", flat=True)
    )
    strangers = (set(drafters) | set(audience)) - members
    if strangers:
        raise ReportError("Only active members of the partnership can draft or read a report.")
    report = Report.objects.select_for_update().get(pk=report.pk)
    with audit.acting_as(by):
        report.drafters.set(sorted(set(drafters)))
        report.audience.set(sorted(set(audience)))
