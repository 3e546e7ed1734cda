"""A Child Protection Committee's partnership: its agencies and subgroups."""

from __future__ import annotations

from django.db import models

from learnloop.core.models import TimeStampedModel


def two_factor_roles_default() -> list[str]:
    from learnloop.accounts.permissions import roles_reading_confidential

    return roles_reading_confidential()


class Partnership(TimeStampedModel):
    """One Child Protection Committee. A deployment can hold several."""

    name = models.CharField(max_length=200, help_text="The committee's name as it appears in the header.")
    slug = models.SlugField(max_length=60, unique=True)
    rag_amber_days = models.PositiveSmallIntegerField(
        default=14, help_text="An action not yet completed turns amber this many days before it is due."
    )
    # The roles (accounts.roles.Role values) whose members must sign in with a second factor.
    two_factor_roles = models.JSONField(default=two_factor_roles_default, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(TimeStampedModel):
    class Kind(models.TextChoices):
        SOCIAL_WORK = "social_work", "Social work"
        EDUCATION = "education", "Education"
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        SCRA = "scra", "Children's Reporter (SCRA)"
        THIRD_SECTOR = "third_sector", "Third sector"
        HOUSING = "housing", "Housing"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="agencies")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="agency_unique_name_per_partnership")
        ]

    def __str__(self) -> str:
        return self.name


class Responsibility(models.TextChoices):
    """What a subgroup is responsible for, and so what its members may do. Fixed when the
    partnership is created: the subgroup can be renamed, its responsibility cannot."""

    MISE = "mise", "Management information and self-evaluation (loads data, runs audits)"
    LEARNING_REVIEW = "learning_review", "Learning reviews"
    REVIEW_OPERATIONS = "review_operations", "Running learning reviews day to day"
    JOINT_LD = "joint_ld", "Joint learning and development (runs training)"
    PUBLIC_INFORMATION = "public_information", "Public information and communication"


class Subgroup(TimeStampedModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="subgroups")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    remit = models.TextField(blank=True)
    # What its members may do (accounts.permissions.has_responsibility); blank for any other
    # subgroup a partnership adds. Not editable in settings.
    responsibility = models.CharField(max_length=32, choices=Responsibility.choices, blank=True, default="")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="subgroup_unique_name_per_partnership"),
            models.UniqueConstraint(
                fields=["partnership", "responsibility"],
                condition=~models.Q(responsibility=""),
                name="subgroup_one_per_responsibility",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name
