"""Base models and the append-only audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditedModel(models.Model):
    """A model whose every create, update and delete is written to the audit log.

    The values loaded from the database are remembered so that an update records what
    changed, field by field, without a second query.
    """

    audit_exclude: tuple[str, ...] = ("updated_at",)

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any, *args: Any, **kwargs: Any) -> Any:
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def audit_snapshot(self) -> dict[str, Any]:
        snapshot: dict[str, Any] = {}
        for field in self._meta.concrete_fields:
            if field.attname in self.audit_exclude or field.name in self.audit_exclude:
                continue
            value = getattr(self, field.attname)
            snapshot[field.attname] = _jsonable(value)
        return snapshot

    def audit_changes(self) -> dict[str, list[Any]]:
        loaded = getattr(self, "_loaded_values", None)
        current = self.audit_snapshot()
        if loaded is None:
            return {name: [None, value] for name, value in current.items() if value not in (None, "")}
        changes: dict[str, list[Any]] = {}
        for name, value in current.items():
            before = _jsonable(loaded.get(name))
            if before != value:
                changes[name] = [before, value]
        return changes


class TimeStampedModel(AuditedModel):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or None
    return str(value)


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit entries are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries are append-only.")

    # The only two changes the log allows, and only the retention command makes them
    # (learnloop/retention/services.py; a test checks nothing else calls them). Each run writes
    # its own entry saying how many entries it changed (ADR on retention).

    def strip_content_for_retention(self) -> int:
        """Keep who, when, what happened, the kind of record and its id; drop the record's content."""
        return super().update(changes={}, object_repr="", detail=RETENTION_STRIPPED)

    def delete_for_retention(self) -> int:
        """Remove entries older than the audit log's own retention period."""
        return super().delete()[0]


RETENTION_STRIPPED = "Content removed under the retention schedule."


class AuditEntry(models.Model):
    """One thing that happened. Rows are only ever added: never changed, never deleted."""

    class Event(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Updated"
        DELETE = "delete", "Deleted"
        EXPORT = "export", "Exported"
        VIEW_CONFIDENTIAL = "view_confidential", "Viewed a confidential record"
        DOWNLOAD = "download", "Downloaded a file"
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
        SIGN_OUT = "sign_out", "Signed out"
        TWO_FACTOR_SET_UP = "two_factor_set_up", "Set up two-factor sign-in"
        TWO_FACTOR_PASSED = "two_factor_passed", "Passed two-factor sign-in"
        TWO_FACTOR_FAILED = "two_factor_failed", "Failed two-factor sign-in"
        RECOVERY_CODE_USED = "recovery_code_used", "Used a recovery code"
        TWO_FACTOR_RESET = "two_factor_reset", "Reset two-factor sign-in"
        RETENTION = "retention", "Applied the retention schedule"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    event = models.CharField(max_length=32, choices=Event.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text too, so the entry still says who acted after a user is removed.
    actor = models.CharField(max_length=254, blank=True)
    partnership = models.ForeignKey(
        "partnership.Partnership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_type = models.CharField(max_length=100, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["partnership", "-at"], name="audit_partnership_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.get_event_display()} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("Audit entries are append-only.")
