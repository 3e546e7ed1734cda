"""Template helpers for the minimum dataset's pages."""

from __future__ import annotations

from django import template

from learnloop.accounts.models import Membership
from learnloop.dataset.permissions import can_load_data

register = template.Library()


@register.filter
def may_load_data(m: Membership) -> bool:
    """Whether the member may load extracts (the "Load data" pages), as the views decide."""
    return can_load_data(m)
