"""What is not shared never reaches the national view; withdrawal removes at once; every share
and withdrawal is audited; the redaction check guards learning points."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learnloop.core.models import AuditEntry
from learnloop.national import services
from learnloop.national.models import NationalShare, ShareKind
from learnloop.national.tests.conftest import MARKERS

pytestmark = pytest.mark.django_db

PAGES = [
    ("national:home", {}),
    ("national:search", {}),
    ("national:search", {"q": "PLANTED"}),
    ("national:benchmarks", {}),
]


def _all_national_text(client, national) -> str:
    text = ""
    for name, params in PAGES:
        response = client.get(reverse(name), params)
        assert response.status_code == 200
        text += response.content.decode()
    return text


def test_planted_markers_never_reach_the_national_view(client, world, national) -> None:
    client.force_login(national.reader)
    text = _all_national_text(client, national)
    assert "SHARED-LP-MARKER" in text
    assert "SHARED-PUB" in text
    for marker in MARKERS:
        assert marker not in text
    for kind, pk in [
        (ShareKind.LEARNING_POINT, national.unshared_lp.pk),
        (ShareKind.LEARNING_POINT, national.confidential_lp.pk),
        (ShareKind.PUBLICATION, national.draft.pk),
        (ShareKind.SEVEN_MINUTE, national.briefing.pk),
    ]:
        assert client.get(reverse("national:item", args=[kind, pk])).status_code == 404


def test_a_confidential_or_draft_item_cannot_be_shared(world, national) -> None:
    with pytest.raises(services.NationalError, match="confidential"):
        services.share_item(
            partnership=world.partnership,
            kind=ShareKind.LEARNING_POINT,
            object_id=national.confidential_lp.pk,
            by=world.lead,
        )
    with pytest.raises(services.NationalError, match="published"):
        services.share_item(
            partnership=world.partnership, kind=ShareKind.PUBLICATION, object_id=national.draft.pk, by=world.lead
        )


def test_another_partnerships_item_cannot_be_shared(world, national) -> None:
    with pytest.raises(services.NationalError, match="not one of this partnership"):
        services.share_item(
            partnership=world.other_partnership,
            kind=ShareKind.LEARNING_POINT,
            object_id=national.shared_lp.pk,
            by=world.outsider,
        )


def test_a_learning_point_that_fails_the_redaction_check_is_not_shared(world, national) -> None:
    national.unshared_lp.description = "The family at 12 Kirk Street, EH1 1YZ, were known."
    national.unshared_lp.save()
    with pytest.raises(services.NationalError, match="redaction check found 2 possible identifiers"):
        services.share_item(
            partnership=world.partnership,
            kind=ShareKind.LEARNING_POINT,
            object_id=national.unshared_lp.pk,
            by=world.lead,
        )
    assert not NationalShare.objects.filter(object_id=national.unshared_lp.pk).exists()


def test_withdrawal_removes_at_once(client, world, national) -> None:
    client.force_login(national.reader)
    item = reverse("national:item", args=[ShareKind.LEARNING_POINT, national.shared_lp.pk])
    assert client.get(item).status_code == 200
    client.force_login(world.lead)
    response = client.post(reverse("national_sharing:withdraw", args=["glen", national.lp_share.pk]))
    assert response.status_code == 302
    client.force_login(national.reader)
    assert client.get(item).status_code == 404
    assert "SHARED-LP-MARKER" not in client.get(reverse("national:search")).content.decode()


def test_a_learning_point_made_confidential_after_sharing_leaves_at_once(client, world, national) -> None:
    national.shared_lp.is_confidential = True
    national.shared_lp.agency = world.education
    national.shared_lp.save()
    client.force_login(national.reader)
    assert "SHARED-LP-MARKER" not in client.get(reverse("national:search")).content.decode()


def test_every_share_and_withdrawal_is_audited(client, world, national) -> None:
    client.force_login(world.lead)
    client.post(
        reverse("national_sharing:share", args=["glen"]),
        {"kind": ShareKind.SEVEN_MINUTE, "object_id": national.briefing.pk},
    )
    share = NationalShare.objects.get(kind=ShareKind.SEVEN_MINUTE, object_id=national.briefing.pk)
    client.post(reverse("national_sharing:withdraw", args=["glen", share.pk]))
    entries = AuditEntry.objects.filter(object_type="national.NationalShare", object_id=str(share.pk))
    assert {e.event for e in entries} == {AuditEntry.Event.CREATE, AuditEntry.Event.UPDATE}
    assert all(e.user == world.lead and e.partnership == world.partnership for e in entries)


def test_sharing_by_kind_shares_new_items_too_and_withdraws_them_all(client, world, national) -> None:
    client.force_login(world.lead)
    client.post(reverse("national_sharing:share", args=["glen"]), {"kind": ShareKind.SEVEN_MINUTE, "object_id": 0})
    client.force_login(national.reader)
    item = reverse("national:item", args=[ShareKind.SEVEN_MINUTE, national.briefing.pk])
    assert client.get(item).status_code == 200
    share = NationalShare.objects.get(kind=ShareKind.SEVEN_MINUTE, object_id=0, withdrawn_at__isnull=True)
    client.force_login(world.lead)
    client.post(reverse("national_sharing:withdraw", args=["glen", share.pk]))
    client.force_login(national.reader)
    assert client.get(item).status_code == 404


def test_learning_points_cannot_be_shared_all_at_once(world, national) -> None:
    with pytest.raises(services.NationalError, match="one by one"):
        services.share_kind(partnership=world.partnership, kind=ShareKind.LEARNING_POINT, by=world.lead)


def test_search_by_words_theme_and_year(client, world, national) -> None:
    theme = world.partnership.themes.create(code="neglect-x", name="Neglect X")
    national.shared_lp.themes.add(theme)
    client.force_login(national.reader)
    page = client.get(reverse("national:search"), {"q": "babies neglect", "theme": "neglect-x", "year": 2025})
    assert "SHARED-LP-MARKER" in page.content.decode()
    page = client.get(reverse("national:search"), {"q": "babies", "year": 2019})
    assert "SHARED-LP-MARKER" not in page.content.decode()


def test_a_briefing_with_a_possible_identifier_is_held_back_even_when_all_are_shared(client, world, national) -> None:
    national.briefing.what_to_do = "Call the social worker on 0131 496 0000."
    national.briefing.save()
    with pytest.raises(services.NationalError, match="redaction check"):
        services.share_item(
            partnership=world.partnership, kind=ShareKind.SEVEN_MINUTE, object_id=national.briefing.pk, by=world.lead
        )
    services.share_kind(partnership=world.partnership, kind=ShareKind.SEVEN_MINUTE, by=world.lead)
    client.force_login(national.reader)
    assert client.get(reverse("national:item", args=[ShareKind.SEVEN_MINUTE, national.briefing.pk])).status_code == 404
    assert "PLANTED-7MIN" not in client.get(reverse("national:search")).content.decode()
