"""The minimum dataset's section on a member's home page (a fixed number of queries)."""

from __future__ import annotations

from typing import Any

from learnloop.core.registry import HomePanel
from learnloop.dataset.models import JourneyImport
from learnloop.dataset.permissions import can_load_data


def home_panel(m: Any) -> HomePanel | None:
    latest = JourneyImport.objects.filter(partnership_id=m.partnership_id).order_by("-created_at", "-id").first()
    may_load = can_load_data(m)
    if latest is None and not may_load:
        return None
    return HomePanel(
        template="dataset/_home_panel.html", context={"latest_import": latest, "may_load": may_load}, order=30
    )
