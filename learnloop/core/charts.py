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
