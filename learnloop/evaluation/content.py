"""What a self-evaluation says, as plain data: the page, the Word document and the PDF are all
drawn from this, and an issued version stores it so that it never changes afterwards."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.accounts.roles import Role
from learnloop.evaluation import evidence, selectors
from learnloop.evaluation.models import Grade, SelfEvaluation

SCALE = [{"value": int(g.value), "label": str(g.label)} for g in Grade]


def committee_reader(partnership: Any) -> Membership:
    """A reader with a committee member's sight (nothing confidential, small numbers suppressed):
    what an issued version may hold, since committee members and inspectors read it."""
    return Membership(partnership=partnership, role=Role.COMMITTEE_MEMBER, agency=None, is_active=True)


def grade_label(grade: int | None) -> str:
    return str(Grade(grade).label) if grade else "Not graded"


def _evidence(reader: Membership, links: list[Any], *, suppressed: bool) -> tuple[list[dict[str, Any]], int]:
    seen = evidence.linked_records(reader, links)
    items = []
    for link, kind, record in seen:
        described = evidence.describe(kind, record, reader, suppressed=suppressed).as_dict()
        described["note"] = link.note
        described["origin"] = link.get_origin_display()
        items.append(described)
    return items, len(links) - len(seen)


def build(se: SelfEvaluation, reader: Membership, *, suppressed: bool | None = None) -> dict[str, Any]:
    """The self-evaluation as `reader` may see it, with last year's grades and evidence beside it."""
    from learnloop.evaluation.access import can_see_small_numbers

    if suppressed is None:
        suppressed = not can_see_small_numbers(reader)
    before = selectors.previous(se)
    before_by_code: dict[str, Any] = {}
    if before is not None:
        for judgement in selectors.judgements(before):
            found, _ = _evidence(reader, list(judgement.evidence.all()), suppressed=suppressed)
            before_by_code[judgement.item.code] = {
                "grade": judgement.grade,
                "grade_label": grade_label(judgement.grade),
                "evidence": [{k: e[k] for k in ("kind_label", "reference", "title")} for e in found],
            }
    items = []
    counts = {g["value"]: 0 for g in SCALE}
    for judgement in selectors.judgements(se):
        item = judgement.item
        found, hidden = _evidence(reader, list(judgement.evidence.all()), suppressed=suppressed)
        if judgement.grade:
            counts[judgement.grade] += 1
        items.append(
            {
                "code": item.code,
                "name": item.name,
                "kind": item.get_kind_display(),
                "domain": str(item.parent.name) if item.parent else "",
                "retired": item.is_retired,
                "grade": judgement.grade,
                "grade_label": grade_label(judgement.grade),
                "evaluation": judgement.evaluation,
                "evidence": found,
                "hidden_evidence": hidden,
                "previous": before_by_code.get(item.code),
            }
        )
    return {
        "title": f"Self-evaluation {se.year}",
        "partnership": se.partnership.name,
        "year": se.year,
        "previous_year": before.year if before is not None else None,
        "built_at": timezone.now().isoformat(),
        "suppressed": suppressed,
        "grade_counts": [{"label": g["label"], "count": counts[g["value"]]} for g in SCALE],
        "graded": sum(counts.values()),
        "items": items,
        "issue": None,
    }
