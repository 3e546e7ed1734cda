"""Every page for someone allowed, someone read-only, another agency and another partnership."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learnloop.core.models import AuditEntry
from learnloop.voice.models import SafetyFlag

EVERYONE = ["lead", "committee", "subgroup_member", "education_lead", "police_lead", "contributor", "viewer", "pic"]
MANAGERS = ["lead", "pic"]  # the lead officer and PIC/MISE members (subgroup_member is in MISE)
MANAGERS_MISE = ["lead", "pic", "subgroup_member"]


def who_user(world, pic_member, who):
    return pic_member if who == "pic" else getattr(world, who)


def url(name, v, slug="glen"):
    args = {
        "index": [],
        "view_create": [],
        "events": [],
        "event_create": [],
        "responses": [],
        "response_create": [],
        "published": [],
        "import": [],
        "import_upload": ["mind_of_my_own"],
        "settings": [],
        "view": [v.shared.number],
        "view_edit": [v.shared.number],
        "unconsented": [v.unconsented.number],
        "unsafe": [v.unsafe.number],
        "unsafe_edit": [v.unsafe.number],
        "flag_pass_on": [v.unsafe.number],
        "raise_learning": [v.shared.number],
        "raise_learning_unsafe": [v.unsafe.number],
        "event": [v.event.pk],
        "event_edit": [v.event.pk],
        "response": [v.response.pk],
        "response_edit": [v.response.pk],
    }[name]
    route = {
        "unconsented": "view",
        "unsafe": "view",
        "unsafe_edit": "view_edit",
        "raise_learning_unsafe": "raise_learning",
    }.get(name, name)
    return reverse(f"voice:{route}", args=[slug, *args])


CASES = [
    ("index", EVERYONE),
    ("events", EVERYONE),
    ("event", EVERYONE),
    ("responses", EVERYONE),
    ("response", EVERYONE),
    ("published", EVERYONE),
    ("view", EVERYONE),
    ("unconsented", EVERYONE),
    ("unsafe", ["lead", "education_lead"]),
    ("unsafe_edit", ["lead", "education_lead"]),
    ("flag_pass_on", ["lead", "education_lead"]),
    ("view_create", [*MANAGERS_MISE, "education_lead", "police_lead"]),
    ("view_edit", MANAGERS_MISE),
    ("raise_learning", MANAGERS_MISE),
    ("raise_learning_unsafe", ["lead", "education_lead"]),
    ("event_create", MANAGERS_MISE),
    ("event_edit", MANAGERS_MISE),
    ("response_create", MANAGERS_MISE),
    ("response_edit", MANAGERS_MISE),
    ("import", MANAGERS_MISE),
    ("import_upload", MANAGERS_MISE),
    ("settings", ["lead"]),
]


@pytest.mark.parametrize(("page", "allowed"), CASES, ids=[c[0] for c in CASES])
def test_who_may_open_each_page(client, world, voice, pic_member, page, allowed):
    address = url(page, voice)
    for who in EVERYONE:
        client.force_login(who_user(world, pic_member, who))
        response = client.get(address)
        expected = 200 if who in allowed else 404
        assert response.status_code == expected, f"{who} on {page}: {response.status_code}"
    client.force_login(world.outsider)
    assert client.get(address).status_code == 404, "another partnership"


def test_unconsented_text_is_shown_only_to_the_lead_officer_and_the_agency_lead(client, world, voice, pic_member):
    address = url("unconsented", voice)
    for who in EVERYONE:
        client.force_login(who_user(world, pic_member, who))
        page = client.get(address).content.decode()
        assert ("bus driver" in page) == (who in {"lead", "education_lead"}), who
    listing_for_viewer = client.get(url("index", voice)).content.decode()
    assert "bus driver" not in listing_for_viewer and "weekends" not in listing_for_viewer


def test_reading_a_restricted_view_is_audited(client, world, voice):
    client.force_login(world.education_lead)
    client.get(url("unsafe", voice))
    assert AuditEntry.objects.filter(event=AuditEntry.Event.VIEW_CONFIDENTIAL, object_id=str(voice.unsafe.pk)).exists()


def test_home_pages_show_the_flag_and_whats_new(client, world, voice, pic_member):
    home = reverse("loop:home", args=["glen"])
    client.force_login(world.education_lead)
    page = client.get(home).content.decode()
    assert "A child feels unsafe" in page and voice.unsafe.reference in page
    assert "Follow your local child protection procedures" in page
    client.force_login(world.viewer)
    assert "A child feels unsafe" not in client.get(home).content.decode()
    client.force_login(pic_member)
    page = client.get(home).content.decode()
    assert "New from children and families" in page and "A child feels unsafe" not in page
    client.force_login(world.contributor)
    assert "New from children and families" not in client.get(home).content.decode()


def test_voice_is_on_the_sources_page(client, world):
    client.force_login(world.viewer)
    assert "Voice of children and families" in client.get(reverse("core:sources", args=["glen"])).content.decode()


def test_learning_point_page_links_back_to_the_view(client, world, voice):
    client.force_login(world.lead)
    response = client.post(
        url("raise_learning", voice),
        {"title": "Explain meeting words", "description": "Jargon.", "kind": "improvement"},
    )
    assert response.status_code == 302
    client.force_login(world.viewer)
    page = client.get(response["Location"]).content.decode()
    assert voice.shared.reference in page and "Meetings use words" in page


def test_a_flag_cannot_be_passed_on_twice(client, world, voice):
    client.force_login(world.lead)
    data = {"passed_on_to": "Duty team", "passed_on_date": "2026-01-12", "note": ""}
    assert client.post(url("flag_pass_on", voice), data).status_code == 302
    assert SafetyFlag.objects.get(view=voice.unsafe).passed_on_by == world.lead
    assert client.get(url("flag_pass_on", voice)).status_code == 404
