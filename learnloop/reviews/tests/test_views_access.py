"""Every review page for someone allowed, someone read-only, another agency and another partnership.

Anyone not allowed gets a 404: existence never leaks.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from learnloop.core.models import AuditEntry
from learnloop.reviews import services
from learnloop.reviews.models import Finding, Publication

pytestmark = pytest.mark.django_db

EVERYONE = ["lead", "committee", "subgroup_member", "education_lead", "police_lead", "contributor", "viewer", "lrs"]
EDITORS = ["lead", "lrs"]


def users(world, reviews):
    return {
        "lead": world.lead,
        "committee": world.committee,
        "subgroup_member": world.subgroup_member,
        "education_lead": world.education_lead,
        "police_lead": world.police_lead,
        "contributor": world.contributor,
        "viewer": world.viewer,
        "lrs": reviews.lrs_member,
        "outsider": world.outsider,
    }


@pytest.fixture
def extra(reviews, world):
    learning = reviews.learning
    finding = services.finding_save(finding=Finding(review=learning, title="F", text="x", kind="improvement"))
    pub = services.publication_save(publication=Publication(review=learning, kind="summary", title="S", body="Plain."))
    services.report_version_add(review=learning, file=ContentFile(b"%PDF-1.4 x", name="r.pdf"))
    return {"finding": finding, "pub": pub, "request": learning.agency_requests.get(agency=world.education)}


def url(name, reviews, extra, slug="glen"):
    n = reviews.learning.number
    args = {
        "list": [],
        "create": [],
        "overview": [],
        "settings": [],
        "detail": [n],
        "edit": [n],
        "stage": [n],
        "go_back": [n],
        "agency_requests": [n],
        "agency_return": [n, extra["request"].pk],
        "child_add": [n],
        "process_add": [n],
        "report_upload": [n],
        "report_download": [n, 1],
        "finding_create": [n],
        "finding_edit": [n, extra["finding"].pk],
        "recommendation_create": [n],
        "publication_create": [n],
        "publication": [n, extra["pub"].pk],
        "publication_edit": [n, extra["pub"].pk],
        "action_plan_export": [n, "docx"],
        "publication_export": [n, extra["pub"].pk, "pdf"],
        "single": [reviews.single.number],
    }[name]
    route = "detail" if name == "single" else name
    return reverse(f"reviews:{route}", args=[slug, *args])


CASES = [
    ("list", EVERYONE),
    ("overview", EVERYONE),
    ("detail", EVERYONE),
    ("report_download", EDITORS),  # a draft: the review team (test_report_drafts.py)
    ("publication", EVERYONE),
    ("action_plan_export", EVERYONE),
    ("publication_export", EVERYONE),
    ("single", ["lead", "education_lead"]),
    ("create", EDITORS),
    ("settings", ["lead"]),
    ("edit", EDITORS),
    ("stage", EDITORS),
    ("go_back", EDITORS),
    ("agency_requests", EDITORS),
    ("agency_return", ["lead", "lrs", "committee", "education_lead"]),
    ("child_add", EDITORS),
    ("process_add", EDITORS),
    ("report_upload", EDITORS),
    ("finding_create", EDITORS),
    ("finding_edit", EDITORS),
    ("recommendation_create", EDITORS),
    ("publication_create", EDITORS),
    ("publication_edit", EDITORS),
]


@pytest.mark.parametrize(("page", "allowed"), CASES, ids=[c[0] for c in CASES])
def test_access(client, world, reviews, extra, page, allowed):
    address = url(page, reviews, extra)
    for key, user in users(world, reviews).items():
        client.force_login(user)
        status = client.get(address).status_code
        expected = 200 if key in allowed else 404
        assert status == expected, f"{key} on {page}: {status}"


def test_another_partnerships_lead_gets_404_even_with_the_right_number(client, world, reviews, extra):
    client.force_login(world.outsider)
    assert client.get(url("detail", reviews, extra, slug="other")).status_code == 404
    assert client.get(url("list", reviews, extra, slug="other")).status_code == 200  # their own, empty


def test_reading_a_single_agency_review_is_audited(client, world, reviews, extra):
    client.force_login(world.education_lead)
    client.get(url("single", reviews, extra))
    entry = AuditEntry.objects.get(event=AuditEntry.Event.VIEW_CONFIDENTIAL)
    assert entry.object_id == str(reviews.single.pk) and entry.user == world.education_lead


def test_the_committee_decides_only_at_the_decision_stage(client, world, reviews, extra):
    client.force_login(world.committee)
    assert client.get(url("stage", reviews, extra)).status_code == 404
    reviews.learning.stage = "decision"
    reviews.learning.save()
    assert client.get(url("stage", reviews, extra)).status_code == 200
    client.force_login(reviews.lrs_member)
    assert client.get(url("stage", reviews, extra)).status_code == 404


def test_case_references_only_for_those_running_the_review(client, world, reviews, extra):
    from learnloop.reviews.models import ReviewChild

    services.review_child_add(
        child=ReviewChild(review=reviews.learning, label="Child A", local_case_reference="SW-2024-0117", age_band="0")
    )
    client.force_login(world.lead)
    assert "SW-2024-0117" in client.get(url("detail", reviews, extra)).content.decode()
    client.force_login(world.viewer)
    page = client.get(url("detail", reviews, extra)).content.decode()
    assert "Child A" in page and "SW-2024-0117" not in page


def test_list_hides_single_agency_reviews_from_other_agencies(client, world, reviews, extra):
    client.force_login(world.police_lead)
    page = client.get(url("list", reviews, extra)).content.decode()
    assert "Learning review: baby harmed" in page and "Education single-agency review" not in page
    client.force_login(world.education_lead)
    assert "Education single-agency review" in client.get(url("list", reviews, extra)).content.decode()
    response = client.get(url("list", reviews, extra) + "?export=csv")
    assert response.status_code == 200 and b"Education single-agency review" in response.content
