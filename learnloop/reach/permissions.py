"""Who may do what with website statistics.

The lead officer and members of the Public Information & Communication subgroup (short name
PIC) import statistics and say which pages a campaign promoted; everyone in the partnership reads.
"""

from __future__ import annotations

from learnloop.accounts.models import Membership
from learnloop.accounts.roles import Role

SUBGROUP = "PIC"


def is_pic_member(m: Membership) -> bool:
    return m.role != Role.VIEWER and m.in_subgroup(SUBGROUP)


def can_import_statistics(m: Membership) -> bool:
    return m.role == Role.LEAD_OFFICER or is_pic_member(m)


def can_link_campaign_pages(m: Membership) -> bool:
    return can_import_statistics(m)


def can_raise_learning_point(m: Membership) -> bool:
    return can_import_statistics(m)
