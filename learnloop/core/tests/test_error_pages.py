"""Error pages with DEBUG off: service pages with a heading, a way back and someone to ask.

A member sees their partnership's name and lead officer; nothing on a page tells a person
whether a partnership they do not belong to exists.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, RequestFactory, override_settings

from learnloop.core import error_pages as errors

ERROR_URLS = "learnloop.core.tests.error_urls"


@pytest.fixture(autouse=True)
def _production_errors(settings: Any) -> None:
    settings.DEBUG = False


def heading(response: Any) -> str:
    match = re.search(r'<h1 class="govuk-heading-l">(.*?)</h1>', response.content.decode(), re.S)
    assert match, response.content.decode()
    return match.group(1).strip()


def comparable(response: Any) -> str:
    """The page without what changes on every response (CSRF token, CSP nonce)."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def test_an_unknown_address_is_a_service_page_that_leads_to_sign_in(client, db):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert heading(response) == "Page not found"
    assert "<title>Page not found – LearnLoop</title>" in html
    assert 'href="/static/frontend/app.css"' in html
    assert '<a class="govuk-link" href="/account/sign-in/">Go to the sign-in page</a>' in html
    assert "Ask your partnership's lead officer, or the person who looks after LearnLoop" in html


def test_a_member_is_shown_their_partnership_a_way_home_and_its_lead_officer(client, world):
    client.force_login(world.contributor)
    response = client.get("/p/glen/learning/9999/")
    html = response.content.decode()
    assert response.status_code == 404
    assert heading(response) == "Page not found"
    assert "<title>Page not found – Glen Child Protection Committee – LearnLoop</title>" in html
    assert 'href="/p/glen/">Go to the Glen Child Protection Committee home page</a>' in html
    assert "Lena Lead" in html and 'href="mailto:lead@glen.test"' in html


def test_a_lead_officer_is_not_told_to_ask_themselves(client, world):
    client.force_login(world.lead)
    html = client.get("/p/glen/learning/9999/").content.decode()
    assert "mailto:lead@glen.test" not in html
    assert "the person who looks after LearnLoop in your organisation" in html


def test_a_foreign_partnership_looks_like_a_made_up_one(client, world):
    client.force_login(world.outsider)  # a member of Other only
    foreign = client.get("/p/glen/")
    unknown = client.get("/p/no-such-partnership/")
    assert foreign.status_code == unknown.status_code == 404
    assert comparable(foreign) == comparable(unknown)
    html = foreign.content.decode()
    assert "Glen" not in html and "lead@glen.test" not in html
    # Their own partnership is where the way back leads.
    assert "Go to the Other Child Protection Committee home page" in html


def test_a_member_of_several_partnerships_is_sent_to_the_start_page(client, world):
    from learnloop.accounts.models import Membership

    Membership.objects.create(user=world.viewer, partnership=world.other_partnership, role="viewer")
    client.force_login(world.viewer)
    html = client.get("/no-such-page/").content.decode()
    assert '<a class="govuk-link" href="/">Go to the start page</a>' in html
    assert "Child Protection Committee" not in html


@override_settings(ROOT_URLCONF=ERROR_URLS)
def test_a_refused_page_is_a_service_page(client, world):
    client.force_login(world.viewer)
    response = client.get("/p/glen/refused/")
    html = response.content.decode()
    assert response.status_code == 403
    assert heading(response) == "You cannot use this page"
    assert "Glen Child Protection Committee" in html and 'href="mailto:lead@glen.test"' in html
    client.force_login(world.outsider)
    refused = client.get("/p/glen/refused/")
    assert refused.status_code == 403
    assert "Glen" not in refused.content.decode()


def test_a_refused_form_explains_what_to_do(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/sign-in/", {"username": "a@b.test", "password": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert heading(response) == "Your form could not be sent"
    assert "reload the page and try again" in html
    assert 'href="/static/frontend/app.css"' in html


def test_a_bad_request_is_a_service_page(client, db):
    response = client.get("/", HTTP_HOST="not-allowed.example")
    assert response.status_code == 400
    assert heading(response) == "Sorry, there is a problem with your request"
    assert "Go to the sign-in page" in response.content.decode()


@override_settings(ROOT_URLCONF=ERROR_URLS)
def test_a_failure_is_a_service_page(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.contributor)
    response = client.get("/failing/")
    html = response.content.decode()
    assert response.status_code == 500
    assert heading(response) == "Sorry, there is a problem with the service"
    assert '<a class="govuk-link" href="/">Go to the start page</a>' in html
    assert 'href="/static/frontend/app.css"' in html
    assert "Glen" not in html and "A failure for the 500 page test" not in html


def test_the_500_page_needs_no_database():
    # No `db` fixture: any query here would fail the test.
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert heading(response) == "Sorry, there is a problem with the service"


def test_the_500_page_is_served_even_without_collected_static_files(tmp_path: Path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path):
        response = errors.server_error(None)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
