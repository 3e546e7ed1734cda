"""The demo partnership's minimum dataset: five years of a fictional extract, loaded through
the importer, with population figures. Idempotent: it adds only what is missing."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from learnloop.dataset import synthetic
from learnloop.dataset.importer import journey_import_create, journey_import_run
from learnloop.dataset.models import JourneyEvent, Population
from learnloop.dataset.services import population_save

DEMO_PREFIX = "DEMO"
START = dt.date(2021, 1, 1)
END = dt.date(2025, 12, 31)
# Fictional figures of the size of a mid-sized Scottish council area.
POPULATION = {2020: 24150, 2021: 24010, 2022: 23890, 2023: 23720, 2024: 23600, 2025: 23480}


def seed_dataset_demo(*, partnership: Any, say: Any) -> None:
    for year, children in POPULATION.items():
        if not Population.objects.filter(partnership=partnership, year=year).exists():
            population_save(partnership=partnership, year=year, children_0_15=children, source="Fictional (demo)")
    if JourneyEvent.objects.filter(partnership=partnership, record_id__startswith=f"{DEMO_PREFIX}-").exists():
        say("Minimum dataset: the demo extract is already loaded.")
        return
    data = synthetic.extract_csv(
        prefix=DEMO_PREFIX, start=START, end=END, children_per_year=420, seed=2026, late_from=dt.date(2025, 7, 1)
    )
    journey_import = journey_import_create(
        partnership=partnership, stream=io.BytesIO(data), filename="demo-child-journey-2021-2025.csv"
    )
    journey_import = journey_import_run(journey_import=journey_import, today=dt.date(2026, 1, 1))
    say(
        f"Minimum dataset: loaded {journey_import.rows_loaded} fictional events ({journey_import.get_status_display()})."
    )
