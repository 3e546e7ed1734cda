"""Reports: a draft for a period, its narrative text (every draft kept), the versions issued
(frozen: their content as issued, with who and when) and the framework review's recommendations.

The reports app only reads the other apps: figures come from their sections
(core.registry.register_report_section) and are never typed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from learnloop.core.models import AuditedModel, TimeStampedModel


class Report(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ISSUED = "issued", "Issued"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=40)  # a key of core.registry.REPORT_KINDS
    title = models.CharField(max_length=200)
    period_start = models.DateField("From")
    period_end = models.DateField("To")
    meeting_date = models.DateField("Meeting date", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    drafters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="reports_drafting",
        help_text="Besides the lead officer, the people who may see the draft and write its narrative.",
    )
    audience = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="reports_to_read",
        help_text="Besides committee members, the people who read the issued versions.",
    )

    class Meta:
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")), name="report_period_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind_info(self):  # type: ignore[no-untyped-def]
        from learnloop.core.registry import REPORT_KINDS

        return REPORT_KINDS.get(self.kind)


class NarrativeVersion(AuditedModel):
    """One saved draft of the text the lead officer writes for a section. Never changed: each save
    adds a version, and the newest is the one the report shows."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="narratives")
    section = models.CharField(max_length=60)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["report", "section", "-created_at", "-id"]
        indexes = [models.Index(fields=["report", "section"], name="report_narrative_section")]

    def __str__(self) -> str:
        return f"{self.report}: {self.section}"


class IssuedVersion(AuditedModel):
    """A report as issued: what it said (the blocks as JSON) and its HTML, Word and PDF, exactly as
    they were made. A correction is a new version with a reason; every version stays readable."""

    audit_exclude = ("content", "html", "docx", "pdf")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    is_public = models.BooleanField(default=False, help_text="The public version: small numbers suppressed.")
    title = models.CharField(max_length=250)
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True, help_text="Why a correction was issued.")
    content = models.JSONField(default=list)
    html = models.TextField()
    docx = models.BinaryField()
    pdf = models.BinaryField()

    class Meta:
        ordering = ["report", "-number", "is_public"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number", "is_public"], name="issued_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number}{', public' if self.is_public else ''})"


class Recommendation(TimeStampedModel):
    """A recommendation to change the framework, made in the framework review, with the
    committee's decision."""

    class Decision(models.TextChoices):
        AWAITING = "awaiting", "Awaiting the committee's decision"
        AGREED = "agreed", "Agreed"
        AGREED_CHANGED = "agreed_changed", "Agreed with changes"
        DEFERRED = "deferred", "Deferred"
        NOT_AGREED = "not_agreed", "Not agreed"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField("Recommendation")
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.AWAITING)
    decision_note = models.TextField("What the committee said", blank=True)
    decided_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return self.text[:80]
