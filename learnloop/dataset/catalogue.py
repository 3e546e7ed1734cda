"""The indicator catalogue and national figures, seeded from the app's own data files.

`catalogue_seed` runs after every migrate (see apps.py) and is idempotent: it adds missing
indicators and refreshes names, units, questions and definitions from data/indicators.csv.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

CONCERN_WORDS = {
    "domestic_abuse": "domestic abuse",
    "neglect": "neglect",
    "parental_mental_health": "parental mental health",
    "parental_substance_use": "parental substance use",
    "emotional_abuse": "emotional abuse",
    "physical_abuse": "physical abuse",
    "sexual_abuse": "sexual abuse",
    "child_sexual_exploitation": "child sexual exploitation",
    "child_criminal_exploitation": "child criminal exploitation",
    "non_engagement": "non-engagement",
    "other": "other concerns",
}

DEFINITIONS = {
    "concerns": "The number of child protection concerns received in the period.",
    "irds": "The number of inter-agency referral discussions (IRDs) held in the period.",
    "ird_to_investigation_pct": (
        "Of the period's IRDs with an outcome recorded, the percentage whose outcome was a child "
        "protection investigation."
    ),
    "investigations": "The number of child protection investigations in the period.",
    "cppm_pre_birth": "The number of pre-birth child protection planning meetings in the period.",
    "cppm_initial": "The number of initial child protection planning meetings (CPPMs) in the period.",
    "cppm_review": "The number of review child protection planning meetings in the period.",
    "cppm_initial_within_28d_pct": (
        "Of the period's initial CPPMs for a child who had an IRD on or before the meeting, the "
        "percentage held at most 28 calendar days after the child's latest such IRD."
    ),
    "registrations": "The number of registrations on the child protection register in the period.",
    "deregistrations": "The number of deregistrations in the period.",
    "on_register_at_end": (
        "Children on the register on the last day of the period: the child's latest registration on or "
        "before that day has no deregistration after it and on or before that day."
    ),
    "reregistrations_18m": (
        "Registrations in the period of a child who was deregistered before the registration date and no "
        "more than 18 calendar months before it."
    ),
    "reregistration_18m_pct": "Re-registrations within 18 months as a percentage of the period's registrations.",
    "registration_length_median_days": (
        "For the period's deregistrations, the median number of days from the child's latest registration "
        "before the deregistration to the deregistration."
    ),
    "age_unborn_registrations": "Registrations of unborn babies (expected month of birth after the registration).",
    "age_0_4_registrations": "Registrations of children aged 0 to 4 (whole years from the first day of the birth month).",
    "age_5_10_registrations": "Registrations of children aged 5 to 10.",
    "age_11_15_registrations": "Registrations of children aged 11 to 15.",
    "age_16_plus_registrations": "Registrations of young people aged 16 and over.",
    "age_not_known_registrations": "Registrations with no month of birth recorded.",
    "looked_after_at_registration_pct": "The percentage of the period's registrations of children already looked after.",
    "registrations_per_1000": (
        "Registrations per 1,000 children aged 0 to 15 living in the partnership's area, using the "
        "population entered for the calendar year the period starts in."
    ),
}
for _code, _words in CONCERN_WORDS.items():
    DEFINITIONS[f"concern_{_code}_pct"] = (
        f"The percentage of the period's registrations with {_words} among the concerns identified."
    )

# Which national measure (national_benchmarks.csv) compares with which indicator.
BENCHMARK_INDICATOR = {
    "children_on_register": "on_register_at_end",
    "registrations": "registrations",
    "concern_domestic_abuse_pct": "concern_domestic_abuse_pct",
    "concern_neglect_pct": "concern_neglect_pct",
    "concern_parental_mental_health_pct": "concern_parental_mental_health_pct",
    "concern_parental_substance_use_pct": "concern_parental_substance_use_pct",
    "concern_emotional_abuse_pct": "concern_emotional_abuse_pct",
}


def section_for(code: str) -> str:
    if code.startswith("concern_"):
        return "concerns"
    if code.startswith("age_") or code in {"looked_after_at_registration_pct", "registrations_per_1000"}:
        return "age"
    if code in {
        "registrations",
        "deregistrations",
        "on_register_at_end",
        "reregistrations_18m",
        "reregistration_18m_pct",
        "registration_length_median_days",
    }:
        return "register"
    return "journey"


def catalogue_seed() -> int:
    """Add or refresh every indicator and national figure; returns the number of indicators."""
    from learnloop.dataset.models import Indicator, NationalBenchmark

    with open(DATA / "indicators.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for position, row in enumerate(rows, start=1):
        values = {
            "name": row["name"],
            "unit": row["unit"],
            "improvement": row["improvement"],
            "scrutiny_question": row["scrutiny_question"],
            "definition": DEFINITIONS.get(row["code"], ""),
            "section": section_for(row["code"]),
            "position": position,
        }
        indicator = Indicator.objects.filter(code=row["code"]).first()
        if indicator is None:
            Indicator.objects.create(code=row["code"], **values)
        elif any(getattr(indicator, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(indicator, key, value)
            indicator.save()
    by_code = {i.code: i for i in Indicator.objects.all()}
    with open(DATA / "national_benchmarks.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            NationalBenchmark.objects.update_or_create(
                measure=row["measure"],
                reference_date=dt.date.fromisoformat(row["reference_date"]),
                defaults={
                    "year": row["year"],
                    "value": Decimal(row["value"]),
                    "source": row["source"],
                    "indicator": by_code.get(BENCHMARK_INDICATOR.get(row["measure"], "")),
                },
            )
    return len(rows)
