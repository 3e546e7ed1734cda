"""Statistical disclosure control: the partnership's rule for small numbers of children.

A count of 1 to 4 children is not shown to anyone without a need to see it, and neither is any
figure from which such a count could be worked out: a percentage whose numerator or
denominator is 1 to 4, or whose numerator is within 1 to 4 of its denominator, or the last
unsuppressed cell of a group whose total is shown (total minus the other cells).

A suppressed cell is shown as `MARK` with `NOTE` beside the table (the Government Statistical
Service's "[c]" for confidential). A true zero is not disclosive and stays 0; "No data" and "No
value" stay as they are. The rule knows nothing about where the cells come from: sources build
their tables as cells keyed however they like, with the groups that add up to a shown total.
See docs/adr/ (statistical disclosure control) and docs/guide-dataset.md.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

MARK = "[c]"
NOTE = "[c] fewer than 5 children, or a figure from which such a number could be worked out, is not shown."
SMALLEST, LARGEST = 1, 4  # the counts that are suppressed


def is_small(count: int | float | None) -> bool:
    """A count of 1 to 4 (0 and "no data" are not small)."""
    return count is not None and SMALLEST <= count <= LARGEST


def percent_disclosive(numerator: int | None, denominator: int | None) -> bool:
    """Whether a share would reveal a small count: its numerator or denominator is 1 to 4, or the
    numerator is within 1 to 4 of the denominator (so the ones not counted are few)."""
    if numerator is None or denominator is None:
        return False
    return is_small(numerator) or is_small(denominator) or is_small(denominator - numerator)


@dataclass(frozen=True)
class Group:
    """Cells that add up to a total that is shown (or could be shown) elsewhere.

    `total` is the key of the total's own cell when it is in the table; None when the total is
    shown somewhere else and can never be suppressed here (then a second cell is always chosen).
    """

    members: tuple[Hashable, ...]
    total: Hashable | None = None


def suppress[K: Hashable](
    sizes: Mapping[K, int | float | None], *, primary: Iterable[K] = (), groups: Iterable[Group] = ()
) -> set[K]:
    """The keys of the cells to suppress.

    `sizes` gives each cell's count (the numbers that add up within a group; None for a cell
    with no data, which is never suppressed or chosen). Primary suppression: every cell whose size
    is 1 to 4, and the `primary` keys (cells found disclosive otherwise, such as a percentage).
    Secondary suppression, repeated until nothing changes: in a group where exactly one of the
    members and the total is suppressed, it could be worked out from the others, so the smallest
    non-zero member left is suppressed too (or, when none is left, the total).
    """
    hidden: set[K] = {k for k, n in sizes.items() if is_small(n)}
    hidden |= {k for k in primary if k in sizes}
    groups = list(groups)
    changed = True
    while changed:
        changed = False
        for group in groups:
            cells = [k for k in group.members if k in sizes]
            if group.total is not None and group.total in sizes:
                cells.append(group.total)  # type: ignore[arg-type]
            if sum(1 for k in cells if k in hidden) != 1:
                continue
            candidates = [k for k in group.members if k in sizes and k not in hidden and sizes[k] not in (None, 0)]
            if candidates:
                hidden.add(min(candidates, key=lambda k: (sizes[k], str(k))))  # type: ignore[type-var]
                changed = True
            elif group.total is not None and group.total in sizes and group.total not in hidden:
                hidden.add(group.total)  # type: ignore[arg-type]
                changed = True
    return hidden
