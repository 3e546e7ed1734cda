"""Personal access tokens: made once, kept hashed, read-only, one partnership, every use audited."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from learnloop.core.models import AuditEntry
from learnloop.dataset.tests.conftest import extract, load
from learnloop.dataset.tests.test_views import signal_rows
from learnloop.tokens import services
from learnloop.tokens.models import AccessToken


def _token(world, user, days=30, partnership=None):
    m = world.membership(user) if partnership is None else user.memberships.get(partnership=partnership)
    return services.token_create(
        membership=m, name="R script", expires_on=timezone.localdate() + datetime.timedelta(days=days)
    )


def _bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _expiry(days):
    d = timezone.localdate() + datetime.timedelta(days=days)
    return {"expires_on_day": d.day, "expires_on_month": d.month, "expires_on_year": d.year}


def test_making_a_token_shows_the_secret_once_and_keeps_only_its_hash(client, world):
    client.force_login(world.viewer)
    response = client.post(reverse("tokens:create", args=["glen"]), {"name": "Power BI", **_expiry(90)})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = AccessToken.objects.get()
    secret = response.context["secret"]
    assert secret.startswith(token.prefix) and "will not be shown again" in response.content.decode()
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(AccessToken.objects.values().get()) and token.partnership == world.partnership
    assert not AuditEntry.objects.filter(changes__icontains=secret).exists()
    listing = client.get(reverse("tokens:list", args=["glen"])).content.decode()
    assert "Power BI" in listing and token.prefix in listing and secret not in listing


@pytest.mark.parametrize(("days", "message"), [(0, "in the future"), (400, "at most a year")])
def test_the_expiry_is_required_and_at_most_a_year(client, world, days, message):
    client.force_login(world.viewer)
    response = client.post(reverse("tokens:create", args=["glen"]), {"name": "x", **_expiry(days)})
    assert message in response.content.decode() and not AccessToken.objects.exists()
    response = client.post(reverse("tokens:create", args=["glen"]), {"name": "x"})
    assert "Enter the date the token expires" in response.content.decode()


def test_a_script_reads_the_indicators_with_a_token_and_every_use_is_audited(client, world):
    load(world.partnership, extract(signal_rows()))
    token, secret = _token(world, world.lead)
    before = AuditEntry.objects.count()
    response = client.get(reverse("api:indicators", args=["glen"]) + "?indicator=concerns", **_bearer(secret))
    assert response.status_code == 200
    assert response.json()[-1]["value"] == 20 and response.json()[0]["value"] == 2  # the lead officer sees all
    entries = list(AuditEntry.objects.order_by("id")[before:])
    uses = [e for e in entries if e.event == AuditEntry.Event.EXPORT]
    assert len(uses) == 1 and uses[0].user == world.lead and token.prefix in uses[0].detail
    assert "/api/p/glen/indicators/?indicator=concerns" in uses[0].detail and uses[0].partnership == world.partnership
    token.refresh_from_db()
    assert token.last_used_at is not None
    client.get(reverse("api:trends", args=["glen"]), **_bearer(secret))
    assert AuditEntry.objects.filter(event=AuditEntry.Event.EXPORT, object_id=str(token.pk)).count() == 2


def test_a_viewers_token_gets_the_same_suppressed_cells_as_the_viewers_pages(client, world):
    load(world.partnership, extract(signal_rows()))
    _, secret = _token(world, world.viewer)
    with_token = client.get(reverse("api:indicators", args=["glen"]) + "?indicator=concerns", **_bearer(secret)).json()
    client.force_login(world.viewer)
    with_session = client.get(reverse("api:indicators", args=["glen"]) + "?indicator=concerns").json()
    assert with_token == with_session
    assert with_token[0]["status"] == "suppressed" and with_token[0]["value"] is None


def test_expired_revoked_and_unknown_tokens_get_401(client, world):
    url = reverse("api:indicators", args=["glen"])
    expired, expired_secret = _token(world, world.viewer)
    AccessToken.objects.filter(pk=expired.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    revoked, revoked_secret = _token(world, world.viewer)
    services.token_revoke(revoked, by=world.viewer)
    for secret in (expired_secret, revoked_secret, "llpat_00000000_nothing", "garbage"):
        response = client.get(url, **_bearer(secret))
        assert response.status_code == 401, secret
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert client.get(url).status_code == 401  # no token, no session
    refused = AuditEntry.objects.filter(event=AuditEntry.Event.SIGN_IN_FAILED, object_type="tokens.AccessToken")
    assert {e.object_id for e in refused} == {str(expired.pk), str(revoked.pk)}
    assert not AuditEntry.objects.filter(event=AuditEntry.Event.EXPORT).exists()


def test_a_token_reads_only_its_own_partnership(client, world):
    from learnloop.accounts.models import Membership
    from learnloop.accounts.roles import Role

    # The lead officer of Other is a member of Glen too; her Other token still cannot read Glen.
    Membership.objects.create(user=world.outsider, partnership=world.partnership, role=Role.VIEWER)
    _, secret = _token(world, world.outsider, partnership=world.other_partnership)
    assert client.get(reverse("api:indicators", args=["other"]), **_bearer(secret)).status_code == 200
    for name in ("api:indicators", "api:trends", "api:indicator_catalogue"):
        assert client.get(reverse(name, args=["glen"]), **_bearer(secret)).status_code == 404


def test_a_token_only_reads(client, world):
    _, secret = _token(world, world.lead)
    for method in (client.post, client.put, client.delete):
        assert method(reverse("api:indicators", args=["glen"]), **_bearer(secret)).status_code == 403


def test_a_token_stops_when_its_member_leaves(client, world):
    _, secret = _token(world, world.viewer)
    world.membership(world.viewer).__class__.objects.filter(user=world.viewer).update(is_active=False)
    assert client.get(reverse("api:indicators", args=["glen"]), **_bearer(secret)).status_code == 401


def test_sessions_still_work_and_the_schema_describes_the_token(client, world):
    client.force_login(world.viewer)
    assert client.get(reverse("api:indicators", args=["glen"])).status_code == 200
    schema = client.get(reverse("api:schema")).content.decode()
    assert "personalAccessToken" in schema and "bearer" in schema
    client.logout()
    assert client.get(reverse("api:schema")).status_code == 401


def test_the_lead_officer_sees_and_revokes_a_members_token(client, world):
    token, secret = _token(world, world.contributor)
    own, _ = _token(world, world.viewer)
    client.force_login(world.lead)
    listing = client.get(reverse("tokens:list", args=["glen"])).content.decode()
    assert "Cara Contributor" in listing and f"token-{token.pk}" in listing and f"token-{own.pk}" in listing
    assert client.post(reverse("tokens:revoke", args=["glen", token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == world.lead
    assert AuditEntry.objects.filter(event=AuditEntry.Event.UPDATE, object_id=str(token.pk)).exists()
    assert client.get(reverse("api:indicators", args=["glen"]), **_bearer(secret)).status_code == 401


def test_members_see_and_revoke_only_their_own_tokens(client, world):
    token, _ = _token(world, world.contributor)
    client.force_login(world.viewer)
    assert f"token-{token.pk}" not in client.get(reverse("tokens:list", args=["glen"])).content.decode()
    assert client.post(reverse("tokens:revoke", args=["glen", token.pk])).status_code == 404
    client.force_login(world.outsider)
    assert client.get(reverse("tokens:list", args=["glen"])).status_code == 404
    assert client.post(reverse("tokens:revoke", args=["glen", token.pk])).status_code == 404
    client.force_login(world.contributor)
    assert client.post(reverse("tokens:revoke", args=["glen", token.pk])).status_code == 302
