"""The issued public annual report on the partnership's public learning page (no sign-in).

Only a public version (small numbers suppressed, narrative redaction-checked when it was issued)
of an issued annual report is offered, and only while the partnership's public page is switched
on; the latest public version of each annual report is listed, its earlier ones stay reachable
by their own link."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from learnloop.core.documents import download
from learnloop.core.registry import PublicItem
from learnloop.reports.models import IssuedVersion

ANNUAL = "annual-report"


def _public_versions(partnership: Any):
    return IssuedVersion.objects.filter(report__partnership=partnership, report__kind=ANNUAL, is_public=True)


def public_items(partnership: Any) -> list[PublicItem]:
    latest: dict[int, IssuedVersion] = {}
    for v in _public_versions(partnership).defer("content", "html", "docx", "pdf").order_by("report_id", "-number"):
        latest.setdefault(v.report_id, v)
    return [
        PublicItem(
            section="Annual reports",
            title=v.title,
            date=v.issued_at.date(),
            body="The committee's annual report, as issued (PDF).",
            url=reverse("public_report", args=[partnership.slug, v.pk]),
            key=f"annual-report-{v.pk}",
            order=5,
        )
        for v in sorted(latest.values(), key=lambda v: v.issued_at, reverse=True)
    ]


@require_GET
def public_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    from learnloop.published.selectors import public_page_get

    page = public_page_get(slug)  # 404 when the page is switched off or the partnership is unknown
    version = _public_versions(page.partnership).filter(pk=pk).first()
    if version is None:
        raise Http404("No such public report.")
    return download(bytes(version.pdf), f"{slugify(version.title)[:80]}-v{version.number}.pdf")
