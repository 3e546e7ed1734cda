"""List pages and results make a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from learnloop.audits import services
from learnloop.audits.models import Audit
from learnloop.testing.queries import count_queries

from .conftest import default_answers


def _add_audits(world, tool, n: int) -> None:
    for i in range(n):
        services.audit_save(
            audit=Audit(
                partnership=world.partnership,
                title=f"Audit {i}",
                tool=tool,
                lead=world.lead,
                sample_size=3,
                selection_criteria="x",
                planned_start=dt.date(2026, 4, 1),
                due_date=dt.date(2026, 5, 1),
            ),
            agencies=[world.social_work, world.education],
        )


def _add_cases(world, setup, n: int) -> None:
    audit = setup.audit
    for i in range(n):
        case = services.case_add(
            audit=audit, local_case_reference=f"X-{i}-{audit.cases.count()}", age_band="5-10", why_selected="x"
        )
        reading = services.reader_assign(case=case, reader=world.contributor, agency=world.social_work)
        services.reading_save(reading=reading, answers=default_answers(audit), submit=True, by=world.contributor)


def test_programme_queries_do_not_grow_with_audits(client, world, setup):
    client.force_login(world.lead)
    address = reverse("audits:programme", args=["glen"])
    _add_audits(world, setup.tool, 1)
    few = count_queries(client, address)
    _add_audits(world, setup.tool, 6)
    assert count_queries(client, address) == few


def test_audit_page_and_results_do_not_grow_with_cases(client, world, setup):
    client.force_login(world.lead)
    audit_page = reverse("audits:audit", args=["glen", setup.audit.number])
    results = reverse("audits:results", args=["glen", setup.audit.number])
    _add_cases(world, setup, 1)
    few = (count_queries(client, audit_page), count_queries(client, results))
    _add_cases(world, setup, 5)
    assert (count_queries(client, audit_page), count_queries(client, results)) == few


def test_home_page_with_the_audit_panel_does_not_grow(client, world, setup):
    client.force_login(world.contributor)
    address = reverse("loop:home", args=["glen"])
    client.get(address)  # the first request after signing in also touches the session
    few = count_queries(client, address)
    _add_cases(world, setup, 3)  # more readings for the contributor (submitted ones drop off)
    case = services.case_add(audit=setup.audit, local_case_reference="Y-1", age_band="5-10", why_selected="x")
    services.reader_assign(case=case, reader=world.contributor, agency=world.social_work)
    assert count_queries(client, address) == few
