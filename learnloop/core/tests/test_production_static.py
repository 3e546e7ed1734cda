"""The production static storage: collectstatic succeeds and pages are served with it.

Tests otherwise use plain static storage (settings.STORAGES under pytest), which never checks
that the files the stylesheet refers to exist. Production uses WhiteNoise's manifest storage,
which refuses a stylesheet that refers to a missing file; without a manifest every page is a
500. These tests collect the built front end (learnloop/static_build) the way production does.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client, override_settings

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def production_static(static_root: Path) -> override_settings:
    """Settings as in production, for static files: the manifest storage, no finders."""
    return override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": MANIFEST_STORAGE},
        },
        STATIC_ROOT=static_root,
        WHITENOISE_USE_FINDERS=False,
        DEBUG=False,
    )


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """collectstatic with the production storage, once for this module.

    The admin's and the API browser's own files are left out to keep this quick: they are
    third-party files that refer to nothing missing (.ci/production_check.py collects them all).
    """
    static_root = tmp_path_factory.mktemp("staticfiles")
    with production_static(static_root):
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin", "rest_framework"])
    yield static_root


def test_collectstatic_succeeds_with_the_production_storage(collected: Path):
    assert (collected / "staticfiles.json").exists()
    with production_static(collected):
        css_name = staticfiles_storage.stored_name("frontend/app.css")
        css = (collected / css_name).read_text()
    # Every file the stylesheet refers to was collected (the storage rewrote it to a hashed name).
    for url in re.findall(r"url\(\s*[\"']?(/static/[^\"')]+)", css):
        assert (collected / url.removeprefix("/static/")).exists(), url


@pytest.mark.django_db
def test_the_sign_in_page_and_its_stylesheet_are_served_with_the_production_storage(collected: Path):
    with production_static(collected):
        client = Client()  # a new client builds WhiteNoise's file list from this STATIC_ROOT
        page = client.get("/account/sign-in/")
        assert page.status_code == 200
        html = page.content.decode()
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', html)
        assert stylesheet, html
        href = stylesheet.group(1)
        assert re.fullmatch(r"/static/frontend/app\.[0-9a-f]{12}\.css", href), href
        css = client.get(href)
        assert css.status_code == 200
        assert css["Content-Type"].startswith("text/css")


def test_static_root_is_read_from_the_environment(tmp_path: Path):
    """.ci/production_check.py collects into a temporary folder through STATIC_ROOT."""
    code = "import django; django.setup(); from django.conf import settings; print(settings.STATIC_ROOT)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "learnloop.settings", "STATIC_ROOT": str(tmp_path)}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == str(tmp_path)
