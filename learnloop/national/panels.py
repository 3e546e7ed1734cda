"""The national view's panel on a partnership's learning point page: similar learning that other
partnerships have shared."""

from __future__ import annotations

from typing import Any

from learnloop.core.registry import HomePanel
from learnloop.national import search


def similar_learning_panel(m: Any, lp: Any) -> HomePanel | None:
    """Up to five shared items from other partnerships like this learning point, or nothing.

    Every active member of a partnership may read the national view (national/access.py), and
    only members reach a learning point's page, so no further check is needed here.
    """
    items = search.similar(lp)
    if not items:
        return None
    return HomePanel(template="national/_similar.html", context={"items": items}, order=50)
