"""How the author of a record is shown: their name, or, once they have left a partnership that
chose it, their role and agency ("Agency lead, Police").

Every page that says who recorded, decided, read or submitted something goes through
`author_label` (the `author` template filter), so the choice is applied everywhere at once.
Nothing is deleted: the person, their membership and their sign-in history in the audit log
stay; only the display changes.
"""

from __future__ import annotations

from typing import Any

from learnloop.accounts.roles import Role

_CACHE = "_former_member_labels"


def role_label(role: str, agency_name: str | None) -> str:
    label = str(Role(role).label) if role in Role.values else "Former member"
    return f"{label}, {agency_name}" if agency_name else label


def former_member_labels(partnership: Any) -> dict[int, str]:
    """{user id: "Role, Agency"} for the partnership's former members, if it shows them so.

    Kept on the partnership object, so a page asks the database once (one query) however many
    authors it shows.
    """
    cached = getattr(partnership, _CACHE, None)
    if cached is not None:
        return cached
    from django.db.models import Exists

    from learnloop.accounts.models import Membership
    from learnloop.retention.models import RetentionSettings

    names_kept = RetentionSettings.objects.filter(partnership=partnership, former_members_shown_by_role=False)
    rows = (
        Membership.objects.filter(partnership=partnership, is_active=False)
        .exclude(Exists(names_kept))
        .values_list("user_id", "role", "agency__name")
    )
    labels = {user_id: role_label(role, agency) for user_id, role, agency in rows}
    setattr(partnership, _CACHE, labels)
    return labels


def forget(partnership: Any) -> None:
    """Drop the kept labels (after a membership or the setting changed)."""
    if hasattr(partnership, _CACHE):
        delattr(partnership, _CACHE)


def author_label(user: Any, partnership_or_member: Any) -> str:
    """The words for who authored something: "" when nobody did."""
    partnership = getattr(partnership_or_member, "partnership", partnership_or_member)
    labels: dict[int, str] = {}
    if partnership is not None and getattr(partnership, "pk", None) is not None:
        # Loaded even when this record has no author, so a page costs the same one query
        # whoever wrote its rows.
        labels = former_member_labels(partnership)
    if user is None or user == "":
        return ""
    label = labels.get(getattr(user, "pk", None))
    if label:
        return label
    return getattr(user, "full_name", "") or getattr(user, "email", "") or str(user)
