"""The reviews section of a member's home page: what they must act on, and nothing else."""

from __future__ import annotations

from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.core.registry import HomePanel
from learnloop.reviews import selectors


def home_panel(m: Membership) -> HomePanel | None:
    today = timezone.localdate()
    items = selectors.home_items(m, today)
    if not items:
        return None
    return HomePanel(template="reviews/_home_panel.html", context={"items": items, "m": m, "today": today}, order=20)
