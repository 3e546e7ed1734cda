"""A subgroup's rights come from its fixed responsibility, never from its editable short name."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, transaction
from django.urls import reverse

from learnloop.accounts.permissions import has_responsibility
from learnloop.audits.permissions import can_manage_audits
from learnloop.dataset.permissions import can_load_data, mise_subgroup
from learnloop.partnership.models import Responsibility, Subgroup
from learnloop.partnership.services import partnership_create
from learnloop.reach.permissions import can_import_statistics
from learnloop.reviews.permissions import can_create_review
from learnloop.testing.factories import SubgroupFactory
from learnloop.voice.permissions import can_manage_voice
from learnloop.workforce.permissions import can_run_training

migration = importlib.import_module("learnloop.partnership.migrations.0004_subgroup_responsibility_from_short_names")


def _rename(client, world, subgroup, **changes):
    data = {"name": subgroup.name, "short_name": subgroup.short_name, "remit": subgroup.remit, "is_active": "on"}
    data.update(changes)
    data = {k: v for k, v in data.items() if v is not None}
    client.force_login(world.lead)
    response = client.post(reverse("partnership:subgroup_edit", args=["glen", subgroup.pk]), data)
    assert response.status_code == 302
    subgroup.refresh_from_db()
    return subgroup


def test_a_new_partnership_gives_each_seeded_subgroup_its_responsibility(db):
    p = partnership_create(slug="loch", name="Loch CPC")
    got = dict(Subgroup.objects.filter(partnership=p).values_list("short_name", "responsibility"))
    assert got == {
        "MISE": Responsibility.MISE,
        "LRS": Responsibility.LEARNING_REVIEW,
        "LROG": Responsibility.REVIEW_OPERATIONS,
        "JLD": Responsibility.JOINT_LD,
        "PIC": Responsibility.PUBLIC_INFORMATION,
    }


def test_renaming_mise_keeps_the_right_to_load_data(client, world):
    _rename(client, world, world.mise, name="Data and performance group", short_name="Data group")
    assert world.mise.short_name == "Data group" and world.mise.responsibility == Responsibility.MISE
    m = world.membership(world.subgroup_member)
    assert can_load_data(m) and can_manage_audits(m) and can_manage_voice(m)
    assert mise_subgroup(m) == world.mise
    client.force_login(world.subgroup_member)
    assert client.get(reverse("dataset:aggregate_upload", args=["glen"])).status_code == 200


def test_a_short_name_in_another_case_changes_nothing(client, world):
    _rename(client, world, world.mise, short_name="mise")
    assert can_load_data(world.membership(world.subgroup_member))


def test_a_subgroup_merely_named_mise_gives_no_rights(world):
    impostor = SubgroupFactory(partnership=world.partnership, name="Another MISE", short_name="MISE")
    m = world.membership(world.contributor)
    m.subgroups.set([impostor])
    m = world.membership(world.contributor)
    assert not has_responsibility(m, Responsibility.MISE)
    assert not can_load_data(m) and not can_manage_audits(m)


def test_an_inactive_subgroup_confers_no_responsibility(client, world):
    _rename(client, world, world.mise, is_active=None)
    assert not world.mise.is_active
    m = world.membership(world.subgroup_member)
    assert not has_responsibility(m, Responsibility.MISE)
    assert not can_load_data(m) and not can_manage_audits(m) and not can_manage_voice(m)
    client.force_login(world.subgroup_member)
    assert client.get(reverse("dataset:aggregate_upload", args=["glen"])).status_code in {403, 404}


def test_each_app_asks_for_its_responsibility(world):
    m = world.membership(world.subgroup_member)
    cases = [
        (Responsibility.LEARNING_REVIEW, can_create_review),
        (Responsibility.REVIEW_OPERATIONS, can_create_review),
        (Responsibility.JOINT_LD, can_run_training),
        (Responsibility.PUBLIC_INFORMATION, can_import_statistics),
    ]
    for responsibility, check in cases:
        subgroup = Subgroup.objects.get(partnership=world.partnership, responsibility=responsibility)
        subgroup.short_name = "Renamed"
        subgroup.save()
        m.subgroups.set([subgroup])
        fresh = world.membership(world.subgroup_member)
        assert check(fresh), responsibility
        subgroup.is_active = False
        subgroup.save()
        fresh = world.membership(world.subgroup_member)
        assert not check(fresh), responsibility


def test_an_inactive_membership_has_no_responsibility(world):
    m = world.membership(world.subgroup_member)
    m.is_active = False
    assert not has_responsibility(m, Responsibility.MISE)


def test_the_settings_form_cannot_change_a_responsibility(client, world):
    _rename(client, world, world.mise, name="Data group", responsibility=Responsibility.JOINT_LD)
    assert world.mise.name == "Data group" and world.mise.responsibility == Responsibility.MISE
    client.force_login(world.lead)
    page = client.get(reverse("partnership:subgroup_edit", args=["glen", world.mise.pk])).content.decode()
    assert 'name="responsibility"' not in page
    assert "Management information and self-evaluation" in page and "cannot be changed" in page
    client.post(
        reverse("partnership:subgroup_add", args=["glen"]),
        {"name": "Neglect group", "short_name": "NG", "remit": "", "is_active": "on", "responsibility": "mise"},
    )
    assert Subgroup.objects.get(partnership=world.partnership, name="Neglect group").responsibility == ""


def test_a_responsibility_is_held_by_one_subgroup_per_partnership(world):
    SubgroupFactory(partnership=world.partnership, responsibility="")
    SubgroupFactory(partnership=world.partnership, responsibility="")
    with pytest.raises(IntegrityError), transaction.atomic():
        SubgroupFactory(partnership=world.partnership, responsibility=Responsibility.MISE)
    assert Subgroup.objects.filter(responsibility=Responsibility.MISE).count() == 2  # one per partnership


def test_the_migration_sets_responsibilities_from_short_names_in_any_case(world):
    p = world.partnership
    Subgroup.objects.update(responsibility="")
    Subgroup.objects.filter(partnership=p, short_name="MISE").update(short_name="mise")
    Subgroup.objects.filter(partnership=p, short_name="JLD").update(short_name=" Jld ")
    Subgroup.objects.filter(partnership=p, short_name="PIC").update(is_active=False)
    spare = SubgroupFactory(partnership=p, name="Old LRS", short_name="LRS", is_active=False)
    other = SubgroupFactory(partnership=p, name="Neglect", short_name="NG")
    migration.set_responsibilities(django_apps, None)
    got = dict(Subgroup.objects.filter(partnership=p).values_list("name", "responsibility"))
    assert got["Management Information and Self Evaluation"] == Responsibility.MISE
    assert got["Learning Review Subgroup"] == Responsibility.LEARNING_REVIEW
    assert got["Learning Review Operational Group"] == Responsibility.REVIEW_OPERATIONS
    assert got["Joint Learning & Development"] == Responsibility.JOINT_LD
    assert got["Public Information & Communication"] == Responsibility.PUBLIC_INFORMATION
    assert got[spare.name] == "" and got[other.name] == ""  # the one in use won; others stay blank
    assert Subgroup.objects.filter(partnership=world.other_partnership, responsibility=Responsibility.MISE).exists()
