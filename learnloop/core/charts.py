"""Settings every server-rendered chart shares, so its text is readable where it is shown.

Charts are drawn at about their own width on a desktop page (wider ones are scaled down to fit),
so a font size here is close to the size read on screen: nothing below 14px.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.cache import cache

FONT = "Arial, sans-serif"
TEXT_PX = 14
TITLE_PX = 18
SVG_TIMEOUT = 30 * 24 * 60 * 60  # a drawing stays right for ever; a month keeps the cache small

READABLE: dict[str, Any] = {
    "font": FONT,
    "axis": {"labelFontSize": TEXT_PX, "titleFontSize": TEXT_PX, "labelColor": "#0b0c0c", "titleColor": "#0b0c0c"},
    "legend": {"labelFontSize": TEXT_PX, "titleFontSize": TEXT_PX, "labelColor": "#0b0c0c", "titleColor": "#0b0c0c"},
    "title": {"fontSize": TITLE_PX, "subtitleFontSize": TEXT_PX, "color": "#0b0c0c", "subtitleColor": "#0b0c0c"},
    "text": {"fontSize": TEXT_PX},
}


def readable(chart: Any, **more: dict[str, Any]) -> Any:
    """The Altair chart with the shared, readable text settings; `more` adds to a part of them,
    for example `legend={"orient": "bottom"}`."""
    config = {
        key: {**value, **more.get(key, {})} if isinstance(value, dict) else value for key, value in READABLE.items()
    }
    config.update({key: value for key, value in more.items() if key not in READABLE})
    return chart.configure(**config)


def svg(spec: dict[str, Any] | None) -> str:
    """The Vega-Lite specification drawn as SVG, drawn once for any one specification.

    Kept in the shared cache under a digest of the whole specification (its data included), so
    a drawing is only ever reused for exactly the same chart: one reader's chart can never be
    served for another's that shows different figures, and no change of data needs to clear it.
    """
    if not spec:
        return ""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), default=str)
    key = "chart:svg:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    drawn = cache.get(key)
    if drawn is None:
        import vl_convert

        drawn = vl_convert.vegalite_to_svg(spec)
        cache.set(key, drawn, timeout=SVG_TIMEOUT)
    return drawn
