"""Scoring, aggregation, moderation and re-audit comparison, against figures worked out by hand."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from learnloop.audits import selectors, services
from learnloop.audits.models import AnswerType, Audit, ModeratedAnswer
from learnloop.audits.results import Distribution, distribution
from learnloop.audits.services import AnswerData

from .conftest import complete, default_answers, question

A = AnswerData


def test_distribution_of_grades_and_share_good_or_better():
    # Grades 6, 4, 4, 3, 1: n = 5; good or better (4+) = 3; share 3/5 = 0.6; mean 18/5 = 3.6.
    d = distribution(AnswerType.SCALE, [SimpleNamespace(grade=g, choice="", number=None) for g in (6, 4, 4, 3, 1)])
    assert d.n == 5 and d.positive == 3 and d.share == pytest.approx(0.6) and d.mean == pytest.approx(3.6)
    assert d.ordered() == [("6", 1), ("5", 0), ("4", 2), ("3", 1), ("2", 0), ("1", 1)]


def test_yes_partly_no_leaves_out_not_applicable():
    # yes, yes, partly, no, n/a: n = 4 (n/a left out); yes = 2; share 2/4 = 0.5.
    answers = [SimpleNamespace(grade=None, choice=c, number=None) for c in ("yes", "yes", "partly", "no", "na")]
    d = distribution(AnswerType.YES_NO, answers)
    assert (d.n, d.positive, d.share) == (4, 2, 0.5)


def test_no_answers_has_no_share():
    assert Distribution(AnswerType.SCALE).share is None


SCENARIO = {
    "sw1": {
        "chronology-used": A(grade=4, comment="Chronology lists events but is not analysed."),
        "chronology-in-place": A(choice="yes"),
        "voice-child-views": A(grade=3),
        "outcomes-meetings": A(number=Decimal(5)),
    },
    "edu1": {
        "chronology-used": A(grade=3),
        "chronology-in-place": A(choice="partly"),
        "voice-child-views": A(grade=3),
    },
    "sw2": {
        "chronology-used": A(grade=2),
        "chronology-in-place": A(choice="na"),
        "voice-child-views": A(grade=2),
    },
    "mod1": {"chronology-used": A(grade=4), "chronology-in-place": A(choice="yes"), "voice-child-views": A(grade=3)},
    "mod2": {"chronology-used": A(grade=2), "chronology-in-place": A(choice="na"), "voice-child-views": A(grade=2)},
}


def _result(results, key):
    return next(q for q in results.questions() if q.question.key == key)


def test_results_by_question_section_and_agency(world, setup):
    audit = complete(setup, world, SCENARIO)
    m = world.membership(world.lead)
    results = selectors.audit_results(m, audit)
    sw, edu = world.social_work.pk, world.education.pk
    assert [a.name for a in results.agencies] == ["Education", "Social Work"]
    assert (results.cases, results.moderated_cases, results.submitted_readings) == (2, 2, 3)

    # Chronology used: moderated 4 and 2 -> 1 of 2 good or better = 50%.
    # Social Work readers 4, 2 -> 1 of 2; Education reader 3 -> 0 of 1.
    used = _result(results, "chronology-used")
    assert (used.overall.positive, used.overall.n, used.overall.share) == (1, 2, 0.5)
    assert used.overall.mean == 3.0
    assert (used.by_agency[sw].positive, used.by_agency[sw].n) == (1, 2)
    assert (used.by_agency[edu].positive, used.by_agency[edu].n, used.by_agency[edu].share) == (0, 1, 0.0)

    # Chronology in place: moderated yes and n/a -> 1 of 1 yes (n/a left out) = 100%.
    # Social Work: yes, n/a -> 1 of 1. Education: partly -> 0 of 1.
    in_place = _result(results, "chronology-in-place")
    assert (in_place.overall.positive, in_place.overall.n) == (1, 1)
    assert (in_place.by_agency[edu].positive, in_place.by_agency[edu].n) == (0, 1)

    # Section 1 pools its six-point questions only (chronology used): 1 of 2.
    chronology = results.sections[0]
    assert chronology.section.title == "Chronology"
    assert (chronology.overall.positive, chronology.overall.n) == (1, 2)
    # Section 2 (assessment): two six-point questions x 2 cases, all 4 -> 4 of 4.
    assert (results.sections[1].overall.positive, results.sections[1].overall.n) == (4, 4)

    # Meetings (a number): Social Work 5 and 3 -> mean 4; Education 3; moderated 3 and 3 -> 3.
    meetings = _result(results, "outcomes-meetings")
    assert meetings.by_agency[sw].mean == 4.0 and meetings.by_agency[edu].mean == 3.0
    assert meetings.overall.mean == 3.0 and meetings.overall.share is None

    # Strengths: 75%+ good or better; areas for improvement: under 50%.
    # The child's views: moderated 3 and 2 -> 0 of 2 -> an area for improvement.
    assert [q.question.key for q in results.areas_for_improvement] == ["voice-child-views"]
    strengths = [q.question.key for q in results.strengths]
    assert "chronology-in-place" in strengths and "chronology-used" not in strengths

    # Comments grouped by the question's themes; a question with two themes appears under both.
    themes = dict(results.comments_by_theme)
    assert [c.text for c in themes["Chronologies"]] == ["Chronology lists events but is not analysed."]
    assert [c.agency for c in themes["Neglect and cumulative harm"]] == ["Social Work"]
    assert len(themes["No theme"]) == 3  # the free-text learning question, one per reading


def test_committee_members_get_figures_without_comments(world, setup):
    audit = complete(setup, world, SCENARIO)
    results = selectors.audit_results(world.membership(world.committee), audit)
    assert results.comments_by_theme == []
    assert _result(results, "chronology-used").overall.share == 0.5


def test_reading_saves_a_draft_then_submits_only_when_complete(world, setup):
    audit = setup.audit
    used = question(audit, "chronology-used")
    services.reading_save(reading=setup.sw1, answers={used.pk: A(grade=5)}, submit=False, by=world.contributor)
    setup.sw1.refresh_from_db()
    assert setup.sw1.status == "draft"
    assert setup.sw1.answers.get(question=used).grade == 5
    with pytest.raises(services.AnswersInvalid) as error:
        services.reading_save(reading=setup.sw1, answers={used.pk: A(grade=5)}, submit=True, by=world.contributor)
    in_place = question(audit, "chronology-in-place")
    assert error.value.errors[in_place.pk] == "Answer question 1.1."
    setup.sw1.refresh_from_db()
    assert setup.sw1.status == "draft"  # nothing half-saved
    services.reading_save(reading=setup.sw1, answers=default_answers(audit), submit=True, by=world.contributor)
    setup.sw1.refresh_from_db()
    assert setup.sw1.status == "submitted" and setup.sw1.submitted_at is not None
    with pytest.raises(services.AuditError, match="submitted"):
        services.reading_save(reading=setup.sw1, answers=default_answers(audit), submit=False, by=world.contributor)


def test_an_answer_of_the_wrong_kind_is_refused(world, setup):
    used = question(setup.audit, "chronology-used")
    with pytest.raises(services.AnswersInvalid) as error:
        services.reading_save(reading=setup.sw1, answers={used.pk: A(grade=7)}, submit=False, by=world.contributor)
    assert error.value.errors == {used.pk: "Choose a grade from 1 to 6."}
    assert not setup.sw1.answers.exists()


def test_moderation_records_disagreements_and_needs_a_reason(world, setup):
    audit = setup.audit
    services.reading_save(
        reading=setup.sw1, answers=default_answers(audit, SCENARIO["sw1"]), submit=True, by=world.contributor
    )
    services.reading_save(
        reading=setup.edu1, answers=default_answers(audit, SCENARIO["edu1"]), submit=True, by=world.education_lead
    )
    used = question(audit, "chronology-used")
    agreed = default_answers(audit, {"chronology-used": A(grade=4)})
    with pytest.raises(services.AnswersInvalid) as error:
        services.case_moderate(case=setup.case1, agreed=agreed, notes={}, by=world.lead)
    assert "differ" in error.value.errors[used.pk]
    assert not ModeratedAnswer.objects.exists()

    notes = {
        q.pk: "Agreed at moderation: the chronology was updated but not analysed." for q in audit.tool.questions.all()
    }
    services.case_moderate(case=setup.case1, agreed=agreed, notes=notes, by=world.lead)
    answer = ModeratedAnswer.objects.get(case=setup.case1, question=used)
    assert answer.grade == 4 and answer.readers_disagreed
    assert answer.readers_answers == "Education: 3 adequate; Social Work: 4 good"
    agreed_q = ModeratedAnswer.objects.get(case=setup.case1, question=question(audit, "plan-quality"))
    assert not agreed_q.readers_disagreed
    setup.case1.refresh_from_db()
    assert setup.case1.is_moderated and setup.case1.moderated_by == world.lead


def test_status_moves_only_along_the_allowed_path(world, setup):
    with pytest.raises(services.AuditError, match="nothing to moderate"):
        services.audit_set_status(audit=setup.audit, status=Audit.Status.MODERATING, by=world.lead)
    with pytest.raises(services.AuditError, match="cannot become complete"):
        services.audit_set_status(audit=setup.audit, status=Audit.Status.COMPLETE, by=world.lead)
    services.reading_save(reading=setup.sw1, answers=default_answers(setup.audit), submit=True, by=world.contributor)
    audit = services.audit_set_status(audit=setup.audit, status=Audit.Status.MODERATING, by=world.lead)
    with pytest.raises(services.AuditError, match="1 case with submitted readings has not been moderated"):
        services.audit_set_status(audit=audit, status=Audit.Status.COMPLETE, by=world.lead)


def test_reaudit_compares_question_by_question_across_tool_versions(world, setup):
    first = complete(setup, world, SCENARIO)
    # The tool changes after the first run: a new version, and the first run keeps its own.
    services.question_save(
        tool=first.tool,
        key="plan-quality",
        section_number=3,
        text="How well does the plan say what must change?",
        guidance="",
        answer_type="scale",
        themes=[],
        by=world.lead,
    )
    second = services.reaudit_plan(
        audit=first, title="Re-audit", planned_start=dt.date(2026, 9, 1), due_date=dt.date(2026, 9, 30), by=world.lead
    )
    assert second.tool.version == 2 and first.tool.version == 1 and second.previous_audit == first
    case = services.case_add(audit=second, local_case_reference="SW-2026-0100", age_band="5-10", why_selected="x")
    reading = services.reader_assign(case=case, reader=world.contributor, agency=world.social_work)
    second = services.audit_set_status(audit=second, status=Audit.Status.RUNNING, by=world.lead)
    better = {"chronology-used": A(grade=5), "voice-child-views": A(grade=4)}
    services.reading_save(reading=reading, answers=default_answers(second, better), submit=True, by=world.contributor)
    second = services.audit_set_status(audit=second, status=Audit.Status.MODERATING, by=world.lead)
    services.case_moderate(case=case, agreed=default_answers(second, better), notes={}, by=world.lead)
    second = services.audit_set_status(audit=second, status=Audit.Status.COMPLETE, by=world.lead)

    m = world.membership(world.lead)
    rows = {r.key: r for r in selectors.audit_comparison(m, second, selectors.audit_results(m, second))}
    # Chronology used: 1 of 2 (50%) before, 1 of 1 (100%) after: +50 points.
    assert rows["chronology-used"].change == 50.0 and rows["chronology-used"].direction == "better"
    # The child's views: 0 of 2 (0%) before, 1 of 1 after: +100 points.
    assert rows["voice-child-views"].change == 100.0
    # In place: 1 of 1 yes before and after: no change.
    assert rows["chronology-in-place"].change == 0.0 and rows["chronology-in-place"].direction == "same"
    # The edited question keeps its key, so it is still compared.
    assert rows["plan-quality"].previous is not None


def test_results_are_kept_until_a_reading_or_moderation_changes(world, setup, django_assert_max_num_queries):
    audit = setup.audit
    m = world.membership(world.lead)
    services.reading_save(
        reading=setup.sw1, answers=default_answers(audit, SCENARIO["sw1"]), submit=True, by=world.contributor
    )
    first = selectors.audit_results(m, audit, with_comments=True)
    assert first.submitted_readings == 1
    with django_assert_max_num_queries(1):  # only the fingerprint of the audit's data is read
        assert selectors.audit_results(m, audit, with_comments=True).submitted_readings == 1
    services.reading_save(
        reading=setup.edu1, answers=default_answers(audit, SCENARIO["edu1"]), submit=True, by=world.education_lead
    )
    assert selectors.audit_results(m, audit).submitted_readings == 2
    agreed = default_answers(audit, {"chronology-used": A(grade=4)})
    notes = {q.pk: "Agreed at moderation." for q in audit.tool.questions.all()}
    services.case_moderate(case=setup.case1, agreed=agreed, notes=notes, by=world.lead)
    assert selectors.audit_results(m, audit).moderated_cases == 1


def test_the_results_tables_are_drawn_again_when_a_reading_is_submitted(client, world, setup):
    """The page's tables are kept beside the results, under the same fingerprint."""
    audit = setup.audit
    address = reverse("audits:results", args=[world.partnership.slug, audit.number])
    client.force_login(world.lead)
    sw, edu = f"{world.social_work.name} readers", f"{world.education.name} readers"
    services.reading_save(
        reading=setup.sw1, answers=default_answers(audit, SCENARIO["sw1"]), submit=True, by=world.contributor
    )

    def page() -> str:
        page = client.get(address).content.decode()
        return re.sub(r'(nonce|name="csrfmiddlewaretoken" value)="[^"]*"', "", page)

    first = page()
    assert sw in first and edu not in first
    assert page() == first  # from the cache
    services.reading_save(
        reading=setup.edu1, answers=default_answers(audit, SCENARIO["edu1"]), submit=True, by=world.education_lead
    )
    assert edu in page()
