"""The home-page panel: what is new since the last meeting, for the lead officer and MISE."""

from __future__ import annotations

from learnloop.accounts.models import Membership
from learnloop.core.registry import HomePanel
from learnloop.insights import permissions, selectors


def home_panel(m: Membership) -> HomePanel | None:
    if not permissions.sees_whats_new(m):
        return None
    since = selectors.whats_new_default(m.partnership)
    new = selectors.findings_since(m.partnership, m, since)
    return HomePanel(
        template="insights/_home_panel.html", context={"new": new[:8], "count": len(new), "since": since}, order=15
    )
