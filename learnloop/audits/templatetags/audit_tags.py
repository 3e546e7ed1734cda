"""Template filters for audit results."""

from __future__ import annotations

from django import template

from learnloop.audits.models import SCALE, AnswerType, Choice
from learnloop.core.text import mid_sentence

register = template.Library()


@register.filter
def label_for(key: str, answer_type: str) -> str:
    """'4' -> '4 good' on the six-point scale; 'na' -> 'Not applicable'."""
    if answer_type == AnswerType.SCALE:
        return f"{key} {mid_sentence(SCALE[int(key)][0])}"
    return dict(Choice.choices).get(key, key)


@register.filter
def age_band_label(value: str) -> str:
    """'5-10' -> '5 to 10'; an unknown band -> 'Not known'."""
    from learnloop.loop.models import AgeBand

    return dict(AgeBand.choices).get(value, "Not known")
