"""Small numbers in published text. A count of 1 to 4 children (or families, young people...)
written in words or figures is shown as [c] on the public page, whatever the item, so nothing
published can name a small number of children by accident."""

from __future__ import annotations

import re

from learnloop.core.disclosure import MARK

_COUNT = r"(?:[1-4]|one|two|three|four)"
_WHO = (
    r"(?:children|child|young people|young person|families|family|babies|baby|infants|pupils|"
    r"siblings|brothers|sisters|girls|boys|cases|parents|carers)"
)
SMALL_NUMBER = re.compile(rf"\b{_COUNT}(\s+(?:[a-z-]+\s+){{0,2}}{_WHO})\b", re.IGNORECASE)


def small_numbers_in(text: str) -> list[str]:
    return [m.group(0) for m in SMALL_NUMBER.finditer(text)]


def suppress_small_numbers(text: str) -> str:
    return SMALL_NUMBER.sub(lambda m: f"{MARK}{m.group(1)}", text)
