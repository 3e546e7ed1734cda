"""Who may do what with website statistics.

The lead officer and members of the subgroup responsible for public information (seeded as
Public Information & Communication, PIC) import statistics and say which pages a campaign promoted; everyone in the partnership reads.
"""

from __future__ import annotations

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import has_responsibility
from learnloop.accounts.roles import Role
from learnloop.partnership.models import Responsibility

SUBGROUP = Responsibility.PUBLIC_INFORMATION


def is_pic_member(m: Membership) -> bool:
    return m.role != Role.VIEWER and has_responsibility(m, SUBGROUP)


def can_import_statistics(m: Membership) -> bool:
    return m.role == Role.LEAD_OFFICER or is_pic_member(m)


def can_link_campaign_pages(m: Membership) -> bool:
    return can_import_statistics(m)


def can_raise_learning_point(m: Membership) -> bool:
    return can_import_statistics(m)
