"""Settings every server-rendered chart shares, so its text is readable where it is shown.

Charts are drawn at about their own width on a desktop page (wider ones are scaled down to fit),
so a font size here is close to the size read on screen: nothing below 14px.
"""

from __future__ import annotations

from typing import Any

FONT = "Arial, sans-serif"
TEXT_PX = 14
TITLE_PX = 18

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


def cached_svg(spec: dict[str, Any]) -> str:
    """A Vega-Lite spec drawn as SVG once per change of its data: keyed by the spec's own hash in
    Django's cache, so any process that draws the same figures draws the same picture."""
    import hashlib
    import json

    from django.core.cache import cache

    key = "chart-svg:" + hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        import vl_convert

        svg = vl_convert.vegalite_to_svg(spec)
        cache.set(key, svg, 60 * 60 * 24)
    return svg
