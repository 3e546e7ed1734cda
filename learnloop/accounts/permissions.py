"""What a member may do with a record. Roles are defined in roles.py; rules live here, once."""

from __future__ import annotations

from typing import Any

from learnloop.accounts.models import Membership
from learnloop.accounts.roles import Role
from learnloop.partnership.models import Responsibility

RECORDERS = {Role.LEAD_OFFICER, Role.SUBGROUP_MEMBER, Role.AGENCY_LEAD}


def has_responsibility(m: Membership, *responsibilities: Responsibility) -> bool:
    """The one check for a subgroup's rights: an active membership in a subgroup in use that
    holds one of these responsibilities (partnership.models.Responsibility). Never the short name."""
    return m.is_active and bool(m.subgroup_ids_responsible_for(*responsibilities))


def responsible_subgroup_ids(m: Membership, *responsibilities: Responsibility) -> set[int]:
    """The member's subgroups (in use) that hold one of these responsibilities."""
    return m.subgroup_ids_responsible_for(*responsibilities) if m.is_active else set()


def can_manage_partnership(m: Membership) -> bool:
    """Members, agencies, subgroups and themes."""
    return m.role == Role.LEAD_OFFICER


def can_read_audit_log(m: Membership) -> bool:
    return m.role == Role.LEAD_OFFICER


def can_approve(m: Membership) -> bool:
    return m.role in {Role.LEAD_OFFICER, Role.COMMITTEE_MEMBER}


# Inside the owning agency, the roles that work on its records. Committee members and viewers
# read only what is not confidential, whatever their agency.
CONFIDENTIAL_ROLES = {Role.AGENCY_LEAD, Role.CONTRIBUTOR}


def can_see_confidential(m: Membership, agency_id: int | None) -> bool:
    """Confidential records are seen only by their agency and the lead officer."""
    if m.role == Role.LEAD_OFFICER:
        return True
    return m.role in CONFIDENTIAL_ROLES and agency_id is not None and m.agency_id == agency_id


def roles_reading_confidential() -> list[str]:
    """The roles that may read confidential records: by default they must use two-factor sign-in."""
    return [str(role) for role in Role if role == Role.LEAD_OFFICER or role in CONFIDENTIAL_ROLES]


def can_record_learning(m: Membership) -> bool:
    return m.role in RECORDERS


def can_edit_learning_point(m: Membership, lp: Any) -> bool:
    if m.role == Role.LEAD_OFFICER:
        return True
    if m.role == Role.SUBGROUP_MEMBER:
        return lp.subgroup_id is not None and lp.subgroup_id in m.subgroup_ids()
    if m.role == Role.AGENCY_LEAD:
        return lp.agency_id is not None and lp.agency_id == m.agency_id
    return False


def can_add_action(m: Membership, lp: Any) -> bool:
    """Agency leads may add their own agency's actions to any learning point they can see."""
    return can_edit_learning_point(m, lp) or m.role == Role.AGENCY_LEAD


def can_edit_action(m: Membership, action: Any) -> bool:
    if m.role == Role.LEAD_OFFICER:
        return True
    if m.role == Role.SUBGROUP_MEMBER:
        ids = m.subgroup_ids()
        return action.owner_subgroup_id in ids or action.learning_point.subgroup_id in ids
    if m.role == Role.AGENCY_LEAD:
        return action.owner_agency_id is not None and action.owner_agency_id == m.agency_id
    return False


def can_update_action(m: Membership, action: Any) -> bool:
    """Progress updates, evidence and status: editors, and the person the action is assigned to."""
    if m.role == Role.VIEWER:
        return False
    return can_edit_action(m, action) or (action.owner_person_id is not None and action.owner_person_id == m.user_id)


def can_edit_record(m: Membership, record: Any) -> bool:
    """Disseminations, embedding records, impact evaluations and tracked children."""
    if m.role == Role.LEAD_OFFICER:
        return True
    if m.role not in RECORDERS:
        return False
    if record.created_by_id == m.user_id:
        return True
    agency_id = getattr(record, "agency_id", None)
    return m.role == Role.AGENCY_LEAD and agency_id is not None and agency_id == m.agency_id


# Embedding and impact ---------------------------------------------------------------------------
# An agency embeds its own practice change: besides the recorders, a contributor may record
# embedding for the actions their agency owns. Impact evaluation stays with the recorders.


def can_record_embedding(m: Membership) -> bool:
    """May open "Record embedding": the recorders, and contributors of an agency."""
    return can_record_learning(m) or (m.role == Role.CONTRIBUTOR and m.agency_id is not None)


def can_record_embedding_for(m: Membership, action: Any) -> bool:
    """May record that practice changed for this action: the recorders, and the action's owning
    agency (its agency lead, and its contributors)."""
    if can_record_learning(m):
        return True
    return (
        m.role == Role.CONTRIBUTOR
        and m.agency_id is not None
        and action.owner_agency_id is not None
        and action.owner_agency_id == m.agency_id
    )


def can_edit_embedding(m: Membership, record: Any) -> bool:
    """As other records; a contributor edits the embedding records they made for their agency."""
    if can_edit_record(m, record):
        return True
    return (
        m.role == Role.CONTRIBUTOR
        and record.created_by_id == m.user_id
        and m.agency_id is not None
        and record.agency_id == m.agency_id
    )


def can_record_impact(m: Membership) -> bool:
    """Impact evaluations: the lead officer, subgroup members and agency leads."""
    return can_record_learning(m)
