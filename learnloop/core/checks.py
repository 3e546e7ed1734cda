"""Deployment checks: `manage.py check --deploy` refuses to pass without the secrets."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register(deploy=True)
def secret_key_set(app_configs: Any, **kwargs: Any) -> list[Error]:
    if settings.SECRET_KEY != settings.DEVELOPMENT_SECRET_KEY:
        return []
    return [
        Error(
            "SECRET_KEY is not set: LearnLoop is using its published development key.",
            hint="Set SECRET_KEY in the environment to a long random value, the same on every app server.",
            id="learnloop.E002",
        )
    ]


@register(deploy=True)
def pseudonymisation_key_set(app_configs: Any, **kwargs: Any) -> list[Error]:
    if settings.PSEUDONYMISATION_KEY and settings.PSEUDONYMISATION_KEY != "development-pseudonymisation-key":
        return []
    return [
        Error(
            "PSEUDONYMISATION_KEY is not set to a secret of this deployment.",
            hint="Set PSEUDONYMISATION_KEY in the environment: identifiers are hashed with it before storage.",
            id="learnloop.E001",
        )
    ]
