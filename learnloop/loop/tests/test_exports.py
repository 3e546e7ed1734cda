"""CSV and Excel downloads contain exactly what the user may see, neutralised and audited."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from learnloop.core.models import AuditEntry
from learnloop.testing.factories import LearningPointFactory


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("name", ["learning_points", "actions", "disseminations", "embeddings", "impacts"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_list_exports_and_is_audited(client, world, records, name, fmt):
    client.force_login(world.viewer)
    response = client.get(reverse(f"loop:{name}", args=["glen"]), {"export": fmt})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet.max_row >= 2
    else:
        assert len(_csv(response)) >= 2
    entry = AuditEntry.objects.get(event="export")
    assert entry.user == world.viewer and entry.partnership == world.partnership
    client.force_login(world.outsider)
    assert client.get(reverse(f"loop:{name}", args=["glen"]), {"export": fmt}).status_code == 404


def test_export_holds_only_what_the_user_may_see_and_respects_filters(client, world, records):
    client.force_login(world.police_lead)
    rows = _csv(client.get(reverse("loop:learning_points", args=["glen"]), {"export": "csv"}))
    titles = {row[1] for row in rows[1:]}
    assert records.lp.title in titles
    assert records.confidential.title not in titles
    client.force_login(world.education_lead)
    rows = _csv(client.get(reverse("loop:learning_points", args=["glen"]), {"export": "csv"}))
    assert records.confidential.title in {row[1] for row in rows[1:]}
    rows = _csv(client.get(reverse("loop:learning_points", args=["glen"]), {"export": "csv", "loop": "no_action"}))
    assert {row[1] for row in rows[1:]} == {records.confidential.title}


def test_formula_cells_are_neutralised(client, world):
    LearningPointFactory(partnership=world.partnership, title='=HYPERLINK("http://evil.test","click")')
    LearningPointFactory(partnership=world.partnership, title="+44 1234 cmd|' /C calc'!A0")
    client.force_login(world.lead)
    rows = _csv(client.get(reverse("loop:learning_points", args=["glen"]), {"export": "csv"}))
    titles = sorted(row[1] for row in rows[1:])
    assert titles == ["'+44 1234 cmd|' /C calc'!A0", '\'=HYPERLINK("http://evil.test","click")']
    response = client.get(reverse("loop:learning_points", args=["glen"]), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = sorted(sheet.cell(row=r, column=2).value for r in range(2, sheet.max_row + 1))
    assert all(v.startswith("'") for v in values)
    assert sheet.cell(row=2, column=2).data_type == "s"


def test_action_export_has_the_computed_rag(client, world, records):
    client.force_login(world.lead)
    rows = _csv(client.get(reverse("loop:actions", args=["glen"]), {"export": "csv", "rag": "red"}))
    assert rows[0][:2] == ["Reference", "What will be done"]
    assert [(row[0], row[8]) for row in rows[1:]] == [(records.edu_action.reference, "Red")]
