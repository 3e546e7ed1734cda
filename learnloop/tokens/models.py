"""Personal access tokens: read-only keys to the API, each scoped to one partnership membership
or to the national view (docs/adr/0020-personal-access-tokens.md).

Only a hash of the secret is kept; the secret itself is shown once, when the token is made.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from learnloop.core.models import AuditedModel


class AccessTokenQuerySet(models.QuerySet):
    def usable(self) -> AccessTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_on__gte=timezone.localdate())


class AccessToken(AuditedModel):
    # The hash never goes into the audit log, nor does the time of last use (recorded apart).
    audit_exclude = ("secret_hash", "last_used_at")

    class Scope(models.TextChoices):
        PARTNERSHIP = "partnership", "One partnership"
        NATIONAL = "national", "The national view"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens")
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.PARTNERSHIP)
    # A partnership token's membership and partnership; a national token has neither.
    membership = models.ForeignKey(
        "accounts.Membership", null=True, blank=True, on_delete=models.CASCADE, related_name="access_tokens"
    )
    partnership = models.ForeignKey(
        "partnership.Partnership", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, so you know which one to revoke.")
    prefix = models.CharField(max_length=16, db_index=True)
    secret_hash = models.CharField(max_length=64, unique=True)
    expires_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(scope="partnership", membership__isnull=False, partnership__isnull=False)
                    | models.Q(scope="national", membership__isnull=True, partnership__isnull=True)
                ),
                name="access_token_scope_matches_partnership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_national(self) -> bool:
        return self.scope == self.Scope.NATIONAL

    @property
    def reads(self) -> str:
        """What the token reads, in words."""
        return "the national view" if self.is_national else str(self.partnership)

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "Revoked"
        if self.expires_on < timezone.localdate():
            return "Expired"
        return "Active"


class NationalToken(AccessToken):
    """The national tokens, as the admin site lists them for the staff who manage national readers."""

    class Meta:
        proxy = True
        verbose_name = "national API token"
