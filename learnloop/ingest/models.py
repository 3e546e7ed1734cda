"""The staged upload: an export waiting for its check page (every source)."""

from __future__ import annotations

from django.db import models

from learnloop.core.models import TimeStampedModel


class StagedImport(TimeStampedModel):
    """An uploaded export waiting for the member to check it and accept it (voice, workforce, reach).

    What is kept is `prepared`: the rows as the importer would store them (identifiers already
    pseudonymised, names and personal details already removed), never the raw upload. Only files
    without personal data (website statistics) are kept as a file in the default storage (`path`).
    This row ties it to the member and partnership. It is marked imported once accepted, so
    accepting twice imports once.
    """

    audit_exclude = ("updated_at", "prepared")

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=40, help_text="Which importer reads it, such as voice:kobo.")
    target_id = models.PositiveIntegerField(null=True, blank=True, help_text="The session or survey it is for.")
    path = models.CharField(
        max_length=300, blank=True, help_text="Where a file without personal data is in the default storage."
    )
    filename = models.CharField(max_length=255)
    options = models.JSONField(default=dict, blank=True)
    prepared = models.JSONField(
        null=True, blank=True, help_text="The rows as they would be stored: pseudonymised and stripped."
    )
    imported_at = models.DateTimeField(null=True, blank=True)
    result_url = models.CharField(max_length=300, blank=True)

    class Meta:
        # Moved from voice without moving its rows: the table keeps its first name.
        db_table = "voice_stagedimport"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.filename}"
