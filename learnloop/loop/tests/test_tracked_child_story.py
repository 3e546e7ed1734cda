"""A tracked child's story (why tracked, the difference the learning would have made, the dated
entries, and the narrative of an impact evaluation about the child) reaches exactly those who see
the child's case reference: the child's agency and the lead officer. Each read is audited, and so
is each download of an embedding file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from learnloop.core.models import AuditEntry
from learnloop.loop import services
from learnloop.loop.models import Impact
from learnloop.testing.factories import EmbeddingFactory, ImpactFactory, LearningPointFactory, TrackedChildFactory

pytestmark = pytest.mark.django_db

MARKERS = {
    "reference": "ZZREF-MARKER-7",
    "why": "ZZWHY-MARKER-7 fractured arm",
    "difference": "ZZDIFF-MARKER-7 registered in May",
    "entry": "ZZENTRY-MARKER-7 taken off the register",
    "before": "ZZBEFORE-MARKER-7",
    "after": "ZZAFTER-MARKER-7",
    "conclusion": "ZZCONCLUSION-MARKER-7",
}
STORY = [k for k in MARKERS if k != "reference"]
MAY = ["lead", "contributor"]  # the lead officer; the child's agency (Social Work)
MAY_NOT = ["committee", "subgroup_member", "education_lead", "police_lead", "viewer"]


@pytest.fixture
def story(world):
    lp = LearningPointFactory(partnership=world.partnership, subgroup=world.mise, created_by=world.lead)
    tc = TrackedChildFactory(
        partnership=world.partnership,
        agency=world.social_work,
        local_case_reference=MARKERS["reference"],
        why_tracked=MARKERS["why"],
        difference_learning_would_have_made=MARKERS["difference"],
        created_by=world.lead,
    )
    tc.learning_points.set([lp])
    services.tracked_child_add_entry(tracked_child=tc, date=dt.date(2025, 5, 1), text=MARKERS["entry"], by=world.lead)
    impact = ImpactFactory(
        partnership=world.partnership,
        method=Impact.Method.TRACKED_CHILD,
        tracked_child=tc,
        before=MARKERS["before"],
        after=MARKERS["after"],
        conclusion=MARKERS["conclusion"],
        created_by=world.lead,
    )
    impact.learning_points.set([lp])
    return {"lp": lp, "tc": tc, "impact": impact}


def _pages(story) -> list[str]:
    tc, impact, lp = story["tc"], story["impact"], story["lp"]
    return [
        reverse("loop:tracked_children", args=["glen"]),
        reverse("loop:tracked_children", args=["glen"]) + "?q=ZZWHY",
        reverse("loop:tracked_child", args=["glen", tc.pk]),
        reverse("loop:impacts", args=["glen"]),
        reverse("loop:impacts", args=["glen"]) + "?export=csv",
        reverse("loop:impacts", args=["glen"]) + "?export=xlsx",
        reverse("loop:impact", args=["glen", impact.pk]),
        reverse("loop:learning_point", args=["glen", lp.number]),
    ]


def _body(response) -> bytes:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("who", MAY_NOT)
def test_no_marker_reaches_those_who_may_not_see_the_story(client, world, story, who):
    client.force_login(getattr(world, who))
    for page in _pages(story):
        response = client.get(page)
        assert response.status_code == 200, (who, page)
        body = _body(response)
        for key, marker in MARKERS.items():
            assert marker.split()[0].encode() not in body, (who, page, key)
    searched = client.get(reverse("loop:tracked_children", args=["glen"]) + "?q=ZZWHY").content.decode()
    assert "0 tracked children" in searched  # the search does not look into the story either
    searched = client.get(reverse("loop:impacts", args=["glen"]) + "?q=ZZCONCLUSION").content.decode()
    assert story["impact"].title not in searched
    tc = story["tc"]
    assert b"seen only by" in client.get(reverse("loop:tracked_child", args=["glen", tc.pk])).content
    assert client.get(reverse("loop:impact_edit", args=["glen", story["impact"].pk])).status_code == 404
    assert client.get(reverse("loop:tracked_child_add_entry", args=["glen", tc.pk])).status_code == 404


@pytest.mark.parametrize("who", MAY)
def test_the_lead_officer_and_the_childs_agency_read_the_story_and_each_read_is_audited(client, world, story, who):
    client.force_login(getattr(world, who))
    tc, impact = story["tc"], story["impact"]

    before = AuditEntry.objects.count()
    body = client.get(reverse("loop:tracked_child", args=["glen", tc.pk])).content.decode()
    for key in ("reference", "why", "difference", "entry"):
        assert MARKERS[key] in body, key
    entries = list(AuditEntry.objects.order_by("id")[before:])
    assert [(e.event, e.object_type, e.object_id) for e in entries] == [
        (AuditEntry.Event.VIEW_CONFIDENTIAL, "loop.TrackedChild", str(tc.pk))
    ]

    before = AuditEntry.objects.count()
    body = client.get(reverse("loop:impact", args=["glen", impact.pk])).content.decode()
    assert MARKERS["before"] in body and MARKERS["after"] in body and MARKERS["conclusion"] in body
    entries = list(AuditEntry.objects.order_by("id")[before:])
    assert [(e.event, e.object_type, e.object_id) for e in entries] == [
        (AuditEntry.Event.VIEW_CONFIDENTIAL, "loop.Impact", str(impact.pk))
    ]

    export = _body(client.get(reverse("loop:impacts", args=["glen"]) + "?export=csv")).decode()
    assert MARKERS["before"] in export


def test_another_partnership_gets_404(client, world, story):
    client.force_login(world.outsider)
    for slug in ("glen", "other"):
        assert client.get(reverse("loop:tracked_child", args=[slug, story["tc"].pk])).status_code == 404
        assert client.get(reverse("loop:impact", args=[slug, story["impact"].pk])).status_code == 404


def test_each_download_of_an_embedding_file_is_audited(client, world):
    embedding = EmbeddingFactory(partnership=world.partnership, agency=world.social_work, created_by=world.lead)
    embedding.file.save("policy.pdf", ContentFile(b"%PDF-1.4 policy"))
    embedding.original_filename = "policy.pdf"
    embedding.save()
    address = reverse("loop:embedding_download", args=["glen", embedding.pk])
    client.force_login(world.viewer)
    before = AuditEntry.objects.count()
    response = client.get(address)
    assert response.status_code == 200 and _body(response) == b"%PDF-1.4 policy"
    entries = list(AuditEntry.objects.order_by("id")[before:])
    assert [(e.event, e.object_type, e.object_id, e.user) for e in entries] == [
        (AuditEntry.Event.DOWNLOAD, "loop.Embedding", str(embedding.pk), world.viewer)
    ]
    client.force_login(world.outsider)
    assert client.get(address).status_code == 404
    assert client.get(reverse("loop:embedding_download", args=["other", embedding.pk])).status_code == 404
