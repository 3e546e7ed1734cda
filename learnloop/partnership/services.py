"""Writes for partnerships, agencies, subgroups and members."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from learnloop.accounts.roles import Role
from learnloop.partnership.models import Agency, Partnership, Responsibility, Subgroup

# (name, short name, remit, responsibility). The names can be changed in settings; the
# responsibility, which is what the permissions check, cannot.
DEFAULT_SUBGROUPS: list[tuple[str, str, str, Responsibility]] = [
    (
        "Management Information and Self Evaluation",
        "MISE",
        "Reviews the minimum dataset and audit; monitors embedding.",
        Responsibility.MISE,
    ),
    (
        "Learning Review Subgroup",
        "LRS",
        "Oversees learning reviews and their action plans.",
        Responsibility.LEARNING_REVIEW,
    ),
    (
        "Learning Review Operational Group",
        "LROG",
        "Runs learning reviews day to day.",
        Responsibility.REVIEW_OPERATIONS,
    ),
    (
        "Joint Learning & Development",
        "JLD",
        "The multi-agency training programme; monitors embedding.",
        Responsibility.JOINT_LD,
    ),
    (
        "Public Information & Communication",
        "PIC",
        "The public website, campaigns and the voice of children and families.",
        Responsibility.PUBLIC_INFORMATION,
    ),
]

DEFAULT_AGENCIES: list[tuple[str, str]] = [
    ("Social Work", Agency.Kind.SOCIAL_WORK),
    ("Education", Agency.Kind.EDUCATION),
    ("Police Scotland", Agency.Kind.POLICE),
    ("NHS Health", Agency.Kind.HEALTH),
    ("Children's Reporter (SCRA)", Agency.Kind.SCRA),
    ("Third Sector", Agency.Kind.THIRD_SECTOR),
]


@transaction.atomic
def partnership_create(*, slug: str, name: str, with_default_agencies: bool = True, by: Any = None) -> Partnership:
    """A new partnership with the standard subgroups, themes and (optionally) agencies."""
    from learnloop.themes.services import themes_seed

    partnership = Partnership.objects.create(slug=slug, name=name, created_by=by)
    for full, short, remit, responsibility in DEFAULT_SUBGROUPS:
        Subgroup.objects.create(
            partnership=partnership,
            name=full,
            short_name=short,
            remit=remit,
            responsibility=responsibility,
            created_by=by,
        )
    if with_default_agencies:
        for agency_name, kind in DEFAULT_AGENCIES:
            Agency.objects.create(partnership=partnership, name=agency_name, kind=kind, created_by=by)
    themes_seed(partnership=partnership)
    return partnership


@transaction.atomic
def agency_save(*, agency: Agency, by: Any = None) -> Agency:
    if agency.pk is None:
        agency.created_by = by
    agency.save()
    return agency


@transaction.atomic
def subgroup_save(*, subgroup: Subgroup, by: Any = None) -> Subgroup:
    if subgroup.pk is None:
        subgroup.created_by = by
    subgroup.save()
    return subgroup


def partnership_update(
    *, partnership: Partnership, name: str, rag_amber_days: int, two_factor_roles: list[str] | None = None
) -> Partnership:
    partnership.name = name
    partnership.rag_amber_days = rag_amber_days
    if two_factor_roles is not None:
        chosen = set(two_factor_roles) | {Role.LEAD_OFFICER}
        partnership.two_factor_roles = [str(role) for role in Role if role in chosen]
    partnership.save()
    return partnership
