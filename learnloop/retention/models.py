"""A partnership's own retention choices: periods that differ from the defaults, and authorship."""

from __future__ import annotations

from django.db import models

from learnloop.core.models import TimeStampedModel


class RetentionOverride(TimeStampedModel):
    """The partnership keeps one kind of record for a period (and, where allowed, an action) of its own."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40, help_text="The record kind's key (learnloop/retention/kinds.py).")
    months = models.PositiveSmallIntegerField()
    action = models.CharField(max_length=12, blank=True, help_text="Empty: the kind's default action.")

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "kind"], name="retention_override_one_per_kind"),
            models.CheckConstraint(condition=models.Q(months__gte=1), name="retention_override_at_least_a_month"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.months} months"


class RetentionSettings(TimeStampedModel):
    """How the partnership shows the work of people who have left it."""

    partnership = models.OneToOneField(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="retention_settings"
    )
    former_members_shown_by_role = models.BooleanField(
        "When a member leaves, show their authorship as their role instead of their name",
        default=True,
        help_text="For example 'Agency lead, Police' in place of the person's name, wherever they "
        "recorded progress, learning or readings.",
    )

    class Meta:
        verbose_name_plural = "retention settings"

    def __str__(self) -> str:
        return f"Retention settings of {self.partnership}"
