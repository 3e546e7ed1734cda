"""Without SECRET_KEY, commands still run but LearnLoop will not serve pages (unless DEBUG)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from learnloop.core.checks import secret_key_set

ROOT = Path(__file__).resolve().parents[3]


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60
    )


def test_commands_run_without_a_secret_key_but_serving_refuses_it():
    command = _python("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='learnloop.settings'; django.setup()")
    assert command.returncode == 0, command.stderr
    serving = _python("import learnloop.wsgi")
    assert serving.returncode != 0
    assert "Set SECRET_KEY before serving LearnLoop" in serving.stderr
    assert _python("import learnloop.wsgi", SECRET_KEY="a-real-secret-for-this-test").returncode == 0
    assert _python("import learnloop.wsgi", DEBUG="1").returncode == 0


def test_the_deploy_check_fails_on_the_development_key():
    from django.test import override_settings

    with override_settings(SECRET_KEY=settings.DEVELOPMENT_SECRET_KEY):
        assert [e.id for e in secret_key_set(None)] == ["learnloop.E002"]
    with override_settings(SECRET_KEY="a-real-secret-for-this-test"):
        assert secret_key_set(None) == []
