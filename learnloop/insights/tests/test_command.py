"""manage.py insights prints one finding a row, as CSV, read as a committee member would."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from learnloop.core import registry
from learnloop.insights.tests.helpers import AS_OF, lp, share


@pytest.fixture(autouse=True)
def _no_dataset_signals(monkeypatch):
    monkeypatch.setattr(registry, "INDICATOR_SIGNAL_PROVIDERS", [])


def test_the_command_prints_csv(world):
    point = lp(world, "Nobody acted", days_ago=100)
    share(world, point)
    secret = lp(world, "Confidential, nobody acted", days_ago=100, confidential=True)
    out = io.StringIO()
    call_command("insights", "--partnership", "glen", "--as-of", AS_OF.isoformat(), "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == ["kind", "theme", "subject", "since", "detail", "evidence"]
    assert [(r["kind"], r["evidence"]) for r in rows] == [("no_action", point.reference)]
    assert secret.reference not in out.getvalue()


def test_bad_arguments_say_which(world):
    with pytest.raises(CommandError, match="--partnership: there is no partnership"):
        call_command("insights", "--partnership", "nowhere")
    with pytest.raises(CommandError, match="--as-of"):
        call_command("insights", "--partnership", "glen", "--as-of", "31/03/2026")
