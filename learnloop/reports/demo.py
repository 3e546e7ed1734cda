"""Demo reports: an issued committee paper for the last quarter, a draft annual report with its
narrative, and a framework review with recommendations and the committee's decisions. Idempotent:
each is made only when the demo partnership has none of its kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.partnership.models import Partnership
from learnloop.reports import services
from learnloop.reports.models import Recommendation, Report

NARRATIVE = {
    "report-context": "Glenmoray is a mostly rural area with two towns. About 21,000 children live here.\n"
    "This year the partnership focused on neglect, on hearing children's voices and on timely meetings.",
    "dataset-year": "Fewer initial child protection planning meetings were held within 28 days than we aim for. "
    "MISE looked at each signal and turned the concerning ones into learning.",
    "reviews-year": "The learning reviews found that chronologies were not shared between agencies early enough.",
    "voice-year": "Young people told us meetings were hard to follow. Chairs now meet each young person beforehand.",
    "workforce-year": "Practitioners' confidence in recognising neglect rose after the neglect toolkit training.",
    "report-priorities": "Next year we will embed the neglect toolkit in every agency and re-audit chronologies.",
}


def _quarter_before(today: dt.date) -> tuple[dt.date, dt.date]:
    first_month = ((today.month - 1) // 3) * 3 + 1
    this_quarter = dt.date(today.year, first_month, 1)
    end = this_quarter - dt.timedelta(days=1)
    start = dt.date(end.year, ((end.month - 1) // 3) * 3 + 1, 1)
    return start, end


def seed(*, partnership: Partnership, say: Callable[[str], None]) -> None:
    lead = Membership.objects.filter(partnership=partnership, role="lead_officer").select_related("user").first()
    if lead is None:
        return
    by = lead.user
    today = timezone.localdate()
    reports = Report.objects.filter(partnership=partnership)
    if not reports.filter(kind="cpc-paper").exists():
        start, end = _quarter_before(today)
        paper = services.report_create(
            partnership=partnership, kind="cpc-paper", start=start, end=end, meeting=end + dt.timedelta(days=21), by=by
        )
        services.narrative_save(
            report=paper,
            section="report-summary",
            text="The loop is moving: most actions are on track, but the overdue ones sit with two agencies.",
            by=by,
        )
        services.report_issue(report=paper, by=by)
        say(f"Issued the committee paper {paper.title}.")
    year_end = dt.date(today.year if today.month > 3 else today.year - 1, 3, 31)
    year_start = dt.date(year_end.year - 1, 4, 1)
    if not reports.filter(kind="annual-report").exists():
        annual = services.report_create(
            partnership=partnership, kind="annual-report", start=year_start, end=year_end, by=by
        )
        for section, text in NARRATIVE.items():
            services.narrative_save(report=annual, section=section, text=text, by=by)
        say(f"Drafted the annual report {annual.title}.")
    if not reports.filter(kind="framework-review").exists():
        review = services.report_create(
            partnership=partnership, kind="framework-review", start=year_start, end=year_end, by=by
        )
        services.narrative_save(
            report=review,
            section="report-summary",
            text="Most learning now leads to an action, but too little is evaluated for impact.",
            by=by,
        )
        services.recommendation_save(
            report=review,
            text="Every learning point raised by MISE from the dataset is given an impact measure when it is approved.",
            decision=Recommendation.Decision.AGREED,
            note="Agreed; MISE to report progress in six months.",
            decided_on=year_end + dt.timedelta(days=30),
            by=by,
        )
        services.recommendation_save(
            report=review,
            text="Website statistics are reviewed by Public Information at each meeting.",
            by=by,
        )
        say(f"Drafted the framework review {review.title}.")
