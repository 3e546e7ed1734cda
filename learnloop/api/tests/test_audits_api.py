"""Audits through the API: the programme page's audits, and the results page's figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from learnloop.api.tests.helpers import ROLES, queries, read_all, refused_to_others, token_for
from learnloop.audits import services
from learnloop.audits.models import Audit
from learnloop.audits.services import AnswerData
from learnloop.audits.tests.conftest import default_answers
from learnloop.core.models import AuditEntry


def _completed(world, partnership=None, cases=1):
    """An audit read by the contributor for Social Work, moderated and complete."""
    p = partnership or world.partnership
    lead = world.lead if partnership is None else world.outsider
    tool = services.tools_seed(partnership=p)
    audit = services.audit_save(
        audit=Audit(
            partnership=p,
            title="Neglect: chronologies",
            tool=tool,
            lead=world.subgroup_member if partnership is None else lead,
            sample_size=cases,
            selection_criteria="Registered for neglect.",
            planned_start=dt.date(2026, 1, 5),
            due_date=dt.date(2026, 2, 2),
        ),
        agencies=[world.social_work] if partnership is None else [p.agencies.first()],
        by=lead,
    )
    readings = []
    if partnership is not None:
        return audit, readings  # planned: another partnership's audit, for its number
    for n in range(cases):
        case = services.case_add(
            audit=audit, local_case_reference=f"SW-{n}", age_band="5-10", why_selected="N", by=lead
        )
        readings.append(services.reader_assign(case=case, reader=world.contributor, agency=world.social_work, by=lead))
    audit = services.audit_set_status(audit=audit, status=Audit.Status.RUNNING, by=lead, today=dt.date(2026, 1, 5))
    return audit, readings


def _finish(world, audit, readings):
    lead = world.lead
    first_scale = next(q for q in audit.tool.questions.all() if q.answer_type == "scale")
    for i, reading in enumerate(readings):
        answers = default_answers(audit, {first_scale.key: AnswerData(grade=2 + i % 4, comment=f"Case {i} note.")})
        services.reading_save(reading=reading, answers=answers, submit=True, by=world.contributor)
    audit = services.audit_set_status(audit=audit, status=Audit.Status.MODERATING, by=lead, today=dt.date(2026, 2, 2))
    for case in audit.cases.all():
        services.case_moderate(case=case, agreed=default_answers(audit), notes={}, by=lead)
    return services.audit_set_status(audit=audit, status=Audit.Status.COMPLETE, by=lead, today=dt.date(2026, 2, 2))


@pytest.fixture
def done(world):
    audit, readings = _completed(world)
    return _finish(world, audit, readings)


def test_each_member_reads_the_programme_their_page_shows(client, world, done):
    _completed(world, world.other_partnership)
    planned, _ = _completed(world)
    for role in ROLES:
        client.force_login(getattr(world, role))
        rows = read_all(client, reverse("api:audits", args=["glen"]))
        page = client.get(reverse("audits:programme", args=["glen"])).context["page"]
        assert [r["number"] for r in rows] == [a.number for a in page], role
        assert {r["number"] for r in rows} == {done.number, planned.number}
    row = next(r for r in rows if r["number"] == done.number)
    assert row["state"] == "done" and row["cases"] == 1 and row["readings_submitted"] == 1
    assert row["results_url"].endswith(reverse("api:audit_results", args=["glen", done.number]))


def test_the_results_are_the_figures_of_the_results_page(client, world, done):
    for role in ROLES:
        client.force_login(getattr(world, role))
        body = client.get(reverse("api:audit_results", args=["glen", done.number])).json()
        results = client.get(reverse("audits:results", args=["glen", done.number])).context["results"]
        assert (body["cases"], body["moderated_cases"], body["submitted_readings"]) == (
            results.cases,
            results.moderated_cases,
            results.submitted_readings,
        )
        shares = {q["key"]: [f["share"] for f in q["figures"]] for s in body["sections"] for q in s["questions"]}
        for q in results.questions():
            if q.is_graded:
                expected = [q.overall.share] + [q.by_agency[a.pk].share for a in results.agencies]
                assert shares[q.question.key] == expected, (role, q.question.key)
        assert body["strengths"] == [q.question.key for q in results.strengths]
        assert body["areas_for_improvement"] == [q.question.key for q in results.areas_for_improvement]
        # Readers' comments, as on the page: for those who run the audit or read for it.
        if role in ("lead", "subgroup_member", "contributor"):
            assert {c["text"] for c in body["comments"]} >= {"Case 0 note."}, role
        else:
            assert body["comments"] is None, role


def test_reading_the_comments_is_audited(client, world, done):
    client.force_login(world.contributor)
    before = AuditEntry.objects.count()
    assert client.get(reverse("api:audit_results", args=["glen", done.number])).status_code == 200
    entries = list(AuditEntry.objects.order_by("id")[before:])
    assert len(entries) == 1 and done.reference in entries[0].detail and "comments" in entries[0].detail
    client.force_login(world.viewer)
    before = AuditEntry.objects.count()
    assert client.get(reverse("api:audit_results", args=["glen", done.number])).status_code == 200
    assert AuditEntry.objects.count() == before


def test_who_may_not_read_an_audits_results(client, world, done):
    foreign, _ = _completed(world, world.other_partnership)
    client.force_login(world.viewer)
    assert client.get(reverse("api:audit_results", args=["glen", 999])).status_code == 404
    assert client.get(reverse("api:audit_results", args=["other", foreign.number])).status_code == 404
    for name, args in (("api:audits", ["glen"]), ("api:audit_results", ["glen", done.number])):
        url = reverse(name, args=args)
        with_token = client.get(url, **token_for(world, world.viewer)).json()
        client.force_login(world.viewer)
        assert with_token == client.get(url).json()
        refused_to_others(client, world, url)


def test_a_fixed_number_of_queries_whatever_the_number_of_cases(client, world):
    small = _finish(world, *_completed(world, cases=1))
    large = _finish(world, *_completed(world, cases=4))
    client.force_login(world.lead)
    assert queries(client, reverse("api:audit_results", args=["glen", small.number])) == queries(
        client, reverse("api:audit_results", args=["glen", large.number])
    )
    url = reverse("api:audits", args=["glen"])
    before = queries(client, url)
    _completed(world, cases=2)
    assert queries(client, url) == before
