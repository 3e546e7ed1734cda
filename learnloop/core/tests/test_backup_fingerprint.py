"""manage.py backup_fingerprint: the same data prints the same text; a lost row or file shows."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command

from learnloop.testing.factories import EvidenceFactory, LearningPointFactory


def _fingerprint() -> dict[str, Any]:
    out = StringIO()
    call_command("backup_fingerprint", stdout=out)
    return json.loads(out.getvalue())


def test_the_same_data_gives_the_same_fingerprint(world: Any) -> None:
    EvidenceFactory(action__learning_point__partnership=world.partnership, file=ContentFile(b"minutes", name="m.txt"))
    first = _fingerprint()
    assert _fingerprint() == first
    assert first["rows"]["loop.Evidence"] == 1
    assert first["rows"]["accounts.Membership_subgroups"] >= 1  # many-to-many tables are counted too
    assert set(first["figures"]) == {"glen", "other"}
    assert first["figures"]["glen"]["loop_health"]["total"] == 1
    assert "indicators" in first["figures"]["glen"]


def test_a_new_row_changes_the_counts_and_the_figures(world: Any) -> None:
    before = _fingerprint()
    LearningPointFactory(partnership=world.partnership)
    after = _fingerprint()
    assert after["rows"]["loop.LearningPoint"] == before["rows"]["loop.LearningPoint"] + 1
    assert after["figures"]["glen"]["loop_health"]["total"] == before["figures"]["glen"]["loop_health"]["total"] + 1


def test_a_changed_or_lost_file_changes_the_fingerprint(world: Any) -> None:
    evidence = EvidenceFactory(
        action__learning_point__partnership=world.partnership, file=ContentFile(b"minutes", name="m.txt")
    )
    key = f"loop.Evidence.file:{evidence.pk}"
    before = _fingerprint()
    assert before["files"][key]["name"] == evidence.file.name
    assert len(before["files"][key]["sha256"]) == 64

    path = Path(settings.MEDIA_ROOT) / evidence.file.name
    path.write_bytes(b"minutes, altered")
    changed = _fingerprint()
    assert changed["files"][key]["sha256"] != before["files"][key]["sha256"]
    assert changed["rows"] == before["rows"]

    path.unlink()
    assert _fingerprint()["files"][key]["sha256"] == "missing"
