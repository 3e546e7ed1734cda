"""Reads for the public page (no sign-in) and its settings."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from learnloop.core.registry import PublicItem, public_items
from learnloop.partnership.models import Partnership
from learnloop.published.models import PublicPage
from learnloop.published.text import suppress_small_numbers


@dataclass
class Section:
    title: str
    items: list[PublicItem]


def public_page_get(slug: str) -> PublicPage:
    """The page, only when it is switched on: otherwise a 404 (as for a partnership that does not exist)."""
    page = PublicPage.objects.select_related("partnership").filter(partnership__slug=slug, is_on=True).first()
    if page is None:
        raise Http404("No such page.")
    return page


def public_sections(partnership: Partnership) -> list[Section]:
    sections: dict[str, list[PublicItem]] = {}
    for item in public_items(partnership):
        safe = PublicItem(
            section=item.section,
            title=suppress_small_numbers(item.title),
            date=item.date,
            body=suppress_small_numbers(item.body),
            url=item.url,
            key=item.key,
            order=item.order,
        )
        sections.setdefault(item.section, []).append(safe)
    return [Section(title, items) for title, items in sections.items()]


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
