"""Who may do what with a review. The rules live here, once; selectors and views ask.

- The lead officer runs reviews: every stage, every review.
- Members of the Learning Review Subgroup (LRS) and the Learning Review Operational Group
  (LROG) edit the reviews their subgroup is responsible for.
- Committee members record the CPC's decision and approve the report, and read every review
  that is not confidential.
- An agency lead submits their agency's return during information gathering, and sees their
  agency's single-agency reviews.
- Drafts of the report are for the review team (the lead officer, the review's lead and the
  members of the subgroup responsible); the report the CPC approved (the latest version, once
  approved) is read by everyone who sees the review. Every download is audited.
- A single-agency case review is confidential to its agency and the lead officer (the house
  rule in accounts.permissions.can_see_confidential); everyone else gets a 404.
"""

from __future__ import annotations

from typing import Any

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import can_see_confidential, responsible_subgroup_ids
from learnloop.accounts.roles import Role
from learnloop.partnership.models import Responsibility
from learnloop.reviews.models import Stage
from learnloop.reviews.stages import COMMITTEE_STAGES

REVIEW_SUBGROUPS = (Responsibility.LEARNING_REVIEW, Responsibility.REVIEW_OPERATIONS)


def review_subgroup_ids(m: Membership) -> set[int]:
    """The member's subgroups that run reviews (LRS, LROG)."""
    if m.role != Role.SUBGROUP_MEMBER:
        return set()
    return responsible_subgroup_ids(m, *REVIEW_SUBGROUPS)


def can_see_review(m: Membership, review: Any) -> bool:
    if review.partnership_id != m.partnership_id:
        return False
    if review.is_confidential:
        return can_see_confidential(m, review.agency_id)
    return True


def can_create_review(m: Membership) -> bool:
    return m.role == Role.LEAD_OFFICER or bool(review_subgroup_ids(m))


def can_edit_review(m: Membership, review: Any) -> bool:
    if not can_see_review(m, review):
        return False
    if m.role == Role.LEAD_OFFICER:
        return True
    return review.subgroup_id is not None and review.subgroup_id in review_subgroup_ids(m)


def can_decide(m: Membership) -> bool:
    """The CPC's decision and its approval of the report: committee members and the lead officer."""
    return m.role in {Role.LEAD_OFFICER, Role.COMMITTEE_MEMBER}


def can_complete_stage(m: Membership, review: Any) -> bool:
    if review.stage == Stage.CLOSED or not can_see_review(m, review):
        return False
    if review.stage in COMMITTEE_STAGES and can_decide(m):
        return True
    if review.stage == Stage.DECISION:
        return False
    return can_edit_review(m, review)


def can_go_back(m: Membership, review: Any) -> bool:
    return can_edit_review(m, review)


def can_submit_return(m: Membership, request: Any) -> bool:
    """An agency's return is submitted by that agency's lead (or the lead officer for them),
    while the review is gathering information."""
    if request.review.stage != Stage.INFORMATION:
        return False
    if m.role == Role.LEAD_OFFICER:
        return True
    return m.role == Role.AGENCY_LEAD and m.agency_id == request.agency_id


def can_read_return(m: Membership, request: Any) -> bool:
    """Returns are read by those running the review, the committee, and the agency itself."""
    if can_edit_review(m, request.review) or can_decide(m):
        return True
    return m.agency_id is not None and m.agency_id == request.agency_id and m.role == Role.AGENCY_LEAD


def can_see_case_references(m: Membership, review: Any) -> bool:
    """Local case references: the lead officer, those running the review, and for a
    single-agency review the agency's own lead."""
    if can_edit_review(m, review):
        return True
    return review.is_confidential and m.role == Role.AGENCY_LEAD and m.agency_id == review.agency_id


def is_review_team(m: Membership, review: Any) -> bool:
    """The lead officer, the review's lead and the members of the subgroup responsible."""
    if m.role == Role.VIEWER or not can_see_review(m, review):
        return False
    return can_edit_review(m, review) or (review.lead_id is not None and review.lead_id == m.user_id)


def is_final_report(review: Any, version: Any, latest: int) -> bool:
    """The report the CPC approved: the latest version, once the report is approved."""
    return review.report_approved_on is not None and version.version == latest


def can_download_report(m: Membership, review: Any, version: Any, latest: int) -> bool:
    """Drafts: the review team only. The approved report: everyone who sees the review."""
    if not can_see_review(m, review):
        return False
    return is_final_report(review, version, latest) or is_review_team(m, review)


def can_manage_settings(m: Membership) -> bool:
    return m.role == Role.LEAD_OFFICER
