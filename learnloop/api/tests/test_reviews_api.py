"""Reviews through the API: summaries of exactly the reviews of the reviews page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from learnloop.api.tests.helpers import ROLES, queries, read_all, refused_to_others, token_for
from learnloop.core.models import AuditEntry
from learnloop.reviews import services
from learnloop.reviews.models import Kind, Publication, Review


def _review(world, kind, title, agency=None, partnership=None):
    p = partnership or world.partnership
    review = services.review_create(
        review=Review(partnership=p, kind=kind, title=title, agency=agency, notified_on=timezone.localdate()),
        agencies=[] if partnership else [world.education],
        by=world.lead,
        today=timezone.localdate(),
    )
    return review


@pytest.fixture
def reviews(world):
    services.review_settings_for(world.partnership)  # made on first use: before any read is counted
    learning = _review(world, Kind.LEARNING, "Baby H")
    Publication.objects.create(
        partnership=world.partnership,
        review=learning,
        kind=Publication.Kind.SUMMARY,
        title="What we learned from Baby H",
        body="Share chronologies.",
        status=Publication.Status.PUBLISHED,
        published_on=timezone.localdate() - dt.timedelta(days=1),
    )
    Publication.objects.create(
        partnership=world.partnership, review=learning, kind=Publication.Kind.BRIEFING, title="Draft", body="Not yet."
    )
    single = _review(world, Kind.SINGLE_AGENCY, "School case", agency=world.education)
    external = _review(world, Kind.EXTERNAL, "National report")
    _review(world, Kind.LEARNING, "Elsewhere", partnership=world.other_partnership)
    return {"learning": learning, "single": single, "external": external}


def test_each_member_reads_the_reviews_their_page_shows(client, world, reviews):
    seen = {}
    for role in ROLES:
        client.force_login(getattr(world, role))
        rows = read_all(client, reverse("api:reviews", args=["glen"]))
        page = client.get(reverse("reviews:list", args=["glen"]))
        assert [r["number"] for r in rows] == [r.number for r in page.context["page"]], role
        seen[role] = {r["number"] for r in rows}
    everything = {r.number for r in reviews.values()}
    assert seen["lead"] == seen["education_lead"] == everything
    for role in ("committee", "subgroup_member", "police_lead", "contributor", "viewer"):
        assert seen[role] == everything - {reviews["single"].number}, role


def test_a_review_is_a_summary_with_its_published_learning_only(client, world, reviews):
    client.force_login(world.viewer)
    rows = {r["title"]: r for r in read_all(client, reverse("api:reviews", args=["glen"]))}
    baby = rows["Baby H"]
    assert baby["kind"] == "learning" and baby["stage"] == reviews["learning"].stage
    assert baby["published"] == [
        {
            "kind": "summary",
            "title": "What we learned from Baby H",
            "body": "Share chronologies.",
            "published_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        }
    ]
    assert baby["stage_deadline"] is not None and baby["overdue"] is False
    assert rows["National report"]["published"] == []
    for hidden in ("circumstances", "named_people", "decision_reasons", "reviewers"):
        assert hidden not in baby
    filtered = read_all(client, reverse("api:reviews", args=["glen"]) + "?kind=external")
    assert [r["title"] for r in filtered] == ["National report"]


def test_reading_a_single_agency_review_is_audited(client, world, reviews):
    client.force_login(world.education_lead)
    before = AuditEntry.objects.count()
    read_all(client, reverse("api:reviews", args=["glen"]))
    entries = list(AuditEntry.objects.order_by("id")[before:])
    assert len(entries) == 1 and reviews["single"].reference in entries[0].detail
    client.force_login(world.viewer)
    before = AuditEntry.objects.count()
    read_all(client, reverse("api:reviews", args=["glen"]))
    assert AuditEntry.objects.count() == before


def test_a_token_reads_the_reviews_of_its_member_in_its_partnership_only(client, world, reviews):
    url = reverse("api:reviews", args=["glen"])
    with_token = read_all(client, url, **token_for(world, world.viewer))
    client.force_login(world.viewer)
    assert with_token == read_all(client, url)
    refused_to_others(client, world, url)


def test_a_fixed_number_of_queries_whatever_the_number_of_reviews(client, world, reviews):
    client.force_login(world.lead)
    url = reverse("api:reviews", args=["glen"])
    before = queries(client, url)
    for i in range(5):
        review = _review(world, Kind.LEARNING, f"More {i}")
        review.agencies.add(world.police, world.social_work)
        Publication.objects.create(
            partnership=world.partnership,
            review=review,
            kind=Publication.Kind.SUMMARY,
            title="T",
            body="B",
            status=Publication.Status.PUBLISHED,
        )
    assert queries(client, url) == before
