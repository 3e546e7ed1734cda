"""Microsoft Forms keeps partial responses: one skipped rating, or an agency written under "Other",
keeps the rest of the response (its other scores) and says what was left out."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook

from learnloop.ingest import surveys
from learnloop.workforce import importers
from learnloop.workforce.models import Evaluation
from learnloop.workforce.tests.test_real_samples import FORMS_HEADINGS


def _workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(FORMS_HEADINGS)
    for number, *answers in rows:
        start = dt.datetime(2026, 3, 4, 15, number)
        sheet.append([number, start, start + dt.timedelta(minutes=4), "anonymous", None, *answers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_skipped_rating_and_an_other_agency_keep_the_response(world, training):
    data = _workbook(
        [
            [1, "Other: Housing Services", 2, 4, 1, 3, ""],  # an agency outside the list
            [2, "Education", 3, None, 2, 4, ""],  # "After" skipped for the first outcome
        ]
    )
    result = importers.import_evaluations(session=training.session, fmt=surveys.MS_FORMS, data=data, by=world.lead)
    assert not result.errors and result.created == 2
    assert any("“Other: Housing Services”" in note and "recorded as none" in note for note in result.skipped)
    assert any(note.startswith("Row 3: outcome 1 has only one of its two scores") for note in result.skipped)
    second = Evaluation.objects.get(source_key="2")
    assert second.agency == world.education
    assert second.scores.count() == 1  # the other outcome's scores were kept
