"""The roles a member can hold in a partnership, each with a scope and a level.

This is the one place that says what a role may do; selectors and views ask it.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    LEAD_OFFICER = "lead_officer", "Lead officer"
    COMMITTEE_MEMBER = "committee_member", "Committee member"
    SUBGROUP_MEMBER = "subgroup_member", "Subgroup member"
    AGENCY_LEAD = "agency_lead", "Agency lead"
    CONTRIBUTOR = "contributor", "Contributor"
    VIEWER = "viewer", "Viewer"


class Scope(models.TextChoices):
    ALL = "all", "Everything in the partnership"
    SUBGROUP = "subgroup", "The work of their subgroups"
    AGENCY = "agency", "Their agency's actions and confidential records"
    ASSIGNED = "assigned", "Actions assigned to them"
    NONE = "none", "Nothing (read only)"


class Level(models.TextChoices):
    MANAGE = "manage", "Manage"
    APPROVE = "approve", "Read and approve"
    EDIT = "edit", "Edit"
    UPDATE = "update", "Update"
    READ = "read", "Read"


ROLE_SCOPE: dict[str, tuple[Scope, Level]] = {
    Role.LEAD_OFFICER: (Scope.ALL, Level.MANAGE),
    Role.COMMITTEE_MEMBER: (Scope.NONE, Level.APPROVE),
    Role.SUBGROUP_MEMBER: (Scope.SUBGROUP, Level.EDIT),
    Role.AGENCY_LEAD: (Scope.AGENCY, Level.EDIT),
    Role.CONTRIBUTOR: (Scope.ASSIGNED, Level.UPDATE),
    Role.VIEWER: (Scope.NONE, Level.READ),
}

ROLE_DESCRIPTIONS: dict[str, str] = {
    Role.LEAD_OFFICER: "Sees and edits everything in the partnership, including confidential records, and manages members.",
    Role.COMMITTEE_MEMBER: "Reads everything that is not confidential and approves learning points.",
    Role.SUBGROUP_MEMBER: "Records learning and edits the learning points and actions of their subgroups.",
    Role.AGENCY_LEAD: "Edits their agency's actions and sees their agency's confidential records.",
    Role.CONTRIBUTOR: "Updates the actions assigned to them: progress, evidence and status; "
    "records embedding for their agency's actions.",
    Role.VIEWER: "Reads dashboards and records that are not confidential.",
}
