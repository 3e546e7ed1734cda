"""Summaries of what is shared, for pages that would otherwise list one row for every
partnership's copy of the same thing (the home page's shared themes: about twenty themes for
each of 32 partnerships)."""

from __future__ import annotations

from learnloop.national.selectors import shared_themes


def shared_themes_by_name() -> list[tuple[str, list[str]]]:
    """Each shared theme's name once, with the names of the partnerships that share it, both in
    alphabetical order. One query, reading only the two names."""
    grouped: dict[str, list[str]] = {}
    rows = shared_themes().select_related(None).order_by("name", "partnership__name")
    for name, partnership in rows.values_list("name", "partnership__name"):
        grouped.setdefault(name, []).append(partnership)
    return list(grouped.items())
