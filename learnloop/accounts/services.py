"""Writes for people: adding a member, changing a role, removing a member."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from learnloop.accounts.models import Membership, PasswordResetRequest, User, normalise_email
from learnloop.partnership.models import Agency, Partnership, Subgroup


class MembershipError(Exception):
    pass


class PasswordResetThrottled(Exception):
    """Too many password links asked for, for this address or from this client, in the last hour."""


def user_get_or_create(*, email: str, full_name: str, job_title: str = "") -> tuple[User, bool]:
    email = normalise_email(email)
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    user = User.objects.create_user(email=email, password=None, full_name=full_name, job_title=job_title)
    return user, True


@transaction.atomic
def membership_create(
    *,
    partnership: Partnership,
    email: str,
    full_name: str,
    role: str,
    agency: Agency | None,
    subgroups: Iterable[Subgroup] = (),
    job_title: str = "",
    by: Any = None,
    invite_base_url: str | None = None,
) -> Membership:
    """Add a person to the partnership. A new person is sent a link to set their password."""
    user, created = user_get_or_create(email=email, full_name=full_name, job_title=job_title)
    if Membership.objects.filter(user=user, partnership=partnership).exists():
        raise MembershipError(f"{user.email} is already a member of {partnership}.")
    membership = Membership.objects.create(user=user, partnership=partnership, agency=agency, role=role, created_by=by)
    membership.subgroups.set(list(subgroups))
    if created and invite_base_url is not None:
        transaction.on_commit(lambda: _send_invitation(user=user, partnership=partnership, base_url=invite_base_url))
    return membership


def _send_invitation(*, user: User, partnership: Partnership, base_url: str) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = base_url.rstrip("/") + reverse("accounts:password_reset_confirm", args=[uid, token])
    send_mail(
        subject=f"You have been added to LearnLoop for {partnership}",
        message=(
            f"Hello {user.full_name},\n\nYou have been added to {partnership} on LearnLoop.\n"
            f"Set your password here (the link works once): {link}\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def membership_update(
    *, membership: Membership, role: str, agency: Agency | None, subgroups: Iterable[Subgroup], is_active: bool
) -> Membership:
    was_lead = Membership.objects.filter(pk=membership.pk, role="lead_officer", is_active=True).exists()
    if was_lead and (role != "lead_officer" or not is_active):
        others = Membership.objects.filter(
            partnership=membership.partnership, role="lead_officer", is_active=True
        ).exclude(pk=membership.pk)
        if not others.exists():
            raise MembershipError("A partnership must keep at least one active lead officer.")
    membership.role = role
    membership.agency = agency
    membership.is_active = is_active
    membership.save()
    membership.subgroups.set(list(subgroups))
    return membership


def _reset_email_hash(email: str) -> str:
    return salted_hmac("learnloop.accounts.password_reset", normalise_email(email), algorithm="sha256").hexdigest()


def password_reset_request(*, email: str, ip_address: str | None, domain: str, use_https: bool) -> None:
    """Ask for a password link: counted against the address and the client, then sent in the background.

    The same rows are written and the same task enqueued for an unknown address as for a known one.
    Raises PasswordResetThrottled past PASSWORD_RESET_LIMIT requests an hour for either.
    """
    from learnloop.accounts.tasks import send_password_link

    limit = settings.PASSWORD_RESET_LIMIT
    since = timezone.now() - timedelta(hours=1)
    email_hash = _reset_email_hash(email)
    with transaction.atomic():
        PasswordResetRequest.objects.filter(at__lt=timezone.now() - timedelta(days=1)).delete()
        recent = PasswordResetRequest.objects.filter(at__gte=since)
        too_many_for_address = recent.filter(email_hash=email_hash).count() >= limit
        too_many_from_client = ip_address is not None and recent.filter(ip_address=ip_address).count() >= limit
        PasswordResetRequest.objects.create(email_hash=email_hash, ip_address=ip_address)
    if too_many_for_address or too_many_from_client:
        raise PasswordResetThrottled
    send_password_link.enqueue(email=normalise_email(email), domain=domain, use_https=use_https)
