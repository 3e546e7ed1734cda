"""Sections of the home page: safety flags to pass on, and what is new from children and families."""

from __future__ import annotations

from learnloop.accounts.models import Membership
from learnloop.core.registry import HomePanel
from learnloop.voice import permissions, selectors
from learnloop.voice.services import CHILD_PROTECTION_INSTRUCTION


def safety_flags_panel(m: Membership) -> HomePanel | None:
    """For the lead officer and agency leads: views that say a child feels unsafe, not yet passed on."""
    flags = selectors.flags_awaiting(m)
    if not flags:
        return None
    return HomePanel(
        template="voice/_home_flags.html",
        context={"flags": flags, "instruction": CHILD_PROTECTION_INSTRUCTION},
        order=1,
    )


def whats_new_panel(m: Membership) -> HomePanel | None:
    """For the lead officer and members of the PIC and MISE subgroups: new views and learning."""
    if not permissions.can_manage_voice(m):
        return None
    new = selectors.whats_new(m)
    if not new["new_views"] and not new["learning"]:
        return None
    readable = {v.pk: permissions.can_read_text(m, v) for v in new["latest"]}
    return HomePanel(template="voice/_home_new.html", context={**new, "readable": readable}, order=60)
