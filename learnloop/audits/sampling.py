"""Picking an audit's cases from a case source (for example the minimum dataset's timeliness list).

The audit app never imports the app that owns a list: sources register themselves in
`learnloop.core.registry` and are found here by key. A source knows children only by their
pseudonymised key, so the person sampling types each picked row's local case reference and the
reference is checked against the row (`source.key_for(reference) == candidate.key`) before
anything is added. Either every picked row is added or none is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404

from learnloop.accounts.models import Membership
from learnloop.audits.models import Audit, AuditCase
from learnloop.audits.services import AuditError, case_add, reference_hash
from learnloop.core.registry import CaseCandidate, CaseSource, case_sources
from learnloop.core.text import mid_sentence
from learnloop.loop.models import AgeBand
from learnloop.partnership.models import Agency

NOT_THIS_CHILD = "This reference is not the child on this row of the list"


class PicksInvalid(AuditError):
    """Some picked rows cannot be added: `errors` maps a row number to what is wrong."""

    def __init__(self, errors: dict[int, str]) -> None:
        self.errors = errors
        n = len(errors)
        super().__init__(f"{n} row{'s' if n != 1 else ''} could not be added, so no case was added.")


@dataclass(frozen=True)
class Pick:
    row: int  # the row's number in the list as shown, from 1
    candidate: CaseCandidate
    reference: str  # the local case reference the user typed
    age_band: str = ""  # chosen by the user where the list does not know it


def sample_can_change(audit: Audit) -> bool:
    return audit.status in {Audit.Status.PLANNED, Audit.Status.RUNNING}


def source_get(key: str) -> CaseSource:
    source = next((s for s in case_sources() if s.key == key), None)
    if source is None:
        raise Http404("No such case list.")
    return source


def known_age_band(candidate: CaseCandidate) -> str:
    return candidate.age_band if candidate.age_band in AgeBand.values else ""


def sampled_keys(audit: Audit, source: CaseSource) -> set[str]:
    """The source keys of this list's children already in the sample (one query)."""
    return set(
        AuditCase.objects.filter(audit=audit, source_key=source.key)
        .exclude(source_case_key="")
        .values_list("source_case_key", flat=True)
    )


def candidate_rows(m: Membership, source: CaseSource, period: str) -> list[CaseCandidate]:
    return list(source.candidates(m, period))


@transaction.atomic
def cases_add_from_source(
    *,
    audit: Audit,
    source: CaseSource,
    period: str,
    picks: list[Pick],
    agency: Agency | None = None,
    by: Any = None,
) -> list[AuditCase]:
    """Add every picked row to the sample, or none: each reference must be the child on its row."""
    if not sample_can_change(audit):
        raise AuditError(f"The audit is {mid_sentence(audit.get_status_display())}; cases can no longer be picked.")
    if not picks:
        raise AuditError("Tick at least one row to add to the sample.")
    Audit.objects.select_for_update().filter(pk=audit.pk).first()
    existing_hashes = set(AuditCase.objects.filter(audit=audit).values_list("reference_hash", flat=True))
    existing_keys = sampled_keys(audit, source)
    errors: dict[int, str] = {}
    seen_hashes: dict[str, int] = {}
    seen_keys: dict[str, int] = {}
    for pick in picks:
        reference = pick.reference.strip()
        age_band = known_age_band(pick.candidate) or pick.age_band
        if not reference:
            errors[pick.row] = "Enter the local case reference"
        elif len(reference) > 60:
            errors[pick.row] = "The local case reference must be 60 characters or fewer"
        elif source.key_for(reference) != pick.candidate.key:
            errors[pick.row] = NOT_THIS_CHILD
        elif pick.candidate.key in existing_keys or reference_hash(audit.partnership_id, reference) in existing_hashes:
            errors[pick.row] = "This case is already in the audit's sample"
        elif pick.candidate.key in seen_keys or reference_hash(audit.partnership_id, reference) in seen_hashes:
            first = seen_keys.get(pick.candidate.key) or seen_hashes[reference_hash(audit.partnership_id, reference)]
            errors[pick.row] = f"This is the same child as row {first}"
        elif age_band not in AgeBand.values:
            errors[pick.row] = "Choose an age band"
        if pick.row not in errors:
            seen_keys[pick.candidate.key] = pick.row
            seen_hashes[reference_hash(audit.partnership_id, reference)] = pick.row
    if errors:
        raise PicksInvalid(errors)
    cases = []
    for pick in picks:
        cases.append(
            case_add(
                audit=audit,
                local_case_reference=pick.reference,
                age_band=known_age_band(pick.candidate) or pick.age_band,
                why_selected=pick.candidate.reason,
                agency=agency,
                source={
                    "key": source.key,
                    "title": source.title,
                    "period": pick.candidate.period or period,
                    "case_key": pick.candidate.key,
                },
                by=by,
            )
        )
    return cases
