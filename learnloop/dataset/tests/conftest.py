from __future__ import annotations

import csv
import datetime as dt
import io

TODAY = dt.date(2026, 3, 1)
HEADER = [
    "record_id",
    "child_id",
    "event_type",
    "event_date",
    "birth_month",
    "sex",
    "outcome",
    "concerns",
    "looked_after",
]


def extract(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def load(partnership, data: bytes, *, accept_good_rows: bool = False, by=None):
    from learnloop.dataset.importer import journey_import_create, journey_import_run

    item = journey_import_create(
        partnership=partnership,
        stream=io.BytesIO(data),
        filename="extract.csv",
        accept_good_rows=accept_good_rows,
        by=by,
    )
    if not item.is_finished:
        item = journey_import_run(journey_import=item, today=TODAY)
    return item
