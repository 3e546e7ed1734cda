"""Writes through the pages: planning, the sample, readings, moderation, findings and impact."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from learnloop.audits import findings, services
from learnloop.audits.models import Audit, AuditCase, AuditTool, CaseReading
from learnloop.loop.models import Impact, LearningPoint

from .conftest import complete, default_answers, question


def _date(prefix: str, d: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(d.day), f"{prefix}_month": str(d.month), f"{prefix}_year": str(d.year)}


def test_plan_an_audit_and_bad_dates_are_named(client, world):
    client.force_login(world.subgroup_member)
    client.get(reverse("audits:audit_create", args=["glen"]))  # seeds the tool on first use
    tool = AuditTool.objects.get(partnership=world.partnership)
    data = {
        "title": "Neglect",
        "tool": tool.pk,
        "agencies": [world.social_work.pk, world.education.pk],
        "lead": world.subgroup_member.pk,
        "sample_size": "10",
        "selection_criteria": "Registered for neglect",
        **_date("planned_start", dt.date(2026, 5, 1)),
        **_date("due_date", dt.date(2026, 4, 1)),
    }
    response = client.post(reverse("audits:audit_create", args=["glen"]), data)
    assert response.status_code == 200
    assert "The date readings are due must be on or after the planned start." in response.content.decode()
    assert (
        'value="Registered for neglect"' in response.content.decode()
        or "Registered for neglect" in response.content.decode()
    )
    assert not Audit.objects.exists()
    data |= _date("due_date", dt.date(2026, 6, 1))
    response = client.post(reverse("audits:audit_create", args=["glen"]), data)
    audit = Audit.objects.get()
    assert response.status_code == 302 and response["Location"] == audit.get_absolute_url()
    assert audit.number == 1 and audit.status == "planned" and audit.created_by == world.subgroup_member


def test_add_a_case_refuses_a_duplicate_reference_and_stores_a_keyed_hash(client, world, setup):
    client.force_login(world.lead)
    address = reverse("audits:case_create", args=["glen", setup.audit.number])
    data = {"local_case_reference": " sw-2025-0001 ", "age_band": "5-10", "why_selected": "Again"}
    response = client.post(address, data)
    assert "Case reference sw-2025-0001 is already in this audit&#x27;s sample." in response.content.decode()
    assert AuditCase.objects.count() == 2
    response = client.post(address, {"local_case_reference": "ED-77", "age_band": "", "why_selected": ""})
    body = response.content.decode()
    assert "Select age band" in body and "Enter why this case was selected" in body
    assert AuditCase.objects.count() == 2
    client.post(address, {"local_case_reference": "ED-77", "age_band": "11-15", "why_selected": "Exclusion"})
    case = AuditCase.objects.get(number=3)
    assert len(case.reference_hash) == 64 and "ED-77" not in case.reference_hash


def test_assign_a_reader_only_for_an_agency_taking_part(client, world, setup):
    client.force_login(world.lead)
    address = reverse("audits:reader_assign", args=["glen", setup.audit.number, 2])
    response = client.post(address, {"reader": world.police_lead.pk, "agency": world.police.pk})
    assert response.status_code == 200 and CaseReading.objects.count() == 3
    response = client.post(address, {"reader": world.education_lead.pk, "agency": world.education.pk})
    assert response.status_code == 302
    assert CaseReading.objects.get(case=setup.case2, agency=world.education).reader == world.education_lead


def _reading_post(audit, overrides=None, drop=()):
    data = {}
    for q in audit.tool.questions.all():
        if q.key in drop:
            continue
        value = {"scale": "4", "yes_no": "yes", "number": "2", "text": "Share earlier"}[q.answer_type]
        data[f"q{q.pk}"] = (overrides or {}).get(q.key, value)
    return data


def test_reader_saves_a_draft_then_submits_and_missing_answers_are_named(client, world, setup):
    client.force_login(world.contributor)
    audit = setup.audit
    address = reverse("audits:reading", args=["glen", audit.number, setup.sw1.pk])
    used = question(audit, "chronology-used")
    response = client.post(address, {f"q{used.pk}": "5", f"q{used.pk}_comment": "Good use", "draft": "1"})
    assert response.status_code == 302
    setup.sw1.refresh_from_db()
    assert setup.sw1.status == "draft"
    body = client.get(address).content.decode()
    assert "Good use" in body and 'value="5" checked' in body

    response = client.post(address, {**_reading_post(audit, drop={"plan-quality"}), "submit": "1"})
    assert response.status_code == 200
    assert "Answer question 3.1." in response.content.decode()
    setup.sw1.refresh_from_db()
    assert setup.sw1.status == "draft"

    response = client.post(address, {**_reading_post(audit, {"outcomes-meetings": "two"}), "submit": "1"})
    assert "Question 7.2: enter a whole number, like 3." in response.content.decode()

    response = client.post(address, {**_reading_post(audit), "submit": "1"})
    assert response.status_code == 302
    setup.sw1.refresh_from_db()
    assert setup.sw1.status == "submitted"


def test_moderation_page_prefills_agreement_and_needs_reasons_for_differences(client, world, setup):
    audit = setup.audit
    services.reading_save(reading=setup.sw1, answers=default_answers(audit), submit=True, by=world.contributor)
    differ = default_answers(audit, {"chronology-used": services.AnswerData(grade=2)})
    services.reading_save(reading=setup.edu1, answers=differ, submit=True, by=world.education_lead)
    client.force_login(world.subgroup_member)
    address = reverse("audits:case_moderate", args=["glen", audit.number, 1])
    body = client.get(address).content.decode()
    assert "Readers differ" in body
    used = question(audit, "chronology-used")
    data = _reading_post(audit)
    response = client.post(address, data)
    assert "The readers&#x27; answers to question 1.2 differ: say how they were resolved." in response.content.decode()
    data[f"q{used.pk}_note"] = "Education had not seen the health chronology."
    response = client.post(address, data)
    assert response.status_code == 302
    setup.case1.refresh_from_db()
    assert setup.case1.is_moderated


def test_status_buttons_move_the_audit_and_explain_refusals(client, world, setup):
    client.force_login(world.lead)
    address = reverse("audits:audit_status", args=["glen", setup.audit.number])
    response = client.post(address, {"status": "moderating"}, follow=True)
    assert "No reader has submitted a reading yet" in response.content.decode()
    assert client.get(address).status_code == 405


def test_raise_a_learning_point_and_action_from_findings(client, world, setup):
    audit = complete(setup, world)
    client.force_login(world.lead)
    address = reverse("audits:finding_create", args=["glen", audit.number])
    assert "How well is the chronology used" in client.get(address + "?question=chronology-used").content.decode()
    data = {
        "title": "Chronologies not analysed",
        "description": "Half the cases had a chronology without analysis.",
        "kind": "improvement",
        "themes": [world.partnership.themes.get(code="chronologies").pk],
        "agencies": [world.social_work.pk],
        "action_title": "Chronology training",
    }
    response = client.post(address, data)
    assert "Choose the agency that owns the action." in response.content.decode()
    assert not LearningPoint.objects.exists()
    data |= {"action_owner_agency": world.social_work.pk, "action_success_measure": "Re-audit 75%+"}
    data |= _date("action_due_date", dt.date(2026, 12, 1))
    response = client.post(address, data)
    lp = LearningPoint.objects.get()
    assert response.status_code == 302 and response["Location"] == lp.get_absolute_url()
    assert lp.source_type == "audit" and lp.source_record == audit and lp.source_date == audit.completed_on
    assert lp.actions.get().title == "Chronology training"
    # The learning point's loop page links back to the audit.
    body = client.get(lp.get_absolute_url()).content.decode()
    assert reverse("audits:results", args=["glen", audit.number]) in body


def test_attach_the_reaudit_comparison_as_impact_evidence_in_one_step(client, world, setup):
    first = complete(setup, world)
    lp, action = findings.finding_raise(
        audit=first,
        title="Chronologies",
        description="x",
        kind="improvement",
        themes=[],
        agencies=[],
        subgroup=world.mise,
        action_title="Train",
        action_owner_agency=world.social_work,
        action_due_date=dt.date(2026, 12, 1),
        action_success_measure="Re-audit",
        by=world.lead,
    )
    second = services.reaudit_plan(
        audit=first, title="Re-audit", planned_start=dt.date(2026, 9, 1), due_date=dt.date(2026, 9, 30)
    )
    case = services.case_add(audit=second, local_case_reference="N-1", age_band="5-10", why_selected="x")
    reading = services.reader_assign(case=case, reader=world.contributor, agency=world.social_work)
    second = services.audit_set_status(audit=second, status="running")
    services.reading_save(reading=reading, answers=default_answers(second), submit=True, by=world.contributor)
    second = services.audit_set_status(audit=second, status="moderating")
    services.case_moderate(case=case, agreed=default_answers(second), notes={}, by=world.lead)
    second = services.audit_set_status(audit=second, status="complete")

    client.force_login(world.lead)
    address = reverse("audits:comparison_attach", args=["glen", second.number])
    body = client.get(address).content.decode()
    assert f'value="{lp.pk}" checked' in body  # learning raised from the previous run is pre-chosen
    response = client.post(address, {"learning_points": [lp.pk], "actions": [action.pk], "conclusion": ""})
    assert response.status_code == 200 and not Impact.objects.exists()
    response = client.post(address, {"learning_points": [lp.pk], "actions": [action.pk], "conclusion": "Better"})
    impact = Impact.objects.get()
    assert response.status_code == 302 and response["Location"] == impact.get_absolute_url()
    assert impact.method == "reaudit" and list(impact.learning_points.all()) == [lp]
    assert "1.2 How well is the chronology used" in impact.before and "+0 points" in impact.after


def test_editing_a_question_of_a_used_tool_via_the_page_makes_version_2(client, world, setup):
    services.reading_save(reading=setup.sw1, answers=default_answers(setup.audit), submit=True, by=world.contributor)
    client.force_login(world.lead)
    address = reverse("audits:question_edit", args=["glen", setup.tool.pk, "chronology-used"])
    response = client.post(
        address,
        {"section": "1", "text": "Is the chronology analysed?", "guidance": "", "answer_type": "scale"},
        follow=True,
    )
    assert "Saved as version 2" in response.content.decode()
    assert (
        AuditTool.objects.get(is_current=True).questions.get(key="chronology-used").text
        == "Is the chronology analysed?"
    )


def test_the_audit_page_shows_one_state_tag_not_the_status_twice(client, world, setup):
    client.force_login(world.lead)
    address = reverse("audits:audit", args=["glen", setup.audit.number])
    html = client.get(address).content.decode()
    line = html.split('<p class="govuk-body"><strong class="govuk-tag', 1)[1].split("</p>", 1)[0]
    assert line.count("govuk-tag") == 1
    assert "Running Running" not in " ".join(html.split())
    audit = complete(setup, world)
    html = " ".join(client.get(reverse("audits:audit", args=["glen", audit.number])).content.decode().split())
    assert "Done Complete" not in html and ">Done</strong></p>" in html
