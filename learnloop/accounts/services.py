"""Writes for people: adding a member, changing a role, removing a member."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from learnloop.accounts.models import Membership, User
from learnloop.partnership.models import Agency, Partnership, Subgroup


class MembershipError(Exception):
    pass


def user_get_or_create(*, email: str, full_name: str, job_title: str = "") -> tuple[User, bool]:
    email = email.strip().lower()
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
