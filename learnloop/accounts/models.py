"""People: a custom user who signs in with an e-mail address, and their memberships."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from learnloop.accounts.roles import ROLE_SCOPE, Level, Role, Scope
from learnloop.core.models import AuditedModel, TimeStampedModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        """Sign-in looks the address up in any case: Lena@Glen.test is lead@glen.test's Lena."""
        return self.get(email__iexact=normalise_email(username or ""))


def normalise_email(email: str) -> str:
    """The one spelling of an address that is stored and compared: trimmed, in lower case."""
    return email.strip().lower()


class User(AbstractBaseUser, PermissionsMixin, AuditedModel):
    # The hash is never written to the log; sign-ins are logged as their own events.
    audit_exclude = ("password", "last_login")

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can sign in to Django's admin site.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_in_any_case")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = normalise_email(self.email or "")
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Membership(TimeStampedModel):
    """A user's place in one partnership: their agency, their role and their subgroups."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    subgroups = models.ManyToManyField("partnership.Subgroup", blank=True, related_name="members")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership"], name="membership_one_per_user_and_partnership")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.partnership})"

    @property
    def scope(self) -> Scope:
        return ROLE_SCOPE[self.role][0]

    @property
    def level(self) -> Level:
        return ROLE_SCOPE[self.role][1]

    @property
    def is_lead_officer(self) -> bool:
        return self.role == Role.LEAD_OFFICER

    def _subgroup_rows(self) -> list[tuple[int, str, bool]]:
        """(id, responsibility, in use) for each of the member's subgroups: one query, kept."""
        cached = getattr(self, "_subgroups_cache", None)
        if cached is None:
            cached = list(self.subgroups.values_list("id", "responsibility", "is_active"))
            self._subgroups_cache = cached
        return cached

    def subgroup_ids(self) -> set[int]:
        return {pk for pk, _, _ in self._subgroup_rows()}

    def subgroup_ids_responsible_for(self, *responsibilities: str) -> set[int]:
        """The member's subgroups in use that hold one of these responsibilities. Short names
        play no part: a subgroup can be renamed without its members losing their rights."""
        wanted = {str(r) for r in responsibilities if r}
        return {pk for pk, resp, active in self._subgroup_rows() if active and resp in wanted}


class PasswordResetRequest(models.Model):
    """One request for a password link, kept for an hour or so to throttle them.

    The address is stored as a keyed hash (never in clear): the count works across app servers
    because it lives in the database.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    email_hash = models.CharField(max_length=64, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-at"]
