"""Every page, for someone allowed, someone read-only, another agency and another partnership.

An outsider, and anyone not allowed to act, gets a 404: existence never leaks.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

EVERYONE = ["lead", "committee", "subgroup_member", "education_lead", "police_lead", "contributor", "viewer"]
RECORDERS = ["lead", "subgroup_member", "education_lead", "police_lead"]


def url(name, r, slug="glen"):
    args = {
        "home": [],
        "loop_health": [],
        "learning_points": [],
        "learning_point_create": [],
        "actions": [],
        "disseminations": [],
        "dissemination_create": [],
        "embeddings": [],
        "embedding_create": [],
        "impacts": [],
        "impact_create": [],
        "tracked_children": [],
        "tracked_child_create": [],
        "learning_point": [r.lp.number],
        "learning_point_edit": [r.lp.number],
        "learning_point_decide": [r.lp.number],
        "action_create": [r.lp.number],
        "confidential": [r.confidential.number],
        "action": [r.sw_action.number],
        "action_edit": [r.edu_action.number],
        "action_status": [r.sw_action.number],
        "action_add_update": [r.sw_action.number],
        "evidence_add": [r.sw_action.number],
        "dissemination": [r.dissemination.pk],
        "dissemination_edit": [r.dissemination.pk],
        "briefing_edit": [r.briefing.pk],
        "embedding": [r.embedding.pk],
        "embedding_edit": [r.embedding.pk],
        "impact": [r.impact.pk],
        "impact_edit": [r.impact.pk],
        "tracked_child": [r.child.pk],
        "tracked_child_edit": [r.child.pk],
        "tracked_child_add_entry": [r.child.pk],
    }[name]
    route = "learning_point" if name == "confidential" else name
    return reverse(f"loop:{route}", args=[slug, *args])


CASES = [
    # (page, who may see it; everyone else in the partnership gets a 404)
    ("home", EVERYONE),
    ("loop_health", EVERYONE),
    ("learning_points", EVERYONE),
    ("learning_point", EVERYONE),
    ("actions", EVERYONE),
    ("action", EVERYONE),
    ("disseminations", EVERYONE),
    ("dissemination", EVERYONE),
    ("embeddings", EVERYONE),
    ("embedding", EVERYONE),
    ("impacts", EVERYONE),
    ("impact", EVERYONE),
    ("tracked_children", EVERYONE),
    ("tracked_child", EVERYONE),
    ("confidential", ["lead", "education_lead"]),
    ("learning_point_create", RECORDERS),
    ("learning_point_edit", ["lead", "subgroup_member"]),
    ("learning_point_decide", ["lead", "committee"]),
    ("action_create", ["lead", "subgroup_member", "education_lead", "police_lead"]),
    ("action_edit", ["lead", "subgroup_member", "education_lead"]),
    ("action_status", ["lead", "subgroup_member", "contributor"]),
    ("action_add_update", ["lead", "subgroup_member", "contributor"]),
    ("evidence_add", ["lead", "subgroup_member", "contributor"]),
    ("dissemination_create", RECORDERS),
    ("dissemination_edit", ["lead"]),
    ("briefing_edit", ["lead"]),
    ("embedding_create", [*RECORDERS, "contributor"]),  # a contributor, for their agency's actions
    ("embedding_edit", ["lead"]),
    ("impact_create", RECORDERS),
    ("impact_edit", ["lead"]),
    ("tracked_child_create", RECORDERS),
    ("tracked_child_edit", ["lead", "education_lead"]),
    ("tracked_child_add_entry", ["lead", "education_lead"]),
]


@pytest.mark.parametrize(("page", "allowed"), CASES, ids=[c[0] for c in CASES])
def test_who_may_open_each_page(client, world, records, page, allowed):
    address = url(page, records)
    for who in EVERYONE:
        client.force_login(getattr(world, who))
        response = client.get(address)
        expected = 200 if who in allowed else 404
        assert response.status_code == expected, f"{who} on {page}: {response.status_code}"
    client.force_login(world.outsider)
    assert client.get(address).status_code == 404, "another partnership"


def test_signed_out_visitors_are_sent_to_sign_in(client, world, records):
    response = client.get(url("learning_point", records))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("partnership:settings", ["lead"]),
        ("partnership:members", ["lead"]),
        ("partnership:member_add", ["lead"]),
        ("partnership:agency_add", ["lead"]),
        ("partnership:subgroup_add", ["lead"]),
        ("core:audit_log", ["lead"]),
        ("themes:list", EVERYONE),
        ("themes:add", ["lead"]),
    ],
)
def test_settings_pages(client, world, records, name, allowed):
    address = reverse(name, args=["glen"])
    for who in EVERYONE:
        client.force_login(getattr(world, who))
        assert client.get(address).status_code == (200 if who in allowed else 404), who
    client.force_login(world.outsider)
    assert client.get(address).status_code == 404


def test_a_partnership_that_does_not_exist_is_a_404_like_one_you_cannot_see(client, world):
    client.force_login(world.lead)
    assert client.get(reverse("loop:home", args=["no-such-place"])).status_code == 404
    assert client.get(reverse("loop:home", args=["other"])).status_code == 404


def test_case_reference_is_hidden_from_other_agencies(client, world, records):
    address = url("tracked_child", records)
    for who, sees in [
        ("lead", True),
        ("education_lead", True),
        ("police_lead", False),
        ("viewer", False),
        ("committee", False),
    ]:
        client.force_login(getattr(world, who))
        content = client.get(address).content.decode()
        assert ("ED-2025-0042" in content) is sees, who
        assert "Child A" in content


def test_downloads_are_scoped_like_their_records(client, world, records):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from learnloop.loop import services
    from learnloop.loop.models import SevenMinuteBriefing

    pdf = b"%PDF-1.4\n%%EOF\n"
    evidence = services.evidence_add(
        action=records.sw_action, description="Protocol", file=SimpleUploadedFile("p.pdf", pdf), by=world.lead
    )
    records.embedding.file = SimpleUploadedFile("e.pdf", pdf)
    records.embedding.save()
    SevenMinuteBriefing.objects.create(
        dissemination=records.briefing,
        background="b",
        why_it_matters="w",
        information_1="i",
        things_to_remember="t",
        what_to_do="d",
    )
    addresses = [
        reverse("loop:evidence_download", args=["glen", records.sw_action.number, evidence.pk]),
        reverse("loop:embedding_download", args=["glen", records.embedding.pk]),
        reverse("loop:briefing_export", args=["glen", records.briefing.pk]),
    ]
    for address in addresses:
        for who in ("lead", "viewer", "police_lead"):
            client.force_login(getattr(world, who))
            assert client.get(address).status_code == 200, (who, address)
        client.force_login(world.outsider)
        assert client.get(address).status_code == 404, address
