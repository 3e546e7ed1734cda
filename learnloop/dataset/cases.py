"""The timeliness list as a case source for audits (core.registry.CaseSource).

An audit samples children whose initial CPPM was more than 28 days after the IRD. Children are
known here only by their keyed hash; `key_for` hashes a local case reference exactly as the
importer hashes `child_id` (stripped, then extract.pseudonymise), so the audit app can check
that a typed reference is the child on a row.
"""

from __future__ import annotations

from learnloop.accounts.models import Membership
from learnloop.core.registry import CaseCandidate, CaseSource
from learnloop.dataset import extract, selectors

KEY = "dataset-late-cppm"
TITLE = "Minimum dataset: initial CPPMs more than 28 days after the IRD"
# The dataset's age bands (at the CPPM) as learnloop.loop.models.AgeBand values, where they match.
AGE_BANDS = {"unborn": "unborn", "5_10": "5-10", "11_15": "11-15"}


def candidates(m: Membership, period: str) -> list[CaseCandidate]:
    """The late initial CPPMs of a quarter (the latest quarter with any when period is "")."""
    period = (period or "").strip()
    late = selectors.timeliness(m)
    if not period:
        period = max((item.period for item in late), default="")
    return [
        CaseCandidate(
            key=item.child_key,
            period=item.period,
            reason=f"Initial CPPM {item.days} days after the IRD",
            age_band=AGE_BANDS.get(item.age_band, ""),
            date=item.cppm_date,
        )
        for item in late
        if item.period == period
    ]


def periods(m: Membership) -> list[str]:
    return sorted({item.period for item in selectors.timeliness(m)}, reverse=True)


def key_for(reference: str) -> str:
    return extract.pseudonymise(reference.strip())


CASE_SOURCE = CaseSource(key=KEY, title=TITLE, candidates=candidates, periods=periods, key_for=key_for)
