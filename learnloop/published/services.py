"""Every write to the public page's settings. The audit log records each (model signals)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from learnloop.loop.models import SevenMinuteBriefing
from learnloop.published.briefings import shareable
from learnloop.published.models import PublicPage
from learnloop.published.text import small_numbers_in


class PublishingError(Exception):
    """A rule was broken; the message says which, for the page."""


def public_page_for(partnership: Any) -> PublicPage:
    page = PublicPage.objects.filter(partnership=partnership).first()
    return page or PublicPage(partnership=partnership)


@transaction.atomic
def public_page_update(
    *, partnership: Any, is_on: bool, introduction: str, public_briefings: Iterable[SevenMinuteBriefing], by: Any
) -> PublicPage:
    """Switch the page on or off, set its introduction, and choose which briefings it shows.
    Only briefings whose learning is not confidential may be chosen, and none that names a
    small number of children (the text must say "fewer than 5" instead)."""
    chosen = {b.pk for b in public_briefings}
    allowed = {b.pk: b for b in shareable(partnership)}
    if chosen - set(allowed):
        raise PublishingError("Only 7-minute briefings about learning that is not confidential can be made public.")
    for pk in sorted(chosen):
        found = small_numbers_in(" ".join(text for _, text in allowed[pk].parts()))
        if found:
            raise PublishingError(
                f"“{allowed[pk].dissemination.title}” names a small number ({found[0]}). "
                "Edit the briefing to say “fewer than 5” before making it public."
            )
    page = public_page_for(partnership)
    if page.pk is None:
        page.created_by = by
    page.is_on, page.introduction = is_on, introduction.strip()
    page.save()
    for briefing in allowed.values():
        should = briefing.pk in chosen
        if briefing.is_public != should:
            briefing.is_public = should
            briefing.save(update_fields=["is_public", "updated_at"])
    return page
