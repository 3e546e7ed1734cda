"""What a partnership shares with the national view, and who reads the national view.

A share is read at query time: withdrawing it (setting `withdrawn_at`) removes the item from
the national view at once. Every share and withdrawal is written to the audit log by the
AuditedModel signals.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from learnloop.core.models import TimeStampedModel

ALL = 0  # object_id of a share "by kind": everything of that kind the partnership has


class ShareKind(models.TextChoices):
    PUBLICATION = "publication", "Published review summaries and briefings"
    SEVEN_MINUTE = "seven_minute", "7-minute briefings"
    LEARNING_POINT = "learning_point", "Learning points marked for national sharing"
    THEME = "theme", "Themes"
    INDICATOR = "indicator", "Minimum dataset figures (aggregate, with small numbers suppressed)"


# One item of each kind of shared learning, in words.
KIND_LABELS = {
    ShareKind.PUBLICATION: "Published summary or briefing",
    ShareKind.SEVEN_MINUTE: "7-minute briefing",
    ShareKind.LEARNING_POINT: "Learning point",
}

# The kinds a partnership may share all at once. Learning points are shared one by one, because
# each text passes the redaction check before it leaves the partnership.
BY_KIND = {ShareKind.PUBLICATION, ShareKind.SEVEN_MINUTE, ShareKind.THEME, ShareKind.INDICATOR}


class NationalShare(TimeStampedModel):
    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ShareKind.choices)
    object_id = models.PositiveBigIntegerField(default=ALL, help_text="0 shares every item of the kind.")
    label = models.CharField(max_length=300, blank=True, help_text="What was shared, in words, for the log.")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "object_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "kind", "object_id"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="national_share_one_active",
            )
        ]
        indexes = [models.Index(fields=["kind", "partnership"], name="national_share_kind")]

    def __str__(self) -> str:
        what = "all" if self.object_id == ALL else self.label or f"#{self.object_id}"
        return f"Shared nationally: {self.get_kind_display()}: {what}"

    @property
    def is_by_kind(self) -> bool:
        return self.object_id == ALL


class NationalMembership(TimeStampedModel):
    """A reader of the national view for a national body (not a member of any partnership)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="national_membership")
    body = models.CharField(max_length=200, help_text="The national body, for example the Care Inspectorate.")
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.user} ({self.body})"


class SearchEntry(models.Model):
    """The text of one shared item, kept for full-text search (learnloop/national/search.py).

    A row exists only while its item is shared, and is rewritten when the item or its share
    changes (learnloop/national/signals.py). It is an index, never the gate: every search still
    checks the active shares and the source's conditions at query time, so a stale row can
    never show anything unshared.

    On SQLite an FTS5 table (national_searchentry_fts) mirrors `title` and `body` through
    triggers; on PostgreSQL `vector` holds the English tsvector, with a GIN index. Both are made
    by migration 0002, each only on its own database.
    """

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ShareKind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    on = models.DateField(null=True, blank=True)
    # The filters, as codes between bars ("|health|police|"), so one row answers them all.
    review_kinds = models.CharField(max_length=200, blank=True)
    agency_kinds = models.CharField(max_length=300, blank=True)
    theme_codes = models.TextField(blank=True)
    theme_names = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="national_search_one_per_item")]
        indexes = [models.Index(fields=["partnership", "kind"], name="national_search_partnership")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.get_kind_display())
