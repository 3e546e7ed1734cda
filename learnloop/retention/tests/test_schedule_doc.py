"""The code's defaults are the table in docs/retention.md, kind for kind."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from learnloop.retention import registry


def _doc_table() -> dict[str, tuple[int, str]]:
    text = (Path(settings.BASE_DIR) / "docs" / "retention.md").read_text()
    section = text.split("## The default schedule", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, tuple[int, str]] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 6 or cells[0] in {"Key", ""} or set(cells[0]) <= {"-"}:
            continue
        assert cells[0] not in rows, f"{cells[0]} is in the table twice"
        rows[cells[0]] = (int(cells[3]), cells[4])
    return rows


def test_every_kind_and_its_default_is_in_the_doc_table():
    table = _doc_table()
    code = {kind.key: (kind.default_months, kind.default_action) for kind in registry.kinds()}
    assert table == code


def test_every_kind_has_a_reason_in_the_doc():
    text = (Path(settings.BASE_DIR) / "docs" / "retention.md").read_text()
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0] in {kind.key for kind in registry.kinds()}:
            assert len(cells[5]) > 40, f"{cells[0]} needs a reason"


def test_the_brief_s_kinds_are_covered():
    keys = {kind.key for kind in registry.kinds()}
    assert {
        "tracked_children",
        "audit_cases",
        "dataset_events",
        "dataset_work_files",
        "voice_views",
        "workforce_evaluations",
        "action_evidence",
        "embedding_files",
        "notifications",
        "sign_in_records",
        "staged_uploads",
        "audit_log",
    } <= keys


def test_months_before_matches_months_after_at_month_ends():
    import datetime as dt

    assert registry.months_before(dt.date(2026, 2, 28), 1) == dt.date(2026, 1, 31)
    assert registry.months_after(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert registry.months_before(dt.date(2026, 2, 27), 1) == dt.date(2026, 1, 27)
    assert registry.months_before(dt.date(2030, 6, 15), 72) == dt.date(2024, 6, 15)
    day = dt.date(2024, 1, 1)
    while day < dt.date(2025, 1, 1):
        for months in (1, 12, 36, 72):
            due_on = registry.months_after(day, months)
            assert day <= registry.months_before(due_on, months), (day, months)
            assert day > registry.months_before(due_on - dt.timedelta(days=1), months), (day, months)
        day += dt.timedelta(days=1)
