"""Pages render, with the partnership's own name in the header and no crown."""

from __future__ import annotations

from django.urls import reverse


def test_sign_in_page(client, db):
    response = client.get(reverse("accounts:login"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Sign in" in content
    assert "govuk-logo" not in content and "crown" not in content.lower()


def test_header_names_the_partnership(client, world):
    client.force_login(world.lead)
    content = client.get(reverse("loop:home", args=["glen"])).content.decode()
    assert "Glen Child Protection Committee" in content
    assert 'nonce="' in content
    csp = client.get(reverse("loop:home", args=["glen"]))["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp


def test_start_sends_a_single_partnership_member_home(client, world):
    client.force_login(world.lead)
    response = client.get("/")
    assert response["Location"] == reverse("loop:home", args=["glen"])


def test_start_lets_a_member_of_several_partnerships_choose(client, world):
    from learnloop.accounts.models import Membership

    Membership.objects.create(user=world.lead, partnership=world.other_partnership, role="viewer")
    client.force_login(world.lead)
    content = client.get("/").content.decode()
    assert "Choose a partnership" in content
    assert "Other Child Protection Committee" in content


def test_health_check(client, db):
    assert client.get("/healthz").content == b"ok"


def test_htmx_filter_returns_only_the_results_fragment(client, world):
    client.force_login(world.lead)
    response = client.get(reverse("loop:learning_points", args=["glen"]), HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="results">')
    assert "<html" not in content


def test_the_service_name_is_ours_on_every_page(client, db):
    # Django's sign-in and password views put their own `site_name` (the host) in the context.
    content = client.get(reverse("accounts:login")).content.decode()
    assert "<title>Sign in – LearnLoop</title>" in content
    assert "testserver" not in content


def test_a_missing_answer_names_its_field(client, world):
    client.force_login(world.lead)
    response = client.post(reverse("loop:learning_point_create", args=["glen"]), {"title": "Siblings not seen"})
    content = response.content.decode()
    assert "Enter what was learned" in content
    assert "Select kind" in content
    assert "This field is required" not in content
