"""The seeded tool, and versioning: a tool an audit has used is never changed under it."""

from __future__ import annotations

import pytest

from learnloop.audits import services
from learnloop.audits.models import Audit, AuditTool, ReadingAnswer
from learnloop.themes.models import Theme

from .conftest import default_answers


def test_seeded_tool_covers_the_five_tests_and_the_usual_evidence(world):
    tool = services.tools_seed(partnership=world.partnership)
    assert services.tools_seed(partnership=world.partnership) == tool  # idempotent
    assert AuditTool.objects.filter(partnership=world.partnership).count() == 1
    sections = list(tool.sections.values_list("title", flat=True))
    assert sections == [
        "Chronology",
        "Assessment of risk and need",
        "The child's plan",
        "The child's and family's views",
        "Information sharing",
        "Management oversight",
        "Outcomes for the child",
        "The five tests",
    ]
    tests = tool.questions.filter(section__title="The five tests", answer_type="scale")
    assert tests.count() == 5
    # Every theme code in the tool is one of the partnership's seeded themes.
    codes = set(Theme.objects.filter(partnership=world.partnership).values_list("code", flat=True))
    used = set(tool.questions.values_list("themes__code", flat=True)) - {None}
    assert used and used <= codes
    assert tool.questions.get(key="voice-child-views").themes.get().code == "voice_of_child"
    assert set(tool.questions.values_list("answer_type", flat=True)) == {"scale", "yes_no", "number", "text"}
    # Another partnership gets its own copy, with its own themes.
    other = services.tools_seed(partnership=world.other_partnership)
    assert other.pk != tool.pk
    assert other.questions.first().themes.first().partnership == world.other_partnership


def test_editing_an_unused_tool_changes_it_in_place(world):
    tool = services.tools_seed(partnership=world.partnership)
    q = services.question_save(
        tool=tool,
        key="plan-reviewed",
        section_number=3,
        text="Was the plan reviewed on time?",
        guidance="",
        answer_type="yes_no",
        themes=[],
        by=world.lead,
    )
    assert q.tool == tool and tool.version == 1
    assert AuditTool.objects.filter(partnership=world.partnership).count() == 1


def test_editing_a_tool_an_audit_used_makes_a_new_version(world, setup):
    old = setup.tool
    services.reading_save(reading=setup.sw1, answers=default_answers(setup.audit), submit=True, by=world.contributor)
    planned = services.audit_save(
        audit=Audit(
            partnership=world.partnership,
            title="Later",
            tool=old,
            lead=world.lead,
            sample_size=3,
            selection_criteria="x",
            planned_start=setup.audit.planned_start,
            due_date=setup.audit.due_date,
        ),
        agencies=[world.police],
    )
    new_q = services.question_save(
        tool=old,
        key="chronology-used",
        section_number=1,
        text="Is the chronology analysed?",
        guidance="New",
        answer_type="scale",
        themes=[],
        by=world.lead,
    )
    old.refresh_from_db()
    new = new_q.tool
    assert (old.version, old.is_current, new.version, new.is_current, new.previous) == (1, False, 2, True, old)
    assert old.questions.get(key="chronology-used").text.startswith("How well is the chronology used")
    assert new.questions.count() == old.questions.count()
    # The running audit keeps version 1 and its answers; the planned one moves to version 2.
    setup.audit.refresh_from_db()
    planned.refresh_from_db()
    assert setup.audit.tool == old and planned.tool == new
    assert ReadingAnswer.objects.filter(reading=setup.sw1, question__tool=old).count() == old.questions.count()
    # A second edit changes version 2 in place (no audit has started with it).
    services.question_save(
        tool=new,
        key=None,
        section_number=1,
        text="Was the chronology shared?",
        guidance="",
        answer_type="yes_no",
        themes=[],
        by=world.lead,
    )
    assert AuditTool.objects.filter(partnership=world.partnership).count() == 2
    # A replaced version cannot be edited.
    with pytest.raises(services.AuditError, match="replaced"):
        services.tool_version_for_editing(tool=old)
