"""A tracked child's story as evidence of impact. The loop owns tracked children, so this kind is
registered here rather than by a source. It is a story, not a figure: it is shown, never counted
in the check. Its confidentiality is the tracked child's own (the child's agency and the lead
officer see the story; others see only that it exists and who may read it)."""

from __future__ import annotations

from typing import Any

from learnloop.core.registry import EvidenceKind, EvidenceReading
from learnloop.loop import selectors as loop_selectors


def options(m: Any) -> list[tuple[str, str]]:
    return [
        (str(child.pk), f"{child.label} ({child.get_age_band_display()}, {child.agency.name})")
        for child in loop_selectors.tracked_children_visible(m).select_related("agency").order_by("label")
    ]


def read(m: Any, ref: str, before: str, after: str, public: bool) -> EvidenceReading | None:
    if not ref.isdigit():
        return None
    child = loop_selectors.tracked_children_visible(m).select_related("agency").filter(pk=int(ref)).first()
    if child is None:
        return None
    if public or not loop_selectors.can_see_case_reference(m, child):
        return EvidenceReading(
            title=f"A tracked child's story, seen only by {child.agency.name} and the lead officer",
            hidden=True,
        )
    return EvidenceReading(
        title=f"{child.label}'s story ({child.get_age_band_display()})",
        reason="A child's story is shown as evidence; it is not a figure, so it is not counted in the check.",
        url=child.get_absolute_url(),
    )


TRACKED_CHILD_EVIDENCE = EvidenceKind(
    key="tracked_child",
    title="A tracked child's story",
    source_title="Tracked children",
    rule="A story, not a figure: it is shown beside the claim and does not count in the check.",
    options=options,
    read=read,
    order=90,
)
