"""The quality framework is the partnership's own data: seeded, then edited by the lead officer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learnloop.evaluation.models import FrameworkItem


def test_a_new_partnership_gets_the_standard_framework(world):
    items = FrameworkItem.objects.filter(partnership=world.partnership)
    assert items.count() == 15
    assert items.filter(kind="domain").count() == 6
    assert items.get(code="5.3").parent.name == "Delivery of services"
    assert items.get(code="Q5").name == "How good is collaborative leadership?"
    # Each partnership holds its own copy.
    assert FrameworkItem.objects.filter(partnership=world.other_partnership).count() == 15


def test_the_seed_file_is_inside_the_repository():
    from learnloop.evaluation.framework import SEED_FILE, seed_rows

    assert SEED_FILE.is_file()
    assert {row["kind"] for row in seed_rows()} == {"domain", "quality_indicator", "inspection_question"}


def test_every_member_reads_the_framework_and_an_outsider_gets_404(client, world):
    url = reverse("evaluation:framework", args=["glen"])
    for user in (world.lead, world.committee, world.viewer, world.contributor):
        client.force_login(user)
        assert client.get(url).status_code == 200
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_the_lead_officer_adds_renames_and_retires_items(client, world):
    client.force_login(world.lead)
    domain = FrameworkItem.objects.get(partnership=world.partnership, code="D3")
    neglect = world.partnership.themes.get(code="neglect")
    response = client.post(
        reverse("evaluation:framework_add", args=["glen"]),
        {
            "kind": "quality_indicator",
            "code": "5.1",
            "name": "Providing help and support",
            "parent": domain.pk,
            "themes": [neglect.pk],
        },
    )
    assert response.status_code == 302
    added = FrameworkItem.objects.get(partnership=world.partnership, code="5.1")
    assert list(added.themes.all()) == [neglect] and added.parent == domain

    client.post(
        reverse("evaluation:framework_edit", args=["glen", added.pk]),
        {"kind": "quality_indicator", "code": "5.1", "name": "Providing early help"},
    )
    added.refresh_from_db()
    assert added.name == "Providing early help"

    client.post(reverse("evaluation:framework_retire", args=["glen", added.pk]))
    added.refresh_from_db()
    assert added.is_retired
    client.post(reverse("evaluation:framework_retire", args=["glen", added.pk]), {"restore": "1"})
    added.refresh_from_db()
    assert not added.is_retired


def test_a_code_used_twice_is_refused_with_a_clear_message(client, world):
    client.force_login(world.lead)
    response = client.post(
        reverse("evaluation:framework_add", args=["glen"]),
        {"kind": "quality_indicator", "code": "2.1", "name": "Again"},
    )
    assert response.status_code == 200
    assert "There is already an item with the code “2.1”." in response.content.decode()


@pytest.mark.parametrize("who", ["committee", "subgroup_member", "viewer", "education_lead"])
def test_only_the_lead_officer_edits_the_framework(client, world, who):
    item = FrameworkItem.objects.get(partnership=world.partnership, code="2.1")
    client.force_login(getattr(world, who))
    assert client.get(reverse("evaluation:framework_add", args=["glen"])).status_code == 404
    assert client.get(reverse("evaluation:framework_edit", args=["glen", item.pk])).status_code == 404
    assert client.post(reverse("evaluation:framework_retire", args=["glen", item.pk])).status_code == 404
    item.refresh_from_db()
    assert not item.is_retired


def test_another_partnerships_item_is_404(client, world):
    theirs = FrameworkItem.objects.get(partnership=world.other_partnership, code="2.1")
    client.force_login(world.lead)
    assert client.get(reverse("evaluation:framework_edit", args=["glen", theirs.pk])).status_code == 404


def test_an_item_added_later_joins_drafts_not_yet_issued(world):
    from learnloop.evaluation import framework, services

    issued = services.self_evaluation_create(partnership=world.partnership, year=2025)
    services.self_evaluation_issue(self_evaluation=issued, by=world.lead)
    draft = services.self_evaluation_create(partnership=world.partnership, year=2026)
    item = framework.framework_item_save(
        item=FrameworkItem(partnership=world.partnership, kind="quality_indicator", code="6.1", name="Policy")
    )
    assert draft.judgements.filter(item=item).exists()
    assert not issued.judgements.filter(item=item).exists()


@pytest.mark.parametrize("code", ["issue", "a/b"])
def test_a_code_that_would_clash_with_an_address_is_refused(client, world, code):
    client.force_login(world.lead)
    response = client.post(
        reverse("evaluation:framework_add", args=["glen"]), {"kind": "quality_indicator", "code": code, "name": "X"}
    )
    assert f"“{code}” cannot be a code" in response.content.decode()
