"""What LearnLoop has e-mailed to whom, and how each person wants to hear from it.

A `Notification` row is written (claimed) before its e-mail is sent. The row is unique per
recipient, kind, subject and occurrence, so two machines running the daily command at the same
moment cannot both send: the second one's insert fails on the constraint and it moves on.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from learnloop.core.models import TimeStampedModel


class Kind(models.TextChoices):
    RETURN_REQUESTED = "return_requested", "Agency return requested"
    READING_ASSIGNED = "reading_assigned", "Audit reading assigned"
    ACTION_ASSIGNED = "action_assigned", "Action assigned"
    SAFETY_FLAG = "safety_flag", "A child feels unsafe"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    DIGEST = "digest", "Weekly summary"


# Sent whatever the person's preference: they cannot wait for a weekly summary.
ALWAYS_IMMEDIATE = {Kind.SAFETY_FLAG, Kind.DIGEST}


class Notification(models.Model):
    """One e-mail to one person: claimed, then sent (or skipped, or failed and retried)."""

    class Status(models.TextChoices):
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not sent: the person asked for the weekly summary only"
        FAILED = "failed", "Failed: tried again on the next run"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    subject_key = models.CharField(
        max_length=60, help_text="What the e-mail is about, as kind:id (action:12, reading:3, return:5, flag:2)."
    )
    occurrence = models.CharField(
        max_length=40,
        blank=True,
        help_text="Which time: the due date for a reminder, the due date and week for an overdue one, "
        "the ISO week for a summary; empty for a one-off.",
    )
    sent_to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-claimed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_key", "occurrence"], name="notification_sent_once"
            ),
        ]
        indexes = [models.Index(fields=["status", "attempts"], name="notification_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.sent_to} ({self.get_status_display()})"


class NotificationPreference(TimeStampedModel):
    """How a person wants to hear from LearnLoop. No row: each request and reminder, and the summary."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    digest_only = models.BooleanField(
        default=False, help_text="Only the weekly summary (alerts that a child feels unsafe are always sent)."
    )

    def __str__(self) -> str:
        return f"{self.user}: {'weekly summary only' if self.digest_only else 'every e-mail'}"
