"""manage.py seed_demo: a fictional partnership with a whole learning loop, for demonstrations."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from learnloop.loop import demo


class Command(BaseCommand):
    help = (
        "Create the demo partnership (Glenmoray) and a small second one (Ardnish) with fictional people, "
        "learning, actions, sharing, embedding, impact and tracked children. Safe to run again: existing "
        "demo partnerships are left as they are and only the demo sign-ins are checked."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo's people are fictional: e-mails its records would trigger (a safety flag,
        # say) are not sent, nor printed over the sign-ins.
        with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
            result = demo.seed_demo(stdout=self.stdout)
        self.stdout.write(result)
