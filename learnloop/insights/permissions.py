"""Who may do what with insights. Reading is open to every member (each sees only findings made
of records they may see); deciding about findings is for the lead officer and the MISE subgroup."""

from __future__ import annotations

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import can_record_learning, has_responsibility
from learnloop.accounts.roles import Role
from learnloop.partnership.models import Responsibility


def can_read_insights(m: Membership) -> bool:
    return m.is_active


def can_decide(m: Membership) -> bool:
    """Dismiss a finding, or mark it as already being acted on."""
    if m.role == Role.LEAD_OFFICER:
        return True
    return m.role != Role.VIEWER and has_responsibility(m, Responsibility.MISE)


def can_raise(m: Membership) -> bool:
    """Raise a finding as a learning point."""
    return can_decide(m) and can_record_learning(m)


def can_edit_settings(m: Membership) -> bool:
    return m.role == Role.LEAD_OFFICER


def sees_whats_new(m: Membership) -> bool:
    """The home-page panel: the lead officer and members of the MISE subgroup."""
    return m.role == Role.LEAD_OFFICER or has_responsibility(m, Responsibility.MISE)
