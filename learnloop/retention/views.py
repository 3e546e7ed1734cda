"""The lead officer's retention schedule, in the partnership's settings."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import can_manage_partnership
from learnloop.core.scoping import member_required, require
from learnloop.retention import authorship, selectors, services
from learnloop.retention.forms import RetentionPeriodForm, RetentionSettingsForm


@member_required
def schedule(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_manage_partnership(m))
    current = services.retention_settings_for(m.partnership)
    form = RetentionSettingsForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.retention_settings_update(
            partnership=m.partnership,
            former_members_shown_by_role=form.cleaned_data["former_members_shown_by_role"],
        )
        authorship.forget(m.partnership)
        messages.success(request, "Retention settings saved.")
        return redirect("retention:schedule", slug=m.partnership.slug)
    return render(
        request,
        "retention/schedule.html",
        {"m": m, "form": form, "rows": selectors.schedule_rows(m.partnership, timezone.localdate())},
    )


@member_required
def period_edit(request: HttpRequest, m: Membership, key: str) -> HttpResponse:
    require(can_manage_partnership(m))
    rule = selectors.rule_for(m.partnership, key)
    if rule is None or not rule.kind.editable:
        raise Http404
    form = RetentionPeriodForm(
        request.POST or None, kind=rule.kind, initial={"months": rule.months, "action": rule.action}
    )
    if request.method == "POST" and form.is_valid():
        services.retention_override_set(
            partnership=m.partnership,
            kind=rule.kind,
            months=form.cleaned_data["months"],
            action=form.cleaned_data["action"],
        )
        messages.success(request, f"{rule.kind.label}: retention saved.")
        return redirect("retention:schedule", slug=m.partnership.slug)
    return render(request, "retention/period_form.html", {"m": m, "form": form, "rule": rule})
