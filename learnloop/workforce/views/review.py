"""The annual training review: on the page and as a Word document."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.core import audit
from learnloop.core import documents as core_documents
from learnloop.core.models import AuditEntry
from learnloop.core.scoping import member_required
from learnloop.workforce import documents, selectors
from learnloop.workforce.forms import ReviewPeriodForm
from learnloop.workforce.models import Session


def _financial_year(today: dt.date) -> int:
    return today.year if today.month >= 4 else today.year - 1


def _period(request: HttpRequest, m: Membership) -> tuple[ReviewPeriodForm, int]:
    today = timezone.localdate()
    current = _financial_year(today)
    first = (
        Session.objects.filter(partnership_id=m.partnership_id).order_by("date").values_list("date", flat=True).first()
    )
    earliest = min(_financial_year(first), current) if first else current
    years = list(range(current, earliest - 1, -1))
    form = ReviewPeriodForm(
        request.GET or None, years=years, initial={"year": current - 1 if current - 1 in years else current}
    )
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else form.initial["year"]
    return form, year


@member_required
def training_review(request: HttpRequest, m: Membership) -> HttpResponse:
    form, year = _period(request, m)
    review = selectors.training_review(m, dt.date(year, 4, 1), dt.date(year + 1, 3, 31))
    return render(request, "workforce/review.html", {"m": m, "form": form, "review": review, "year": year})


@member_required
def training_review_docx(request: HttpRequest, m: Membership) -> HttpResponse:
    _, year = _period(request, m)
    review = selectors.training_review(m, dt.date(year, 4, 1), dt.date(year + 1, 3, 31))
    content = documents.training_review_docx(review, m.partnership.name)
    response = core_documents.download(content, f"training-review-{year}-{year + 1}.docx")
    audit.record(
        event=AuditEntry.Event.EXPORT,
        partnership=m.partnership,
        detail=f"Exported the annual training review {year}-{year + 1} as Word",
    )
    return response
