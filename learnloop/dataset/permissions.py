"""Who may do what with the minimum dataset.

There is no analyst role: data is loaded by the lead officer and the members of the MISE
subgroup (Management Information and Self-Evaluation), who also act on emerging trends.
Everyone in the partnership reads the dashboard.
"""

from __future__ import annotations

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import has_responsibility
from learnloop.accounts.roles import Role
from learnloop.partnership.models import Responsibility, Subgroup

MISE = Responsibility.MISE


def mise_subgroup(m: Membership) -> Subgroup | None:
    cached = getattr(m, "_mise_subgroup", False)
    if cached is False:
        cached = Subgroup.objects.filter(partnership_id=m.partnership_id, responsibility=MISE).first()
        m._mise_subgroup = cached  # type: ignore[attr-defined]
    return cached


def is_mise(m: Membership) -> bool:
    return has_responsibility(m, MISE)


def can_load_data(m: Membership) -> bool:
    """Upload extracts, enter population figures and aggregate returns, lock periods."""
    return m.role == Role.LEAD_OFFICER or (m.role != Role.VIEWER and is_mise(m))


def can_see_small_numbers(m: Membership) -> bool:
    """See counts of 1 to 4 children (and the figures that give them away) on the pages,
    downloads and API: only the lead officer and MISE, who load the data and act on it.
    Everyone else sees them suppressed (learnloop/core/disclosure.py), and so does anything
    published or shared outside the partnership."""
    return can_load_data(m)


def can_act_on_signals(m: Membership) -> bool:
    """Turn an emerging trend into a learning point, or dismiss it."""
    return can_load_data(m)


def can_read_dashboard(m: Membership) -> bool:
    return m.is_active
