"""A case's local reference reaches the same people on every page: the lead officer, the audit's
lead and the case's readers. A MISE member who runs the programme but neither leads the audit nor
reads the case opens the reading (to moderate) without ever seeing the reference."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learnloop.accounts.models import Membership, User
from learnloop.accounts.roles import Role
from learnloop.audits import services
from learnloop.audits.models import AuditCase
from learnloop.core.models import AuditEntry

from .conftest import default_answers

MARKER = "ZZCASEREF-MARKER-5"


@pytest.fixture
def mise_member(world):
    user = User.objects.create_user(email="mise2@glen.test", password="correct horse battery", full_name="Max Mise")
    membership = Membership.objects.create(
        user=user, partnership=world.partnership, role=Role.SUBGROUP_MEMBER, agency=world.social_work
    )
    membership.subgroups.set([world.mise])
    return user


@pytest.fixture
def marked(world, setup):
    AuditCase.objects.filter(pk=setup.case1.pk).update(local_case_reference=MARKER)
    services.reading_save(reading=setup.sw1, answers=default_answers(setup.audit), submit=True, by=world.contributor)
    return setup


def _pages(s) -> list[str]:
    n = s.audit.number
    return [
        reverse("audits:audit", args=["glen", n]),
        reverse("audits:case", args=["glen", n, 1]),
        reverse("audits:reading", args=["glen", n, s.sw1.pk]),
        reverse("audits:reading", args=["glen", n, s.edu1.pk]),
        reverse("audits:case_moderate", args=["glen", n, 1]),
        reverse("audits:results", args=["glen", n]),
        reverse("audits:report", args=["glen", n, "docx"]),
        reverse("audits:programme", args=["glen"]),
    ]


def test_a_mise_member_who_is_not_lead_or_reader_never_sees_the_reference(client, world, marked, mise_member):
    client.force_login(mise_member)
    reading = client.get(reverse("audits:reading", args=["glen", marked.audit.number, marked.sw1.pk]))
    assert reading.status_code == 200  # they run the programme, so they may open the reading
    assert MARKER not in reading.content.decode()
    for page in _pages(marked):
        response = client.get(page)
        assert MARKER.encode() not in response.content, page


@pytest.mark.parametrize("who", ["committee", "viewer", "police_lead"])
def test_members_who_may_not_see_cases_never_see_the_reference(client, world, marked, who):
    client.force_login(getattr(world, who))
    for page in _pages(marked):
        response = client.get(page)
        assert MARKER.encode() not in response.content, (who, page)


@pytest.mark.parametrize(
    ("who", "reading"),
    [("lead", "sw1"), ("subgroup_member", "sw1"), ("contributor", "sw1"), ("education_lead", "edu1")],
)
def test_the_lead_officer_the_audit_lead_and_the_readers_see_it_on_the_reading(client, world, marked, who, reading):
    client.force_login(getattr(world, who))
    before = AuditEntry.objects.count()
    response = client.get(reverse("audits:reading", args=["glen", marked.audit.number, getattr(marked, reading).pk]))
    assert response.status_code == 200 and MARKER in response.content.decode()
    entries = AuditEntry.objects.order_by("id")[before:]
    assert len(entries) == 1
    entry = entries[0]
    assert entry.event == AuditEntry.Event.VIEW_CONFIDENTIAL and entry.object_type == "audits.CaseReading"
    assert entry.object_id == str(getattr(marked, reading).pk) and "case reference" in entry.detail


def test_another_partnership_cannot_reach_the_reading(client, world, marked):
    client.force_login(world.outsider)
    for slug in ("glen", "other"):
        address = reverse("audits:reading", args=[slug, marked.audit.number, marked.sw1.pk])
        assert client.get(address).status_code == 404
