"""Deployment checks: `manage.py check --deploy` refuses to pass without the secrets."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register


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


CONSOLE_MAIL = "django.core.mail.backends.console.EmailBackend"


@register()
def mail_backend_sends(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """With DEBUG off, e-mail printed to the console reaches nobody: invitations and password links are lost."""
    if settings.DEBUG:
        return []
    backend = settings.MAILERS.get("default", {}).get("BACKEND", "")
    if backend != CONSOLE_MAIL:
        return []
    return [
        Warning(
            "E-mail is printed to the console: invitations and password links will not reach anyone.",
            hint=(
                "Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST, EMAIL_PORT, "
                "EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS and DEFAULT_FROM_EMAIL "
                "(see docs/operators.md)."
            ),
            id="learnloop.W001",
        )
    ]


@register(deploy=True)
def two_factor_required(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.TWO_FACTOR_REQUIRED:
        return []
    return [
        Warning(
            "TWO_FACTOR_REQUIRED is off: no role has to use two-factor sign-in.",
            hint="Unset TWO_FACTOR_REQUIRED (it is on by default) outside local development.",
            id="learnloop.W002",
        )
    ]
