"""Who may see the national view and the sharing page: the national role, any partnership's
members; nobody else. Only the lead officer manages sharing; another partnership gets a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learnloop.national.models import NationalShare, ShareKind
from learnloop.national.tests.conftest import INDICATOR

pytestmark = pytest.mark.django_db

NATIONAL = [
    ("national:home", []),
    ("national:search", []),
    ("national:benchmarks", []),
    ("national:benchmark", [INDICATOR]),
]
MEMBERS = ["lead", "committee", "subgroup_member", "education_lead", "police_lead", "contributor", "viewer", "outsider"]


@pytest.mark.parametrize("who", [*MEMBERS, "reader"])
def test_the_national_view_is_for_members_and_the_national_role(client, world, national, who) -> None:
    client.force_login(national.reader if who == "reader" else getattr(world, who))
    for name, args in NATIONAL:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    item = reverse("national:item", args=[ShareKind.LEARNING_POINT, national.shared_lp.pk])
    assert client.get(item).status_code == 200


def test_nobody_without_a_membership_sees_the_national_view(client, world, national) -> None:
    client.force_login(national.nobody)
    for name, args in NATIONAL:
        assert client.get(reverse(name, args=args)).status_code == 404
    client.logout()
    for name, args in NATIONAL:
        assert client.get(reverse(name, args=args)).status_code == 302


def test_the_national_role_sees_no_partnership_page(client, world, national) -> None:
    client.force_login(national.reader)
    for url in [
        reverse("loop:home", args=["glen"]),
        reverse("loop:learning_point", args=["glen", national.shared_lp.number]),
        reverse("national_sharing:sharing", args=["glen"]),
    ]:
        assert client.get(url).status_code == 404
    assert client.get(reverse("core:start")).url == reverse("national:home")


def test_an_unknown_or_unshared_indicator_is_a_404(client, world, national) -> None:
    client.force_login(national.reader)
    assert client.get(reverse("national:benchmark", args=["no-such"])).status_code == 404
    assert client.get(reverse("national:benchmark", args=["concerns"])).status_code == 404  # a count


@pytest.mark.parametrize("who", MEMBERS[1:] + ["reader"])
def test_only_the_lead_officer_manages_sharing(client, world, national, who) -> None:
    client.force_login(national.reader if who == "reader" else getattr(world, who))
    assert client.get(reverse("national_sharing:sharing", args=["glen"])).status_code == 404
    post = client.post(reverse("national_sharing:share", args=["glen"]), {"kind": ShareKind.THEME, "object_id": 0})
    assert post.status_code == 404
    withdraw = client.post(reverse("national_sharing:withdraw", args=["glen", national.lp_share.pk]))
    assert withdraw.status_code == 404
    assert not NationalShare.objects.filter(kind=ShareKind.THEME).exists()
    assert NationalShare.objects.get(pk=national.lp_share.pk).withdrawn_at is None


def test_the_lead_officer_shares_and_withdraws_without_javascript(client, world, national) -> None:
    client.force_login(world.lead)
    page = client.get(reverse("national_sharing:sharing", args=["glen"]))
    assert page.status_code == 200
    assert "Babies and neglect" in page.content.decode()
    response = client.post(reverse("national_sharing:share", args=["glen"]), {"kind": ShareKind.THEME, "object_id": 0})
    assert response.status_code == 302
    assert NationalShare.objects.filter(partnership=world.partnership, kind=ShareKind.THEME).exists()
    assert client.get(reverse("national_sharing:share", args=["glen"])).status_code == 405


def test_a_lead_officer_cannot_withdraw_another_partnerships_share(client, world, national) -> None:
    client.force_login(world.outsider)
    assert client.post(reverse("national_sharing:withdraw", args=["other", national.lp_share.pk])).status_code == 404
    assert NationalShare.objects.get(pk=national.lp_share.pk).withdrawn_at is None
