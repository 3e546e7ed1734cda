"""Who may do what in the audit programme. The rules live here, once; selectors and views ask.

- The lead officer and members of the MISE subgroup run the programme: they plan audits, edit
  tools, add cases, assign readers, moderate, and read every result.
- A reader is any member assigned to a case. They see only the cases assigned to them.
- A case's local reference is seen by the lead officer, the audit's lead and the readers assigned
  to that case. Nobody else, whatever their agency, sees confidential case details.
- Everyone else (committee members, viewers, agency leads, contributors) reads aggregate
  results only: figures, strengths and areas for improvement, never a case or a comment.
"""

from __future__ import annotations

from typing import Any

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import can_record_learning, has_responsibility
from learnloop.accounts.roles import Role
from learnloop.partnership.models import Responsibility

MISE = Responsibility.MISE


def is_mise_member(m: Membership) -> bool:
    return m.role != Role.VIEWER and has_responsibility(m, MISE)


def can_manage_audits(m: Membership) -> bool:
    """Plan audits, edit tools, add cases, assign readers, moderate and read all results."""
    return m.role == Role.LEAD_OFFICER or is_mise_member(m)


def can_run_audit(m: Membership, audit: Any) -> bool:
    """The programme's managers, and the audit's own lead."""
    return can_manage_audits(m) or (audit.lead_id is not None and audit.lead_id == m.user_id)


def can_see_case(m: Membership, case: Any, assigned_reader_ids: set[int]) -> bool:
    """A case's details (its local reference, age band and why it was chosen)."""
    if m.role == Role.LEAD_OFFICER or can_run_audit(m, case.audit):
        return True
    return m.user_id in assigned_reader_ids


def can_see_case_reference(m: Membership, audit: Any, assigned_reader_ids: set[int]) -> bool:
    """Local case references: the lead officer, the audit's lead and the case's readers only."""
    if m.role == Role.LEAD_OFFICER:
        return True
    if audit.lead_id is not None and audit.lead_id == m.user_id:
        return True
    return m.user_id in assigned_reader_ids


def can_complete_reading(m: Membership, reading: Any) -> bool:
    return reading.reader_id == m.user_id and m.role != Role.VIEWER


def can_see_comments(m: Membership, audit: Any, is_reader: bool) -> bool:
    """Readers' comments can carry case detail: managers, the audit's lead and its readers only."""
    return can_run_audit(m, audit) or is_reader


def can_raise_findings(m: Membership, audit: Any) -> bool:
    """Findings become learning points and actions: the audit's runners who may record learning."""
    return can_run_audit(m, audit) and can_record_learning(m)
