"""Template helpers for the minimum dataset's pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from learnloop.accounts.models import Membership
from learnloop.core.disclosure import NOTE
from learnloop.dataset.computation import SUPPRESSED
from learnloop.dataset.permissions import can_load_data

register = template.Library()


@register.filter
def may_load_data(m: Membership) -> bool:
    """Whether the member may load extracts (the "Load data" pages), as the views decide."""
    return can_load_data(m)


@register.filter
def any_suppressed(rows: Iterable[Any]) -> bool:
    """Whether a table's rows (dicts or figures) hold a suppressed cell."""
    for row in rows or ():
        status = row.get("status") if isinstance(row, dict) else getattr(row, "status", "")
        if status == SUPPRESSED:
            return True
    return False


@register.simple_tag
def disclosure_text() -> str:
    return NOTE


@register.simple_tag
def disclosure_note() -> SafeString:
    """The visible note beside a table with suppressed cells."""
    return SafeString(render_to_string("components/disclosure_note.html", {"note": NOTE}))
