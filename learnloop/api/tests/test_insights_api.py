"""Insight findings through the API: the findings of the insights page, for the member asking."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from learnloop.api.tests.helpers import ROLES, queries, read_all, refused_to_others, token_for
from learnloop.core.models import AuditEntry
from learnloop.insights import services
from learnloop.testing import factories as f

LONG_AGO = dt.timedelta(days=400)


def _unactioned(world, title, **kwargs):
    """Learning for improvement with no action for a long time: an insight finding."""
    return f.LearningPointFactory(
        partnership=kwargs.pop("partnership", world.partnership),
        title=title,
        date_identified=timezone.localdate() - LONG_AGO,
        **kwargs,
    )


@pytest.fixture
def learning(world):
    public = _unactioned(world, "Public")
    edu = _unactioned(world, "Education only", is_confidential=True, agency=world.education)
    _unactioned(world, "Elsewhere", partnership=world.other_partnership)
    return {"public": public, "edu": edu}


def _page_keys(client):
    found = client.get(reverse("insights:index", args=["glen"])).context["insights"]
    return {f.key for f in found.findings}, {f.key for f in found.decided}


def test_each_member_reads_the_findings_their_page_shows(client, world, learning):
    seen = {}
    for role in ROLES:
        client.force_login(getattr(world, role))
        rows = read_all(client, reverse("api:insights", args=["glen"]))
        decided = read_all(client, reverse("api:insights", args=["glen"]) + "?status=decided")
        assert ({r["key"] for r in rows}, {r["key"] for r in decided}) == _page_keys(client), role
        seen[role] = {r["subject"] for r in rows if r["kind"] == "no_action"}
    public, edu = (f"{lp.reference} {lp.title}" for lp in (learning["public"], learning["edu"]))
    assert seen["lead"] == seen["education_lead"] == {public, edu}
    assert seen["viewer"] == seen["contributor"] == seen["committee"] == {public}


def test_a_decided_finding_moves_to_the_decided_list(client, world, learning):
    from learnloop.insights import selectors

    m = world.membership(world.lead)
    finding = next(f for f in selectors.insights(m).findings if learning["public"].reference in f.subject_key)
    services.finding_dismiss(partnership=world.partnership, finding=finding, reason="Known.", by=world.lead)
    client.force_login(world.viewer)
    assert finding.key not in {r["key"] for r in read_all(client, reverse("api:insights", args=["glen"]))}
    decided = read_all(client, reverse("api:insights", args=["glen"]) + "?status=decided&kind=no_action")
    assert [r["key"] for r in decided] == [finding.key]
    assert decided[0]["decision"]["status"] == "dismissed" and decided[0]["decision"]["reason"] == "Known."
    assert decided[0]["decision"]["decided_by"] == {"full_name": world.lead.full_name}
    response = client.get(reverse("api:insights", args=["glen"]) + "?status=maybe&as_of=yesterday")
    assert response.status_code == 400 and set(response.json()["errors"]) == {"status", "as_of"}


def test_a_finding_says_what_the_page_says(client, world, learning):
    client.force_login(world.viewer)
    row = next(
        r
        for r in read_all(client, reverse("api:insights", args=["glen"]) + "?kind=no_action")
        if "Public" in r["subject"]
    )
    assert row["evidence"][0]["reference"] == learning["public"].reference
    assert row["since"] and row["detail"].startswith("Identified") and row["decision"] is None
    assert row["is_new"] is False  # it has held for months


def test_confidential_evidence_is_audited(client, world, learning):
    client.force_login(world.education_lead)
    before = AuditEntry.objects.count()
    read_all(client, reverse("api:insights", args=["glen"]))
    entries = list(AuditEntry.objects.order_by("id")[before:])
    assert len(entries) == 1 and learning["edu"].reference in entries[0].detail
    client.force_login(world.viewer)
    before = AuditEntry.objects.count()
    read_all(client, reverse("api:insights", args=["glen"]))
    assert AuditEntry.objects.count() == before


def test_a_token_reads_the_findings_of_its_member_in_its_partnership_only(client, world, learning):
    url = reverse("api:insights", args=["glen"])
    with_token = read_all(client, url, **token_for(world, world.education_lead))
    client.force_login(world.education_lead)
    assert with_token == read_all(client, url)
    refused_to_others(client, world, url)


def test_a_fixed_number_of_queries_whatever_the_number_of_records(client, world, learning):
    client.force_login(world.lead)
    url = reverse("api:insights", args=["glen"])
    before = queries(client, url)
    for i in range(5):
        lp = _unactioned(world, f"More {i}", is_confidential=i % 2 == 0, agency=world.education)
        lp.themes.set(world.partnership.themes.all()[:2])
    assert queries(client, url) == before
