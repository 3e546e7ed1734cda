from __future__ import annotations

from typing import Any

from django import template

from learnloop.voice.permissions import can_read_text

register = template.Library()


@register.filter
def readable_by(view: Any, membership: Any) -> bool:
    """Whether the member may read what was said in this view."""
    return can_read_text(membership, view)
