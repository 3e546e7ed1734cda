"""Every page, for someone allowed, someone read-only, another agency and another partnership.

Readers see only the cases assigned to them; local case references only reach the lead officer,
the audit's lead and the case's readers. Everyone else gets a 404: existence never leaks.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from learnloop.audits import services
from learnloop.core.models import AuditEntry

from .conftest import complete, default_answers

EVERYONE = ["lead", "committee", "subgroup_member", "education_lead", "police_lead", "contributor", "viewer"]
MANAGERS = ["lead", "subgroup_member"]


def url(name, s, slug="glen"):
    n = s.audit.number
    args = {
        "programme": [],
        "tools": [],
        "tool": [s.tool.pk],
        "audit_create": [],
        "question_create": [s.tool.pk],
        "question_edit": [s.tool.pk, "chronology-used"],
        "audit": [n],
        "audit_edit": [n],
        "case_create": [n],
        "case1": [n, 1],
        "case2": [n, 2],
        "reader_assign": [n, 1],
        "case_moderate": [n, 1],
        "reading_sw1": [n, s.sw1.pk],
        "reading_edu1": [n, s.edu1.pk],
        "results": [n],
        "summary_edit": [n],
        "report_docx": [n, "docx"],
    }[name]
    route = {
        "case1": "case",
        "case2": "case",
        "reading_sw1": "reading",
        "reading_edu1": "reading",
        "report_docx": "report",
    }
    return reverse(f"audits:{route.get(name, name)}", args=[slug, *args])


CASES = [
    ("programme", EVERYONE),
    ("tools", EVERYONE),
    ("tool", EVERYONE),
    ("audit", EVERYONE),
    ("results", EVERYONE),
    ("report_docx", EVERYONE),
    ("audit_create", MANAGERS),
    ("question_create", MANAGERS),
    ("question_edit", MANAGERS),
    ("audit_edit", MANAGERS),
    ("case_create", MANAGERS),
    ("reader_assign", MANAGERS),
    ("summary_edit", MANAGERS),
    ("case_moderate", MANAGERS),
    ("case1", [*MANAGERS, "contributor", "education_lead"]),
    ("case2", [*MANAGERS, "contributor"]),
    ("reading_sw1", [*MANAGERS, "contributor"]),
    ("reading_edu1", [*MANAGERS, "education_lead"]),
]


@pytest.fixture
def submitted(world, setup):
    services.reading_save(reading=setup.sw1, answers=default_answers(setup.audit), submit=True, by=world.contributor)
    return setup


@pytest.mark.parametrize(("page", "allowed"), CASES, ids=[c[0] for c in CASES])
def test_access_matrix(client, world, submitted, page, allowed):
    address = url(page, submitted)
    for who in EVERYONE:
        client.force_login(getattr(world, who))
        expected = 200 if who in allowed else 404
        assert client.get(address).status_code == expected, f"{who} on {page}"
    client.force_login(world.outsider)
    assert client.get(address).status_code == 404
    if page not in {"programme", "tools", "audit_create"}:
        # Glen's records through the outsider's own partnership: not found either.
        assert client.get(url(page, submitted, slug="other")).status_code == 404


def test_case_references_reach_only_the_lead_officer_the_audit_lead_and_the_readers(client, world, setup):
    page = url("audit", setup)
    expectations = {
        "lead": {"SW-2025-0001", "SW-2025-0002"},
        "subgroup_member": {"SW-2025-0001", "SW-2025-0002"},  # the audit's lead
        "contributor": {"SW-2025-0001", "SW-2025-0002"},
        "education_lead": {"SW-2025-0001"},  # reads case 1 only
        "police_lead": set(),  # another agency's lead: no case details at all
        "committee": set(),
        "viewer": set(),
    }
    for who, refs in expectations.items():
        client.force_login(getattr(world, who))
        body = client.get(page).content.decode()
        assert {r for r in ("SW-2025-0001", "SW-2025-0002") if r in body} == refs, who
    client.force_login(world.police_lead)
    body = client.get(page).content.decode()
    assert "Case 1" not in body and "Cases assigned to me" in body


def test_seeing_a_case_reference_is_written_to_the_audit_log(client, world, setup):
    client.force_login(world.education_lead)
    client.get(url("case1", setup))
    entry = AuditEntry.objects.filter(event=AuditEntry.Event.VIEW_CONFIDENTIAL).latest("id")
    assert entry.user == world.education_lead and entry.object_type == "audits.AuditCase"


def test_results_hide_comments_from_those_who_read_aggregates_only(client, world, setup):
    audit = complete(setup, world, {"sw1": {"chronology-used": services.AnswerData(grade=4, comment="Not analysed")}})
    for who, sees in [
        ("lead", True),
        ("contributor", True),
        ("committee", False),
        ("viewer", False),
        ("police_lead", False),
    ]:
        client.force_login(getattr(world, who))
        body = client.get(reverse("audits:results", args=["glen", audit.number])).content.decode()
        assert ("Not analysed" in body) is sees, who
        assert "SW-2025-0001" not in body


@pytest.mark.parametrize("page", ["finding_create", "reaudit_create"])
def test_completed_audit_pages_for_managers_only(client, world, setup, page):
    audit = complete(setup, world)
    address = reverse(f"audits:{page}", args=["glen", audit.number])
    for who in EVERYONE:
        client.force_login(getattr(world, who))
        assert client.get(address).status_code == (200 if who in MANAGERS else 404), who
    client.force_login(world.outsider)
    assert client.get(address).status_code == 404


def test_readers_cannot_change_someone_elses_reading(client, world, setup):
    client.force_login(world.education_lead)
    response = client.post(url("reading_sw1", setup), {"draft": "1"})
    assert response.status_code == 404
    # The lead officer may read a reading but not change it.
    client.force_login(world.lead)
    assert client.post(url("reading_sw1", setup), {"draft": "1"}).status_code == 404
