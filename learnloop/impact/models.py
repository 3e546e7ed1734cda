"""What an impact evaluation claims, and the evidence it links to so the claim can be checked.

An impact evaluation (learnloop.loop.models.Impact) keeps its narrative; this app adds its
verdict and its evidence items. An evidence item stores only *which* record and which periods it
points to; the figures are read live from the source every time (never typed, never copied).
"""

from __future__ import annotations

from django.db import models

from learnloop.core.models import TimeStampedModel
from learnloop.core.registry import FINDING_TEXT, IMPROVED, NO_CHANGE, TOO_EARLY, WORSE


class Verdict(models.TextChoices):
    IMPROVED = IMPROVED, "Improved"
    NO_CHANGE = NO_CHANGE, "No change"
    WORSE = WORSE, "Worse"
    TOO_EARLY = TOO_EARLY, "Too early to tell"


assert set(Verdict.values) == set(FINDING_TEXT)


class Claim(TimeStampedModel):
    """The verdict an impact evaluation gives: what difference the learning made."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    impact = models.OneToOneField("loop.Impact", on_delete=models.CASCADE, related_name="claim")
    verdict = models.CharField(
        max_length=20,
        choices=Verdict.choices,
        help_text="What the evaluation concludes. LearnLoop checks it against the linked figures.",
    )

    def __str__(self) -> str:
        return f"{self.impact}: {self.get_verdict_display()}"


class EvidenceItem(TimeStampedModel):
    """One linked piece of evidence: a kind registered by a source, the record, and the periods."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    impact = models.ForeignKey("loop.Impact", on_delete=models.CASCADE, related_name="evidence_items")
    kind = models.CharField(max_length=40, help_text="The key of a registered evidence kind.")
    ref = models.CharField(
        "Record", max_length=100, help_text="The record in its source, for example an indicator's code."
    )
    before = models.CharField("Before", max_length=40, blank=True)
    after = models.CharField("After", max_length=40, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["impact", "kind", "ref", "before", "after"], name="evidence_item_unique")
        ]

    def __str__(self) -> str:
        periods = f" ({self.before} to {self.after})" if self.before or self.after else ""
        return f"{self.kind}: {self.ref}{periods}"
