"""Drafts of a review's report reach only the review team and the lead officer; the report the
CPC approved reaches everyone who sees the review. Every download is written to the audit log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from learnloop.accounts.models import Membership, User
from learnloop.accounts.roles import Role
from learnloop.core.models import AuditEntry
from learnloop.reviews import services
from learnloop.reviews.models import Review

pytestmark = pytest.mark.django_db

DRAFT = b"%PDF-1.4 ZZDRAFT-MARKER-6"
FILENAME = "zzdraftname-marker.pdf"
NOT_TEAM = ["committee", "subgroup_member", "education_lead", "police_lead", "contributor", "viewer"]


@pytest.fixture
def draft(world, reviews):
    services.report_version_add(
        review=reviews.learning, file=ContentFile(DRAFT, name="r.pdf"), note="zznote-marker", by=world.lead
    )
    version = reviews.learning.report_versions.get()
    version.original_filename = FILENAME
    version.save()
    return version


@pytest.fixture
def review_lead(world, reviews):
    """A committee member named as the review's lead: on the review team though not in LRS."""
    user = User.objects.create_user(email="rl@glen.test", password="correct horse battery", full_name="Rae Lead")
    Membership.objects.create(user=user, partnership=world.partnership, role=Role.COMMITTEE_MEMBER)
    Review.objects.filter(pk=reviews.learning.pk).update(lead=user)
    return user


def _download(reviews, version=1, slug="glen"):
    return reverse("reviews:report_download", args=[slug, reviews.learning.number, version])


def _detail(reviews):
    return reverse("reviews:detail", args=["glen", reviews.learning.number])


@pytest.mark.parametrize("who", ["lead", "lrs", "review_lead"])
def test_the_review_team_downloads_a_draft_and_each_download_is_audited(
    client, world, reviews, draft, review_lead, who
):
    user = {"lead": world.lead, "lrs": reviews.lrs_member, "review_lead": review_lead}[who]
    client.force_login(user)
    assert FILENAME in client.get(_detail(reviews)).content.decode()
    before = AuditEntry.objects.count()
    response = client.get(_download(reviews))
    assert response.status_code == 200 and b"".join(response.streaming_content) == DRAFT
    entries = list(AuditEntry.objects.order_by("id")[before:])
    assert len(entries) == 1
    assert entries[0].event == AuditEntry.Event.DOWNLOAD and entries[0].user == user
    assert entries[0].object_type == "reviews.ReportVersion" and entries[0].object_id == str(draft.pk)
    assert "draft" in entries[0].detail


@pytest.mark.parametrize("who", NOT_TEAM)
def test_others_cannot_download_or_see_a_draft(client, world, reviews, draft, who):
    client.force_login(getattr(world, who))
    before = AuditEntry.objects.filter(event=AuditEntry.Event.DOWNLOAD).count()
    assert client.get(_download(reviews)).status_code == 404
    body = client.get(_detail(reviews)).content.decode()
    assert FILENAME not in body and "zznote-marker" not in body and "ZZDRAFT-MARKER-6" not in body
    assert "seen only by the review team" in body
    assert AuditEntry.objects.filter(event=AuditEntry.Event.DOWNLOAD).count() == before


def test_another_partnership_gets_404(client, world, reviews, draft):
    client.force_login(world.outsider)
    assert client.get(_download(reviews)).status_code == 404
    assert client.get(_download(reviews, slug="other")).status_code == 404


def test_the_approved_report_reaches_everyone_who_sees_the_review_and_is_audited(client, world, reviews, draft):
    services.report_version_add(review=reviews.learning, file=ContentFile(b"%PDF-1.4 final", name="f.pdf"))
    Review.objects.filter(pk=reviews.learning.pk).update(report_approved_on=dt.date(2025, 6, 1))
    for who in NOT_TEAM:
        client.force_login(getattr(world, who))
        before = AuditEntry.objects.count()
        response = client.get(_download(reviews, version=2))
        assert response.status_code == 200, who
        entries = list(AuditEntry.objects.order_by("id")[before:])
        assert [(e.event, e.object_id) for e in entries] == [
            (AuditEntry.Event.DOWNLOAD, str(reviews.learning.report_versions.get(version=2).pk))
        ]
        assert client.get(_download(reviews, version=1)).status_code == 404, who  # the earlier draft
        body = client.get(_detail(reviews)).content.decode()
        assert FILENAME not in body and "f.pdf" in body
