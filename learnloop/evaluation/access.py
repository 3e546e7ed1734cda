"""Who may do what with self-evaluations: the rules, once.

- The framework: every member reads it; the lead officer adds, renames and retires items.
- A draft: the lead officer and the people drafting it (named on the self-evaluation) see and
  write it; nobody else learns it exists.
- Issued versions: the lead officer, the people drafting and committee members read them.
- Issuing and naming the people drafting: the lead officer.
"""

from __future__ import annotations

from typing import Any

from learnloop.accounts.models import Membership
from learnloop.accounts.roles import Role


def can_manage(m: Membership) -> bool:
    return m.is_active and m.role == Role.LEAD_OFFICER


def is_drafter(m: Membership, self_evaluation: Any) -> bool:
    return m.is_active and self_evaluation.drafters.filter(pk=m.user_id).exists()


def can_draft(m: Membership, self_evaluation: Any) -> bool:
    return can_manage(m) or is_drafter(m, self_evaluation)


def can_read_issued(m: Membership, self_evaluation: Any) -> bool:
    return can_draft(m, self_evaluation) or (m.is_active and m.role == Role.COMMITTEE_MEMBER)


def can_see_small_numbers(m: Membership) -> bool:
    from learnloop.dataset.permissions import can_see_small_numbers as dataset_rule

    return dataset_rule(m)
