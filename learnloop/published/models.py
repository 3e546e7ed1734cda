"""The partnership's public learning page: off until the lead officer switches it on."""

from __future__ import annotations

from django.db import models

from learnloop.core.models import TimeStampedModel


class PublicPage(TimeStampedModel):
    partnership = models.OneToOneField("partnership.Partnership", on_delete=models.CASCADE, related_name="public_page")
    is_on = models.BooleanField(
        "Show the public learning page",
        default=False,
        help_text="Anyone with the link can read it, without signing in. When off, the link shows 'Page not found'.",
    )
    introduction = models.TextField(
        blank=True,
        help_text="A few sentences at the top of the page: who the partnership is and what it publishes.",
    )

    def __str__(self) -> str:
        return f"Public learning page of {self.partnership}"
