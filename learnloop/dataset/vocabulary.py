"""Each partnership's breakdown values (sex, disability, ethnicity, looked-after status) and the
texts its extracts use for them, mapped once by an analyst (docs/guide-dataset.md).

A breakdown value is matched ignoring case, spaces and punctuation; a text that is not listed is
a row problem that never repeats the text. The mapping page lists the unlisted texts found, but
only those that cannot be a child's identifier: none that is (keyed) a child id of the file it
came from, none with a digit, none longer than a label.
"""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet

from learnloop.accounts.models import Membership
from learnloop.core.scoping import require
from learnloop.dataset import extract
from learnloop.dataset.models import BreakdownMapping, BreakdownValue, JourneyImport, UnlistedValue
from learnloop.dataset.permissions import can_load_data
from learnloop.dataset.versions import data_changed
from learnloop.partnership.models import Partnership

MAX_UNLISTED = 200


def breakdown_values_seed(*, partnership: Partnership | int) -> int:
    """Give a partnership the default list (the extract's vocabularies and Scotland's census 2022
    ethnic groups); values it has already are left as they are. Returns how many were added."""
    partnership_id = partnership if isinstance(partnership, int) else partnership.pk
    have = set(BreakdownValue.objects.filter(partnership_id=partnership_id).values_list("dimension", "value"))
    new = [
        BreakdownValue(partnership_id=partnership_id, dimension=dimension, value=value, label=label, order=order)
        for dimension, pairs in extract.DEFAULT_BREAKDOWN_VALUES.items()
        for order, (value, label) in enumerate(pairs)
        if (dimension, value) not in have
    ]
    BreakdownValue.objects.bulk_create(new)
    return len(new)


def partnership_vocabulary(*, partnership: Partnership | int) -> extract.Vocabulary:
    """The partnership's listed values and mappings, ready to match an import's cells."""
    partnership_id = partnership if isinstance(partnership, int) else partnership.pk
    listed = list(
        BreakdownValue.objects.filter(partnership_id=partnership_id).values_list("dimension", "value", "label")
    )
    if not listed:
        breakdown_values_seed(partnership=partnership_id)
        listed = list(
            BreakdownValue.objects.filter(partnership_id=partnership_id).values_list("dimension", "value", "label")
        )
    mapped = list(
        BreakdownMapping.objects.filter(partnership_id=partnership_id).values_list("dimension", "key", "value__value")
    )
    return extract.Vocabulary.build(listed, mapped)


def may_be_listed(text: str, child_keys: Container[str]) -> bool:
    """Whether an unlisted text may be shown on the mapping page: it cannot be an identifier."""
    text = text.strip()
    return (
        bool(text)
        and len(text) <= extract.MAX_ETHNICITY
        and not any(c.isdigit() for c in text)
        and bool(extract.vocabulary_key(text))
        and extract.pseudonymise(text) not in child_keys
    )


def unlisted_values_record(
    *, journey_import: JourneyImport, vocabulary: extract.Vocabulary, child_keys: Container[str]
) -> int:
    """Keep the unlisted texts an import found (those that may be shown) for the mapping page."""
    partnership_id = journey_import.partnership_id
    found: dict[tuple[str, str], str] = {}
    for dimension, texts in vocabulary.unlisted.items():
        for text in sorted(texts):
            if may_be_listed(text, child_keys):
                found.setdefault((dimension, extract.vocabulary_key(text)), text.strip())
    if not found:
        return 0
    have = set(UnlistedValue.objects.filter(partnership_id=partnership_id).values_list("dimension", "key"))
    room = max(0, MAX_UNLISTED - len(have))
    new = [
        UnlistedValue(
            partnership_id=partnership_id, dimension=dimension, key=key, text=text, journey_import=journey_import
        )
        for (dimension, key), text in found.items()
        if (dimension, key) not in have
    ][:room]
    UnlistedValue.objects.bulk_create(new)
    return len(new)


# Reads ------------------------------------------------------------------------------------------


def unlisted_values(m: Membership) -> QuerySet[UnlistedValue]:
    require(can_load_data(m))
    return UnlistedValue.objects.filter(partnership_id=m.partnership_id)


def breakdown_values(m: Membership) -> QuerySet[BreakdownValue]:
    return BreakdownValue.objects.filter(partnership_id=m.partnership_id).annotate(mapped=Count("mappings"))


def breakdown_mappings(m: Membership) -> QuerySet[BreakdownMapping]:
    require(can_load_data(m))
    return BreakdownMapping.objects.filter(partnership_id=m.partnership_id).select_related("value")


# Writes -----------------------------------------------------------------------------------------


@transaction.atomic
def breakdown_mapping_save(
    *, m: Membership, unlisted: UnlistedValue, value: BreakdownValue, by: Any
) -> BreakdownMapping:
    """Map an unlisted text to a listed value of its breakdown, for this and every later import."""
    require(can_load_data(m))
    if unlisted.partnership_id != m.partnership_id or value.partnership_id != m.partnership_id:
        raise ValueError("The value and the text must be the partnership's own.")
    if value.dimension != unlisted.dimension:
        raise ValueError("A text is mapped to a value of its own breakdown.")
    mapping, _ = BreakdownMapping.objects.update_or_create(
        partnership_id=m.partnership_id,
        dimension=unlisted.dimension,
        key=unlisted.key,
        defaults={"value": value, "created_by": by},
    )
    unlisted.delete()
    data_changed(m.partnership_id)
    return mapping
