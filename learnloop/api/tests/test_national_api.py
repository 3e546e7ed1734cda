"""The national view's API: the benchmarks exactly as the pages work them out, only what is shared,
withdrawal at once, read by exactly who may see the national pages, and the tokens' scopes."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from learnloop.core.disclosure import MARK
from learnloop.core.models import AuditEntry
from learnloop.national import benchmarks, limits, services
from learnloop.national.models import NationalShare, ShareKind
from learnloop.national.tests.conftest import INDICATOR, MARKERS
from learnloop.tokens import services as token_services

pytestmark = pytest.mark.django_db

LIST_URLS = ["api:national_indicators", "api:national_learning"]


def _bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _expiry(days=30):
    return timezone.localdate() + datetime.timedelta(days=days)


def _funnel(client, **extra):
    return client.get(reverse("api:national_funnel", args=[INDICATOR]), extra.pop("query", {}), **extra)


def test_the_funnel_is_the_pages_benchmark_with_small_numbers_marked(client, world, national) -> None:
    client.force_login(national.reader)
    data = _funnel(client).json()
    assert (data["indicator"]["code"], data["year"], data["years"]) == (INDICATOR, 2025, [2025])
    national_percent = 100 * 264 / 408  # (160 + 100 + 4) / (200 + 200 + 8)
    assert data["national_value"] == pytest.approx(national_percent)
    rows = {r["partnership"]: r for r in data["partnerships"]}
    glen = rows["Glen Child Protection Committee"]
    expected = limits.percent_limits(200, national_percent)
    assert (glen["value"], glen["numerator"], glen["denominator"]) == (80.0, 160, 200)
    assert (glen["lower_95"], glen["upper_95"], glen["lower_998"], glen["upper_998"]) == (
        expected.lower_95,
        expected.upper_95,
        expected.lower_998,
        expected.upper_998,
    )
    assert (glen["status"], glen["position"]) == ("value", "above_998")
    assert rows["Other Child Protection Committee"]["position"] == "below_998"
    third = rows["Third Child Protection Committee"]
    assert third["status"] == third["position"] == "suppressed" and third["position_text"] == MARK
    assert all(third[k] is None for k in ("value", "numerator", "denominator", "lower_95", "upper_998"))


def test_the_funnel_matches_benchmarks_py_row_for_row(client, world, national) -> None:
    from learnloop.national.selectors import shared_indicators

    indicator = next(i for i in shared_indicators() if i.code == INDICATOR)
    result = benchmarks.benchmark(indicator, 2025)
    client.force_login(world.viewer)
    data = _funnel(client, query={"year": 2025}).json()
    assert data["summary"] == result.summary()
    assert [r["partnership"] for r in data["partnerships"]] == [r.partnership.name for r in result.rows]
    assert [r["value"] for r in data["partnerships"]] == [r.value for r in result.rows]


def test_a_year_without_figures_and_a_bad_year(client, world, national) -> None:
    client.force_login(national.reader)
    data = _funnel(client, query={"year": 2019}).json()
    assert data["national_value"] is None and {r["status"] for r in data["partnerships"]} == {"no_data"}
    assert _funnel(client, query={"year": "last"}).status_code == 400
    assert _funnel(client, query={"year": ""}).status_code == 400
    assert client.get(reverse("api:national_funnel", args=["not-shared"])).status_code == 404


def test_only_shared_indicators_are_listed_and_a_withdrawal_leaves_at_once(client, world, national) -> None:
    client.force_login(national.reader)
    codes = [i["code"] for i in client.get(reverse("api:national_indicators")).json()]
    assert INDICATOR in codes
    for share in NationalShare.objects.filter(kind=ShareKind.INDICATOR, withdrawn_at__isnull=True):
        services.share_withdraw(share=share, by=None)
    assert client.get(reverse("api:national_indicators")).json() == []
    assert _funnel(client).status_code == 404


def test_planted_unshared_markers_never_appear(client, world, national) -> None:
    client.force_login(national.reader)
    text = ""
    for params in ({}, {"q": "PLANTED"}, {"kind": "seven_minute"}, {"kind": "learning_point"}, {"year": 2025}):
        response = client.get(reverse("api:national_learning"), params)
        assert response.status_code == 200
        text += response.content.decode()
    text += client.get(reverse("api:national_indicators")).content.decode() + _funnel(client).content.decode()
    assert "SHARED-LP-MARKER" in text and "SHARED-PUB" in text
    for marker in MARKERS:
        assert marker not in text
    for kind, pk in [
        (ShareKind.LEARNING_POINT, national.unshared_lp.pk),
        (ShareKind.LEARNING_POINT, national.confidential_lp.pk),
        (ShareKind.PUBLICATION, national.draft.pk),
        (ShareKind.SEVEN_MINUTE, national.briefing.pk),
    ]:
        assert client.get(reverse("api:national_learning_item", args=[kind, pk])).status_code == 404


def test_shared_learning_is_paginated_and_withdrawal_removes_at_once(client, world, national) -> None:
    client.force_login(world.viewer)
    data = client.get(reverse("api:national_learning")).json()
    assert data["count"] == 2 and data["next"] is None
    titles = [r["title"] for r in data["results"]]
    assert any("SHARED-LP-MARKER" in t for t in titles)
    item = reverse("api:national_learning_item", args=[ShareKind.LEARNING_POINT, national.shared_lp.pk])
    assert client.get(item).json()["title"].endswith("SHARED-LP-MARKER")
    services.share_withdraw(share=national.lp_share, by=world.lead)
    data = client.get(reverse("api:national_learning")).json()
    assert data["count"] == 1 and "SHARED-LP-MARKER" not in str(data)
    assert client.get(item).status_code == 404
    assert client.get(reverse("api:national_learning"), {"page": 9}).status_code == 404
    assert client.get(reverse("api:national_learning"), {"kind": "theme"}).status_code == 400
    assert client.get(reverse("api:national_learning"), {"year": 1066}).status_code == 400


@pytest.mark.parametrize("name", LIST_URLS)
def test_who_may_read(client, world, national, name) -> None:
    assert client.get(reverse(name)).status_code == 401
    for user, status in ((national.nobody, 404), (national.reader, 200), (world.viewer, 200), (world.outsider, 200)):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == status, user


# Tokens ---------------------------------------------------------------------------------------


def test_a_national_token_reads_the_national_endpoints_only(client, world, national) -> None:
    token, secret = token_services.national_token_create(user=national.reader, name="R", expires_on=_expiry())
    assert token.partnership is None and token.membership is None
    before = AuditEntry.objects.count()
    assert _funnel(client, **_bearer(secret)).status_code == 200
    uses = AuditEntry.objects.filter(event=AuditEntry.Event.EXPORT, id__gt=before)
    assert uses.count() == 1 and token.prefix in uses.get().detail and uses.get().user == national.reader
    assert f"/api/national/indicators/{INDICATOR}/funnel/" in uses.get().detail
    for name in LIST_URLS:
        assert client.get(reverse(name), **_bearer(secret)).status_code == 200
    # A member's national token reads no partnership, not even the member's own.
    _, member_secret = token_services.national_token_create(user=world.lead, name="R", expires_on=_expiry())
    for name in ("api:indicators", "api:trends", "api:indicator_catalogue"):
        assert client.get(reverse(name, args=["glen"]), **_bearer(member_secret)).status_code == 404
    assert client.post(reverse("api:national_indicators"), **_bearer(secret)).status_code == 403


def test_a_partnership_token_gets_404_on_the_national_endpoints(client, world, national) -> None:
    _, secret = token_services.token_create(membership=world.membership(world.lead), name="R", expires_on=_expiry())
    assert client.get(reverse("api:indicators", args=["glen"]), **_bearer(secret)).status_code == 200
    for name in LIST_URLS:
        assert client.get(reverse(name), **_bearer(secret)).status_code == 404
    assert _funnel(client, **_bearer(secret)).status_code == 404


def test_only_someone_who_may_read_the_national_view_makes_a_national_token(world, national) -> None:
    with pytest.raises(PermissionError):
        token_services.national_token_create(user=national.nobody, name="R", expires_on=_expiry())


def test_a_national_token_stops_when_its_owner_loses_the_national_view(client, world, national) -> None:
    token, secret = token_services.national_token_create(user=world.viewer, name="R", expires_on=_expiry())
    world.membership(world.viewer).__class__.objects.filter(user=world.viewer).update(is_active=False)
    response = client.get(reverse("api:national_indicators"), **_bearer(secret))
    assert response.status_code == 401 and "no longer read the national view" in response.json()["detail"]
    assert AuditEntry.objects.filter(event=AuditEntry.Event.SIGN_IN_FAILED, object_id=str(token.pk)).exists()


def test_a_revoked_or_expired_national_token_is_refused(client, world, national) -> None:
    token, secret = token_services.national_token_create(user=national.reader, name="R", expires_on=_expiry())
    token_services.token_revoke(token, by=national.reader)
    assert client.get(reverse("api:national_indicators"), **_bearer(secret)).status_code == 401
    token, secret = token_services.national_token_create(user=national.reader, name="R", expires_on=_expiry())
    type(token).objects.filter(pk=token.pk).update(expires_on=_expiry(-1))
    assert client.get(reverse("api:national_indicators"), **_bearer(secret)).status_code == 401
