"""Who may do what with the voice of children and families. Rules live here, once.

- The lead officer, and members of the Public Information & Communication (PIC) and MISE
  subgroups, record and import views and write "you said, we did" responses.
- Agency leads record views for their own agency.
- Everyone in the partnership reads views given with consent to share, and the published
  "you said, we did".
- A view that says a child feels unsafe, and the text of any view given without consent to
  share, is seen only by the lead officer and the lead of the view's agency.
"""

from __future__ import annotations

from typing import Any

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import can_record_learning, has_responsibility
from learnloop.accounts.roles import Role
from learnloop.partnership.models import Responsibility

VOICE_SUBGROUPS = (Responsibility.PUBLIC_INFORMATION, Responsibility.MISE)


def in_voice_subgroup(m: Membership) -> bool:
    if m.role != Role.SUBGROUP_MEMBER:
        return False
    return has_responsibility(m, *VOICE_SUBGROUPS)


def can_manage_voice(m: Membership) -> bool:
    """Record and import any view, and write "you said, we did"."""
    return m.role == Role.LEAD_OFFICER or in_voice_subgroup(m)


def can_record_view(m: Membership) -> bool:
    return can_manage_voice(m) or (m.role == Role.AGENCY_LEAD and m.agency_id is not None)


def can_edit_view(m: Membership, view: Any) -> bool:
    if can_manage_voice(m):
        return not view.is_restricted or can_see_restricted(m, view)
    return m.role == Role.AGENCY_LEAD and m.agency_id is not None and view.agency_id == m.agency_id


def can_import(m: Membership) -> bool:
    return can_manage_voice(m)


def can_respond(m: Membership) -> bool:
    return can_manage_voice(m)


def can_manage_events(m: Membership) -> bool:
    return can_manage_voice(m)


def can_change_settings(m: Membership) -> bool:
    return m.role == Role.LEAD_OFFICER


def can_see_restricted(m: Membership, view: Any) -> bool:
    """The lead officer, and the agency lead of the view's agency."""
    if m.role == Role.LEAD_OFFICER:
        return True
    return m.role == Role.AGENCY_LEAD and m.agency_id is not None and view.agency_id == m.agency_id


def can_read_text(m: Membership, view: Any) -> bool:
    return not view.is_restricted or can_see_restricted(m, view)


def can_pass_on(m: Membership, view: Any) -> bool:
    return view.feels_unsafe and can_see_restricted(m, view)


def can_raise_learning(m: Membership, view: Any) -> bool:
    """One step from a view to a learning point in the loop, for those who record learning."""
    return can_record_learning(m) and (can_manage_voice(m) or can_see_restricted(m, view))
