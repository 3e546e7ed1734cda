"""`{{ record.created_by|author:m }}`: who authored a record, as the partnership chose to show it."""

from __future__ import annotations

from typing import Any

from django import template

from learnloop.retention.authorship import author_label

register = template.Library()


@register.filter
def author(user: Any, partnership_or_member: Any) -> str:
    return author_label(user, partnership_or_member)


@register.filter
def retention_period(months: int) -> str:
    from learnloop.retention.registry import describe_months

    return describe_months(int(months))


@register.filter
def retention_action(action: str) -> str:
    from learnloop.retention.registry import ACTION_LABELS

    return {"delete": "deleted", "anonymise": "anonymised"}.get(action, ACTION_LABELS.get(action, action).lower())
