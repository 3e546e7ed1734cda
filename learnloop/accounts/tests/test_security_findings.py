"""The penetration test's findings on sign-in and configuration, each pinned by a test."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core import mail
from django.db import IntegrityError
from django.urls import Resolver404, resolve, reverse

from learnloop.accounts import tasks
from learnloop.accounts.models import User

ROOT = Path(__file__).resolve().parents[3]


# E-mail sign-in ignores case -----------------------------------------------------------------


def test_sign_in_ignores_the_case_of_the_address(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "Lead@GLEN.test", "password": "correct horse battery"}
    )
    assert response.status_code == 302


def test_addresses_are_stored_in_lower_case_and_unique_in_any_case(world):
    world.viewer.email = " Vic.Viewer@Glen.TEST "
    world.viewer.save()
    world.viewer.refresh_from_db()
    assert world.viewer.email == "vic.viewer@glen.test"
    with pytest.raises(IntegrityError):
        User.objects.filter(pk=world.committee.pk).update(email="VIC.VIEWER@glen.test")


def test_failed_sign_ins_in_any_case_count_towards_one_lock_out(client, world, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        email = "lead@glen.test" if i % 2 else "LEAD@glen.test"
        client.post(reverse("accounts:login"), {"username": email, "password": "wrong"})
    response = client.post(
        reverse("accounts:login"), {"username": "lead@glen.test", "password": "correct horse battery"}
    )
    assert response.status_code == 429


def test_the_migration_lower_cases_existing_addresses(world):
    User.objects.filter(pk=world.viewer.pk).update(email="Vic@Glen.test")
    migration = importlib.import_module("learnloop.accounts.migrations.0003_lower_case_emails")
    migration.lower_case_emails(apps, None)
    assert User.objects.get(pk=world.viewer.pk).email == "vic@glen.test"


# Password links: off the request path, the same for unknown addresses, throttled ------------


@pytest.mark.parametrize("email", ["lead@glen.test", "nobody@glen.test"])
def test_the_request_enqueues_the_same_task_whether_or_not_the_address_is_known(client, world, email):
    with mock.patch("learnloop.accounts.tasks.send_password_link") as task:
        response = client.post(reverse("accounts:forgotten_password"), {"email": email})
    assert response.status_code == 302
    task.enqueue.assert_called_once_with(email=email, domain="testserver", use_https=False)
    assert mail.outbox == []  # nothing is sent in the request itself


def test_the_task_sends_a_link_to_a_known_address_only(world):
    tasks.send_password_link.call(email="lead@glen.test", domain="learnloop.example", use_https=True)
    tasks.send_password_link.call(email="nobody@glen.test", domain="learnloop.example", use_https=True)
    assert [m.to for m in mail.outbox] == [["lead@glen.test"]]
    assert "https://learnloop.example/account/set-password/" in mail.outbox[0].body


def test_password_links_are_throttled_per_address(client, world, settings):
    url = reverse("accounts:forgotten_password")
    for i in range(settings.PASSWORD_RESET_LIMIT):
        client.post(url, {"email": "lead@glen.test"}, REMOTE_ADDR=f"198.51.100.{i + 1}")
    mail.outbox.clear()
    response = client.post(url, {"email": "LEAD@glen.test"}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert "too many password links" in response.content.decode()
    assert mail.outbox == []


def test_password_links_are_throttled_per_client(client, world, settings):
    url = reverse("accounts:forgotten_password")
    for i in range(settings.PASSWORD_RESET_LIMIT):
        client.post(url, {"email": f"someone{i}@glen.test"}, REMOTE_ADDR="198.51.100.7")
    response = client.post(url, {"email": "lead@glen.test"}, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert mail.outbox == []
    assert client.post(url, {"email": "lead@glen.test"}, REMOTE_ADDR="198.51.100.8").status_code == 302


# Uploaded files and the API schema ----------------------------------------------------------


def test_media_is_never_served_by_url_even_with_debug(settings):
    import learnloop.urls

    settings.DEBUG = True
    try:
        importlib.reload(learnloop.urls)
        with pytest.raises(Resolver404):
            resolve("/media/evidence/report.pdf", urlconf=learnloop.urls)
    finally:
        settings.DEBUG = False
        importlib.reload(learnloop.urls)


def test_the_api_schema_is_for_signed_in_people_only(client, world):
    assert client.get(reverse("api:schema")).status_code in {401, 403}
    client.force_login(world.viewer)
    assert client.get(reverse("api:schema")).status_code == 200


# Deployment checks ---------------------------------------------------------------------------

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-deploy-check-0123456789",
    "PSEUDONYMISATION_KEY": "a-production-pseudonymisation-key",
    "BEHIND_HTTPS_PROXY": "1",
    "ALLOWED_HOSTS": "learnloop.example",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def _check(extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "EMAIL_BACKEND", "TWO_FACTOR_REQUIRED", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = _check(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "security.W005" not in result.stderr  # HSTS covers subdomains


def test_check_warns_with_a_hint_when_mail_goes_to_the_console():
    result = _check({**PRODUCTION_ENV, "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"})
    assert result.returncode != 0
    assert "learnloop.W001" in result.stderr
    assert "Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend" in result.stderr


def test_hsts_covers_subdomains_and_preload_is_off_by_default():
    assert django_settings.SECURE_HSTS_PRELOAD is False
    settings_source = (ROOT / "learnloop" / "settings.py").read_text()
    assert 'SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)' in settings_source
