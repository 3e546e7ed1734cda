"""What the insights app keeps: each partnership's thresholds, the decisions taken about
findings, and the trained theme-suggestion model. Findings themselves are computed when asked."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from learnloop.core.models import TimeStampedModel


class InsightSettings(TimeStampedModel):
    """A partnership's thresholds for the rules on the insights page (docs/guide-insights.md)."""

    partnership = models.OneToOneField(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="insight_settings"
    )
    recurring_min_sources = models.PositiveSmallIntegerField(
        "Sources that make a theme recurring",
        default=3,
        validators=[MinValueValidator(2), MaxValueValidator(10)],
        help_text="A theme raised by at least this many different sources within the window is recurring.",
    )
    recurring_window_days = models.PositiveSmallIntegerField(
        "Window for recurring themes, in days",
        default=365,
        validators=[MinValueValidator(30), MaxValueValidator(1096)],
    )
    emerging_min_count = models.PositiveSmallIntegerField(
        "Fewest records in the last six months for an emerging theme",
        default=4,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
    )
    repeated_similarity = models.PositiveSmallIntegerField(
        "How alike two learning points must be to count as the same lesson, in per cent",
        default=35,
        validators=[MinValueValidator(10), MaxValueValidator(95)],
        help_text="The cosine similarity of their words (TF-IDF), as a percentage.",
    )
    stalled_days = models.PositiveSmallIntegerField(
        "Days an action may stay in one stage",
        default=90,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
    )
    unshared_days = models.PositiveSmallIntegerField(
        "Days to share learning with an agency it concerns",
        default=60,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
    )
    no_action_days = models.PositiveSmallIntegerField(
        "Days an area for improvement may go without an action",
        default=60,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
    )
    impact_days = models.PositiveSmallIntegerField(
        "Days after embedding by which impact should be evaluated",
        default=365,
        validators=[MinValueValidator(30), MaxValueValidator(1096)],
    )

    class Meta:
        verbose_name = "insight settings"
        verbose_name_plural = "insight settings"

    def __str__(self) -> str:
        return f"Insight settings for {self.partnership}"


class FindingDecision(TimeStampedModel):
    """What the partnership decided about one finding, known by its stable key (kind and subject)."""

    class Status(models.TextChoices):
        RAISED = "raised", "Raised as a learning point"
        DISMISSED = "dismissed", "Dismissed"
        ACTING = "acting", "Already being acted on"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    key = models.CharField(max_length=200, help_text="The finding's stable identity: its kind and subject.")
    status = models.CharField(max_length=12, choices=Status.choices)
    reason = models.TextField(blank=True)
    subject = models.CharField(max_length=300, blank=True)
    detail = models.TextField(blank=True)
    # The evidence when the decision was taken ([{"reference", "title", "url"}]): a dismissed
    # finding comes back only when evidence it did not have appears.
    evidence = models.JSONField(default=list, blank=True)
    learning_point = models.ForeignKey(
        "loop.LearningPoint", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.ForeignKey("loop.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField()

    loop_source_template = "insights/_loop_source.html"

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key"], name="finding_decision_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.subject or self.key}: {self.get_status_display()}"

    @property
    def references(self) -> set[str]:
        return {e["reference"] for e in self.evidence}


class ThemeModel(TimeStampedModel):
    """A partnership's trained theme-suggestion model, kept in the database so that every process
    and every machine uses the same one."""

    partnership = models.OneToOneField("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    model = models.BinaryField(help_text="The fitted vectoriser and classifier, serialised with joblib.")
    records = models.PositiveIntegerField(help_text="How many tagged records, from every source, it was trained on.")
    trained_on = models.PositiveIntegerField(
        help_text="How many tagged learning points there were then; it is retrained when enough more arrive."
    )
    themes = models.JSONField(default=list, help_text="The theme codes it can suggest.")
    trained_at = models.DateTimeField()

    audit_exclude = ("updated_at", "model")

    def __str__(self) -> str:
        return f"Theme model for partnership {self.partnership_id} ({self.records} records)"
