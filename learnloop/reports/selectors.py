"""Who may see which report, and every read of reports a member can trigger.

- The lead officer manages reports: creates drafts, writes narrative, issues and corrects them.
- The people drafting a report (named on it) see its draft and write its narrative.
- Committee members, and the people named in a report's audience, read its issued versions.
- Anyone in the partnership reads an issued public version (small numbers suppressed).
- Everyone else sees nothing of a report: a 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from learnloop.accounts.models import Membership
from learnloop.accounts.roles import Role
from learnloop.reports.models import IssuedVersion, NarrativeVersion, Report


def can_manage(m: Membership) -> bool:
    return m.role == Role.LEAD_OFFICER


def is_drafter(m: Membership, report: Report) -> bool:
    return can_manage(m) or report.drafters.filter(pk=m.user_id).exists()


def reads_issued(m: Membership, report: Report) -> bool:
    """May read the issued (not only public) versions."""
    if m.role in {Role.LEAD_OFFICER, Role.COMMITTEE_MEMBER}:
        return True
    return report.audience.filter(pk=m.user_id).exists() or report.drafters.filter(pk=m.user_id).exists()


def reports_visible(m: Membership) -> QuerySet[Report]:
    qs = Report.objects.filter(partnership_id=m.partnership_id)
    if m.role == Role.LEAD_OFFICER:
        return qs
    issued = Q(status=Report.Status.ISSUED)
    public = Exists(IssuedVersion.objects.filter(report=OuterRef("pk"), is_public=True))
    mine = Q(drafters=m.user_id)
    if m.role == Role.COMMITTEE_MEMBER:
        return qs.filter(issued | mine).distinct()
    return qs.filter(mine | (issued & Q(audience=m.user_id)) | public).distinct()


def report_list(m: Membership) -> QuerySet[Report]:
    return reports_visible(m).select_related("partnership").order_by("-period_end", "-id")


def report_get(m: Membership, pk: int) -> Report:
    report = reports_visible(m).select_related("partnership").filter(pk=pk).first()
    if report is None:
        raise Http404("No such report.")
    return report


def versions_visible(m: Membership, report: Report) -> QuerySet[IssuedVersion]:
    qs = report.versions.defer("html", "docx", "pdf", "content").select_related("issued_by")
    return qs if reads_issued(m, report) else qs.filter(is_public=True)


def version_get(m: Membership, report: Report, pk: int) -> IssuedVersion:
    version = versions_visible(m, report).filter(pk=pk).first()
    if version is None:
        raise Http404("No such version.")
    return IssuedVersion.objects.get(pk=version.pk)


def current_narratives(report: Report) -> dict[str, str]:
    """The newest text of each section."""
    out: dict[str, str] = {}
    for section, text in report.narratives.order_by("section", "-created_at", "-id").values_list("section", "text"):
        out.setdefault(section, text)
    return out


def narrative_history(report: Report, section: str) -> QuerySet[NarrativeVersion]:
    return report.narratives.filter(section=section).select_related("created_by").order_by("-created_at", "-id")


def people_choices(partnership: Any) -> list[tuple[int, str]]:
    """The partnership's active members other than lead officers (who see every report), as
    (user id, "Name, role, agency"), in order of role, agency and name."""
    order = {value: i for i, value in enumerate(Role.values)}
    members = (
        Membership.objects.filter(partnership=partnership, is_active=True, user__is_active=True)
        .exclude(role=Role.LEAD_OFFICER)
        .select_related("user", "agency")
    )
    rows = sorted(
        members, key=lambda ms: (order.get(ms.role, 99), ms.agency.name if ms.agency else "", ms.user.full_name)
    )
    return [
        (
            ms.user_id,
            ", ".join(x for x in (str(ms.user), ms.get_role_display(), ms.agency.name if ms.agency else "") if x),
        )
        for ms in rows
    ]


def last_meeting(partnership: Any) -> Any:
    """The date of the last committee meeting a paper was issued for (none in the future), for
    "what is new since the last meeting"."""
    from django.utils import timezone

    return (
        Report.objects.filter(
            partnership=partnership,
            kind="cpc-paper",
            versions__isnull=False,
            meeting_date__lte=timezone.localdate(),
        )
        .order_by("-meeting_date")
        .values_list("meeting_date", flat=True)
        .first()
    )
