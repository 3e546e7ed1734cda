"""A synthetic (fictional) child-journey extract, for the demo and the benchmark.

Children follow plausible journeys: a concern, often an IRD, sometimes an investigation, an
initial CPPM, registration, reviews and deregistration, some re-registered. From `late_from`
on, initial CPPMs slip later after the IRD, so the 28-day indicator shows a real signal.
No real child is described: ids and dates come from a seeded random generator.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Iterator

from learnloop.dataset.extract import COLUMNS, CONCERNS

ETHNICITIES = [
    "White: Scottish",
    "White: Other British",
    "White: Polish",
    "Mixed or multiple ethnic groups",
    "Asian, Scottish Asian or British Asian: Other Asian",
    "African, Scottish African or British African",
    "not_known",
]


def journeys(
    *,
    prefix: str,
    start: dt.date,
    end: dt.date,
    children_per_year: int,
    seed: int = 1,
    late_from: dt.date | None = None,
) -> Iterator[list[str]]:
    """Rows (in COLUMNS order) for children whose first concern falls between start and end."""
    rng = random.Random(seed)  # noqa: S311 (fictional data, not security)
    days = (end - start).days
    children = int(children_per_year * days / 365.25)
    record = 0

    def row(child: str, event_type: str, day: dt.date, birth: str, sex: str, eth: str, **extra: str) -> list[str]:
        nonlocal record
        record += 1
        values = {
            "record_id": f"{prefix}-{record:07d}",
            "child_id": child,
            "event_type": event_type,
            "event_date": day.isoformat(),
            "birth_month": birth,
            "sex": sex,
            "disability": rng.choice(["no", "no", "no", "yes", "not_known"]),
            "ethnicity": eth,
            "looked_after": extra.pop("looked_after", "no"),
            "outcome": extra.pop("outcome", ""),
            "concerns": extra.pop("concerns", ""),
        }
        return [values[c] for c in COLUMNS]

    for n in range(children):
        child = f"{prefix}-C{n:06d}"
        day = start + dt.timedelta(days=rng.randrange(days))
        if rng.random() < 0.04:
            birth_day = day + dt.timedelta(days=rng.randrange(40, 200))  # unborn
        else:
            birth_day = day - dt.timedelta(days=rng.randrange(30, 17 * 365))
        birth = "" if rng.random() < 0.02 else f"{birth_day.year}-{birth_day.month:02d}"
        sex = rng.choice(["male", "female", "female", "male", "not_known"])
        eth = rng.choice(ETHNICITIES)
        events = [row(child, "concern", day, birth, sex, eth)]
        if rng.random() > 0.6:
            yield from (e for e in events if dt.date.fromisoformat(e[3]) <= end)
            continue
        ird = day + dt.timedelta(days=rng.randrange(0, 3))
        outcome = rng.choices(["investigation", "single_agency", "no_further_action"], [0.5, 0.3, 0.2])[0]
        events.append(row(child, "ird", ird, birth, sex, eth, outcome=outcome))
        if outcome == "investigation":
            inv = ird + dt.timedelta(days=rng.randrange(1, 7))
            events.append(row(child, "investigation", inv, birth, sex, eth))
            if rng.random() < 0.7:
                late = late_from is not None and ird >= late_from
                delay = (
                    rng.randrange(18, 45)
                    if late
                    else rng.choices([rng.randrange(10, 29), rng.randrange(29, 40)], [0.85, 0.15])[0]
                )
                cppm = ird + dt.timedelta(days=delay)
                registered = rng.random() < 0.75
                events.append(
                    row(
                        child,
                        "cppm_initial",
                        cppm,
                        birth,
                        sex,
                        eth,
                        outcome="registered" if registered else "not_registered",
                    )
                )
                if registered:
                    concerns = ";".join(rng.sample(CONCERNS, rng.randrange(1, 4)))
                    looked_after = "yes" if rng.random() < 0.12 else "no"
                    events.append(
                        row(child, "registration", cppm, birth, sex, eth, concerns=concerns, looked_after=looked_after)
                    )
                    length = rng.randrange(90, 520)
                    review = cppm + dt.timedelta(days=90)
                    while review < cppm + dt.timedelta(days=length):
                        events.append(row(child, "cppm_review", review, birth, sex, eth, outcome="remain_registered"))
                        events.append(row(child, "core_group", review - dt.timedelta(days=14), birth, sex, eth))
                        review += dt.timedelta(days=180)
                    dereg = cppm + dt.timedelta(days=length)
                    events.append(row(child, "deregistration", dereg, birth, sex, eth))
                    if rng.random() < 0.1:
                        again = dereg + dt.timedelta(days=rng.randrange(60, 700))
                        events.append(row(child, "registration", again, birth, sex, eth, concerns="neglect"))
        yield from (e for e in events if dt.date.fromisoformat(e[3]) <= end)


def extract_csv(**kwargs: object) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(journeys(**kwargs))  # type: ignore[arg-type]
    return out.getvalue().encode("utf-8")
