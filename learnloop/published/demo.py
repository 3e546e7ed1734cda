"""The demo partnership's public learning page: switched on, with its first shareable briefing."""

from __future__ import annotations

from typing import Any

from learnloop.published.briefings import shareable
from learnloop.published.models import PublicPage
from learnloop.published.services import PublishingError, public_page_update
from learnloop.published.text import small_numbers_in


def seed_public_page(*, partnership: Any, say: Any) -> None:
    if PublicPage.objects.filter(partnership=partnership).exists():
        return
    briefings = [b for b in shareable(partnership) if not small_numbers_in(" ".join(t for _, t in b.parts()))]
    try:
        public_page_update(
            partnership=partnership,
            is_on=True,
            introduction="The Child Protection Committee publishes what it learns from reviews, audits and "
            "children's views, and what it has changed as a result.",
            public_briefings=briefings[:1],
            by=None,
        )
    except PublishingError:
        return
    say("Switched on the demo's public learning page.")
