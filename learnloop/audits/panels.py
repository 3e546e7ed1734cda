"""The audit section of a member's home page: readings to finish, and audits to moderate."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from learnloop.audits import selectors
from learnloop.audits.permissions import can_manage_audits
from learnloop.core.registry import HomePanel


def audit_home_panel(m: Any, today: Any = None) -> HomePanel | None:
    """Two queries for a reader (three for a manager); None when there is nothing to do."""
    today = today or timezone.localdate()
    readings = list(selectors.my_open_readings(m)[:20])
    moderating = list(selectors.audits_awaiting_moderation(m)[:10]) if can_manage_audits(m) else []
    if not readings and not moderating:
        return None
    for reading in readings:
        due = reading.case.audit.due_date
        reading.overdue = due < today
        reading.days_left = (due - today).days
    return HomePanel(
        template="audits/_home_panel.html",
        context={"readings": readings, "moderating": moderating, "today": today},
        order=20,
    )
