"""Every write of a claim's verdict and evidence. The audit log records each (model signals)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from learnloop.core.registry import EVIDENCE_KINDS
from learnloop.impact.models import Claim, EvidenceItem, Verdict
from learnloop.loop.models import Impact


class ImpactError(Exception):
    """A rule was broken; the message says which, in words for the page."""


@transaction.atomic
def claim_set_verdict(*, impact: Impact, verdict: str, by: Any = None) -> Claim:
    if verdict not in Verdict.values:
        raise ImpactError("Choose whether things improved, did not change, got worse or it is too early to tell.")
    claim = Claim.objects.filter(impact=impact).first()
    if claim is None:
        return Claim.objects.create(partnership_id=impact.partnership_id, impact=impact, verdict=verdict, created_by=by)
    if claim.verdict != verdict:
        claim.verdict = verdict
        claim.save()
    return claim


@transaction.atomic
def evidence_add(
    *,
    impact: Impact,
    kind: str,
    ref: str,
    before: str = "",
    after: str = "",
    options: list[str],
    periods: list[str] | None,
    by: Any = None,
) -> EvidenceItem:
    """Link a record; `options` and `periods` are what the member was offered (so nothing else
    can be linked). Periods, where the kind has them, must be in order: before, then after."""
    if kind not in EVIDENCE_KINDS:
        raise ImpactError("Choose a kind of evidence.")
    if ref not in options:
        raise ImpactError("Choose the record to link, from the list.")
    if periods is not None:
        if before not in periods or after not in periods:
            raise ImpactError("Choose a period before and a period after, from the lists.")
        if periods.index(after) <= periods.index(before):
            raise ImpactError("The period after must be later than the period before.")
    else:
        before = after = ""
    item, created = EvidenceItem.objects.get_or_create(
        partnership_id=impact.partnership_id,
        impact=impact,
        kind=kind,
        ref=ref,
        before=before,
        after=after,
        defaults={"created_by": by},
    )
    if not created:
        raise ImpactError("That evidence is already linked.")
    return item


@transaction.atomic
def evidence_remove(*, item: EvidenceItem, by: Any = None) -> None:
    item.delete()
