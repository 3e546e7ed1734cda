"""Who may do what with the training programme and workforce feedback.

The lead officer and members of the subgroup responsible for joint learning and development
(seeded as JLD) run the programme: courses, sessions, attendance, evaluations and workforce feedback. Everyone
in the partnership reads it. Named attendees are seen only by the lead officer and JLD members.
"""

from __future__ import annotations

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import has_responsibility
from learnloop.accounts.roles import Role
from learnloop.partnership.models import Responsibility

SUBGROUP = Responsibility.JOINT_LD


def is_jld_member(m: Membership) -> bool:
    return m.role != Role.VIEWER and has_responsibility(m, SUBGROUP)


def can_run_training(m: Membership) -> bool:
    """Courses, sessions, attendance, evaluations and workforce feedback."""
    return m.role == Role.LEAD_OFFICER or is_jld_member(m)


def can_see_attendee_names(m: Membership) -> bool:
    return can_run_training(m)


def can_raise_learning_point(m: Membership) -> bool:
    """Turning an evaluation comment or a survey answer into a learning point."""
    return can_run_training(m)
