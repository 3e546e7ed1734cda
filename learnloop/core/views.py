from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import can_read_audit_log
from learnloop.core.lists import ChoiceFilter, Column, DateFilter, ListPage, MemberFilterSet, text
from learnloop.core.models import AuditEntry
from learnloop.core.pagecache import kept_page
from learnloop.core.scoping import member_required
from learnloop.core.selectors import audit_log_entries


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Send a member of one partnership to its home page; let others choose."""
    memberships = list(Membership.objects.filter(user=request.user, is_active=True).select_related("partnership"))
    if len(memberships) == 1:
        return redirect("loop:home", slug=memberships[0].partnership.slug)
    if not memberships:
        from learnloop.national.access import is_national_reader

        if is_national_reader(request.user):
            return redirect("national:home")
    return render(request, "core/choose_partnership.html", {"memberships": memberships})


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


class AuditLogFilter(MemberFilterSet):
    q = text("Person, record or detail", "actor", "object_repr", "detail", "object_type")
    event = ChoiceFilter(label="What happened", choices=AuditEntry.Event.choices)
    date_from = DateFilter(label="From", field_name="at__date", lookup_expr="gte")
    date_to = DateFilter(label="To", field_name="at__date", lookup_expr="lte")


AUDIT_LOG = ListPage(
    url_name="core:audit_log",
    keep=False,
    template="core/audit_log.html",
    rows=audit_log_entries,
    filterset=AuditLogFilter,
    allowed=can_read_audit_log,
    noun="entry",
    what="audit log entries",
    per_page=50,
    columns=[
        Column("When", "at"),
        Column("Who", "actor"),
        Column("What happened", "get_event_display"),
        Column("Record type", "object_type"),
        Column("Record", "object_repr"),
        Column("Detail", "detail"),
        Column("Address", "ip_address"),
    ],
)
audit_log = AUDIT_LOG.view


@member_required
@kept_page
def sources(request: HttpRequest, m: Membership) -> HttpResponse:
    from django.urls import reverse

    from learnloop.core.registry import sources as registered

    items = [
        {"title": s.title, "description": s.description, "url": reverse(s.url_name, args=[m.partnership.slug])}
        for s in registered()
    ]
    return render(request, "core/sources.html", {"m": m, "sources": items})
