"""Every read of the themes a user can trigger, scoped to what that member may see."""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet

from learnloop.accounts.models import Membership
from learnloop.themes.models import Theme


def theme_list(m: Membership) -> QuerySet[Theme]:
    """The partnership's themes, current first, each with `uses`: how many of the learning points
    the member may see carry it (a confidential record never shapes a count it should not)."""
    from learnloop.loop.selectors import learning_points_visible

    visible = learning_points_visible(m).values("pk")
    return (
        Theme.objects.filter(partnership=m.partnership)
        .annotate(uses=Count("learning_points", filter=Q(learning_points__in=visible), distinct=True))
        .order_by(F("retired_at").asc(nulls_first=True), "name")
    )
