from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import can_read_audit_log
from learnloop.core.forms import date_filter_input
from learnloop.core.models import AuditEntry
from learnloop.core.pagination import paginate
from learnloop.core.scoping import member_required, require


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Send a member of one partnership to its home page; let others choose."""
    memberships = list(Membership.objects.filter(user=request.user, is_active=True).select_related("partnership"))
    if len(memberships) == 1:
        return redirect("loop:home", slug=memberships[0].partnership.slug)
    return render(request, "core/choose_partnership.html", {"memberships": memberships})


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


class AuditSearchForm(forms.Form):
    q = forms.CharField(label="Person, record or detail", required=False)
    event = forms.ChoiceField(
        label="What happened", required=False, choices=[("", "Any")] + list(AuditEntry.Event.choices)
    )
    date_from = forms.DateField(label="From", required=False, widget=date_filter_input())
    date_to = forms.DateField(label="To", required=False, widget=date_filter_input())


@member_required
def audit_log(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_read_audit_log(m))
    form = AuditSearchForm(request.GET or None)
    members = Membership.objects.filter(partnership=m.partnership)
    # Sign-ins belong to no partnership: show those of this partnership's members.
    entries = AuditEntry.objects.filter(
        Q(partnership=m.partnership)
        | Q(partnership__isnull=True, user_id__in=members.values("user_id"))
        | Q(partnership__isnull=True, user__isnull=True, actor__in=members.values("user__email"))
    ).select_related("user")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if q := data.get("q"):
            entries = entries.filter(
                Q(actor__icontains=q)
                | Q(object_repr__icontains=q)
                | Q(detail__icontains=q)
                | Q(object_type__icontains=q)
            )
        if event := data.get("event"):
            entries = entries.filter(event=event)
        if start := data.get("date_from"):
            entries = entries.filter(at__date__gte=start)
        if end := data.get("date_to"):
            entries = entries.filter(at__date__lte=end)
    return render(request, "core/audit_log.html", {"m": m, "form": form, "page": paginate(request, entries, 50)})


@member_required
def sources(request: HttpRequest, m: Membership) -> HttpResponse:
    from django.urls import reverse

    from learnloop.core.registry import sources as registered

    items = [
        {"title": s.title, "description": s.description, "url": reverse(s.url_name, args=[m.partnership.slug])}
        for s in registered()
    ]
    return render(request, "core/sources.html", {"m": m, "sources": items})
