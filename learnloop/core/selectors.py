"""Reads of the shared pages, scoped to the member's partnership."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from learnloop.accounts.models import Membership
from learnloop.core.models import AuditEntry


def audit_log_entries(m: Membership) -> QuerySet[AuditEntry]:
    """The partnership's entries, and the sign-ins (which belong to no partnership) of its members."""
    members = Membership.objects.filter(partnership=m.partnership)
    return AuditEntry.objects.filter(
        Q(partnership=m.partnership)
        | Q(partnership__isnull=True, user_id__in=members.values("user_id"))
        | Q(partnership__isnull=True, user__isnull=True, actor__in=members.values("user__email"))
    ).select_related("user")
