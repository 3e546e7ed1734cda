"""Claims read their figures from the sources, are checked, and are seen only by whom they may be."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learnloop.dataset.impact_evidence import figure_text
from learnloop.dataset.selectors import indicator_get, series_for
from learnloop.impact.checks import AGREES, CONTRADICTED, NOT_CHECKED
from learnloop.impact.models import EvidenceItem
from learnloop.impact.selectors import claim_get, impact_claims

from .conftest import CODE


def _by_title(claims):
    return {c.impact.title: c for c in claims}


def test_figures_read_are_the_dataset_pages_figures_for_each_reader(world, claims, client):
    indicator = indicator_get(CODE)
    for user in (world.lead, world.committee, world.viewer):
        m = world.membership(user)
        page = {f.period.label: f for f in series_for(m, indicators=[indicator])[0].figures}
        reading = claim_get(m, claims.agreeing.pk).evidence[0].reading
        assert reading.before_text == figure_text(indicator, page["2024-Q3"]) == "82%"
        assert reading.after_text == figure_text(indicator, page["2025-Q1"]) == "42.3%"
        client.force_login(user)
        html = client.get(reverse("dataset:indicator", args=["glen", CODE])).content.decode()
        assert ">42.3<" in html and ">82<" in html


def test_a_small_number_is_withheld_and_cannot_be_judged(world, claims):
    periods = ["2024-Q3", "2024-Q4", "2025-Q1"]
    for user, expected in ((world.lead, "75%"), (world.viewer, "[c]")):
        m = world.membership(user)
        item = EvidenceItem(impact=claims.agreeing, kind="indicator", ref=CODE, before=periods[1], after=periods[2])
        from learnloop.impact.selectors import read_item

        reading = read_item(m, item).reading
        assert reading.before_text == expected
    assert reading.finding == "too_early"


def test_the_check_agrees_and_flags_the_contradiction(world, claims):
    m = world.membership(world.committee)
    found = _by_title(impact_claims(world.partnership, m))
    assert found["CPPM timeliness fell"].result.status == AGREES
    flagged = found["CPPMs now on time: 88%"].result
    assert flagged.status == CONTRADICTED
    assert flagged.message == "The evaluation says improved; the linked figures show worse."
    assert found["Child Q story"].result.status == NOT_CHECKED


def test_impact_claims_for_a_period_and_only_what_the_reader_may_see(world, claims):
    import datetime as dt

    lead = world.membership(world.lead)
    police = world.membership(world.police_lead)
    assert "Education review impact" in _by_title(impact_claims(world.partnership, lead))
    assert "Education review impact" not in _by_title(impact_claims(world.partnership, police))
    assert impact_claims(world.partnership, lead, (dt.date(2000, 1, 1), dt.date(2000, 12, 31))) == []
    with pytest.raises(Exception):  # noqa: B017  (a 404: another partnership)
        impact_claims(world.other_partnership, lead)


def test_the_difference_page_shows_each_claim_with_its_check(world, claims, client):
    client.force_login(world.committee)
    html = client.get(reverse("impact:difference", args=["glen"])).content.decode()
    assert "What difference have we made?" in html
    assert "The evaluation says improved; the linked figures show worse." in html
    assert "The evaluation says worse; the linked figures show worse." in html
    assert "Education review impact" not in html  # confidential learning of another agency
    assert "Child Q story" in html
    assert claims.child_story.tracked_child.local_case_reference not in html
    assert "A tracked child&#x27;s story, seen only by" in html
    by_source = client.get(reverse("impact:difference", args=["glen"]) + "?by=source").content.decode()
    assert "The evaluation says improved; the linked figures show worse." in by_source


@pytest.mark.parametrize("who", ["lead", "committee", "subgroup_member", "education_lead", "contributor", "viewer"])
def test_every_member_may_read_the_pages(world, claims, client, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("impact:difference", args=["glen"])).status_code == 200
    assert client.get(reverse("impact:claim", args=["glen", claims.agreeing.pk])).status_code == 200


def test_outsiders_and_anonymous_see_nothing(world, claims, client):
    urls = [
        reverse("impact:difference", args=["glen"]),
        reverse("impact:claim", args=["glen", claims.agreeing.pk]),
        reverse("impact:evidence_add", args=["glen", claims.agreeing.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to sign in
    client.force_login(world.outsider)
    for url in urls:
        assert client.get(url).status_code == 404


def test_a_confidential_claim_is_404_for_another_agency(world, claims, client):
    url = reverse("impact:claim", args=["glen", claims.confidential.pk])
    client.force_login(world.police_lead)
    assert client.get(url).status_code == 404
    client.force_login(world.education_lead)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["committee", "viewer", "contributor", "police_lead"])
def test_only_recorders_who_may_edit_change_a_claim(world, claims, client, who):
    client.force_login(getattr(world, who))
    pk = claims.agreeing.pk
    assert client.post(reverse("impact:claim", args=["glen", pk]), {"verdict": "improved"}).status_code == 404
    assert client.get(reverse("impact:evidence_add", args=["glen", pk])).status_code == 404
    item = claims.agreeing.evidence_items.get()
    assert client.post(reverse("impact:evidence_remove", args=["glen", pk, item.pk])).status_code == 404
    assert claims.agreeing.claim.verdict == "worse"


def test_the_lead_officer_sets_the_verdict_and_links_and_removes_evidence(world, claims, client):
    client.force_login(world.lead)
    pk = claims.contradicted.pk
    response = client.post(reverse("impact:claim", args=["glen", pk]), {"verdict": "worse"})
    assert response.status_code == 302
    claims.contradicted.claim.refresh_from_db()
    assert claims.contradicted.claim.verdict == "worse"
    add = reverse("impact:evidence_add", args=["glen", pk])
    assert "An indicator from the minimum dataset" in client.get(add).content.decode()
    form = client.get(add + "?kind=indicator")
    assert form.status_code == 200
    bad = client.post(add + "?kind=indicator", {"ref": CODE, "before": "2025-Q1", "after": "2024-Q3"})
    assert "The period after must be later than the period before." in bad.content.decode()
    typed = client.post(add + "?kind=indicator", {"ref": "made_up", "before": "2024-Q1", "after": "2025-Q1"})
    assert typed.status_code == 200 and EvidenceItem.objects.filter(ref="made_up").count() == 0
    ok = client.post(add + "?kind=indicator", {"ref": CODE, "before": "2024-Q1", "after": "2025-Q1"})
    assert ok.status_code == 302
    item = EvidenceItem.objects.get(impact=claims.contradicted, before="2024-Q1")
    assert client.post(reverse("impact:evidence_remove", args=["glen", pk, item.pk])).status_code == 302
    assert not EvidenceItem.objects.filter(pk=item.pk).exists()
    from learnloop.core.models import AuditEntry

    types = set(AuditEntry.objects.filter(user=world.lead).values_list("object_type", flat=True))
    assert {"impact.Claim", "impact.EvidenceItem"} <= types


def test_the_annual_report_lists_each_claim_with_its_check(world, claims):
    import datetime as dt

    from learnloop.reports import building, render

    content = building.build(
        kind="annual-report", partnership=world.partnership, start=dt.date(2000, 1, 1), end=dt.date(2100, 12, 31)
    )
    html = render.to_html(content)
    assert "CPPMs now on time: 88%" in html
    assert "The evaluation says improved; the linked figures show worse." in html
    # read as the committee reads it: confidential learning's evaluations are not there
    assert "Education review impact" not in html
