"""Writes through the pages: stages, returns, bad input kept and named, exports that open."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from learnloop.core.models import AuditEntry
from learnloop.loop.models import Action
from learnloop.reviews import services
from learnloop.reviews.models import AgencyRequest, Finding, Publication, Recommendation, Review, Stage
from learnloop.testing.documents import assert_pdf_document, assert_word_document, link

pytestmark = pytest.mark.django_db


def detail(review):
    return reverse("reviews:detail", args=["glen", review.number])


def test_create_a_learning_review_from_the_form(client, world):
    client.force_login(world.lead)
    response = client.post(
        reverse("reviews:create", args=["glen"]),
        {
            "kind": "learning",
            "title": "New notification",
            "agencies": [world.education.pk],
            "notified_on_day": "2",
            "notified_on_month": "3",
            "notified_on_year": "2026",
            "notified_by": "A head teacher",
            "circumstances": "Concerns",
            "criteria": ["risk"],
        },
    )
    review = Review.objects.get(title="New notification")
    assert response.status_code == 302 and response["Location"] == detail(review)
    assert review.stage == Stage.NOTIFICATION and review.criteria == ["risk"]
    assert review.stage_started_on == dt.date(2026, 3, 2)


def test_bad_input_names_the_field_and_keeps_what_was_typed(client, world):
    client.force_login(world.lead)
    response = client.post(
        reverse("reviews:create", args=["glen"]),
        {
            "kind": "single_agency",
            "title": "Typed title",
            "notified_on_day": "31",
            "notified_on_month": "2",
            "notified_on_year": "2026",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose the agency this single-agency case review belongs to." in page
    assert "Enter a real date" in page
    assert 'value="Typed title"' in page
    assert not Review.objects.filter(title="Typed title").exists()


def test_completing_a_stage_with_something_missing_shows_why_and_saves_what_was_typed(client, world, reviews):
    client.force_login(world.lead)
    review = reviews.learning
    services.review_complete_stage(review=review, by=world.lead, today=timezone.localdate(), exception_reason="r")
    response = client.post(
        reverse("reviews:stage", args=["glen", review.number]),
        {"recommendation_outline": "An outline", "complete": "on"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Give the basis for referral." in page
    assert "An outline" in page
    review.refresh_from_db()
    assert review.stage == Stage.RECOMMENDATION and review.recommendation_outline == "An outline"


def test_the_committee_records_the_decision(client, world, reviews):
    review = reviews.learning
    review.stage = Stage.DECISION
    review.save()
    client.force_login(world.committee)
    response = client.post(
        reverse("reviews:stage", args=["glen", review.number]),
        {
            "decision": "proceed",
            "decision_reasons": "Criteria met",
            "decided_by": "CPC",
            "decided_on_day": "1",
            "decided_on_month": "3",
            "decided_on_year": "2026",
            "complete": "on",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.stage == Stage.CI_NOTIFICATION and review.decided_on == dt.date(2026, 3, 1)
    assert review.events.last().created_by == world.committee


def test_go_back_without_a_reason_is_refused(client, world, reviews):
    client.force_login(world.lead)
    address = reverse("reviews:go_back", args=["glen", reviews.learning.number])
    response = client.post(address, {"stage": "notification", "reason": ""})
    assert response.status_code == 200 and "Enter why" in response.content.decode()
    response = client.post(address, {"stage": "notification", "reason": "Criteria wrong"})
    assert response.status_code == 302


def test_an_agency_lead_submits_their_return_and_another_agency_cannot(client, world, reviews):
    request = reviews.learning.agency_requests.get(agency=world.education)
    address = reverse("reviews:agency_return", args=["glen", reviews.learning.number, request.pk])
    client.force_login(world.police_lead)
    assert client.post(address, {"involvement_summary": "x"}).status_code == 404
    client.force_login(world.education_lead)
    response = client.post(
        address, {"involvement_summary": "Saw the child", "chronology": "", "initial_reflection": ""}
    )
    assert response.status_code == 200 and "Enter chronology" in response.content.decode()
    response = client.post(
        address, {"involvement_summary": "Saw the child", "chronology": "Term 1", "initial_reflection": "Late"}
    )
    assert response.status_code == 302
    request = AgencyRequest.objects.get(pk=request.pk)
    assert request.submitted_by == world.education_lead
    # Once submitted, it is read, not edited.
    assert "Saw the child" in client.get(address).content.decode()


def test_the_agency_lead_sees_the_return_due_on_their_home_page(client, world, reviews):
    client.force_login(world.education_lead)
    page = client.get(reverse("loop:home", args=["glen"])).content.decode()
    assert "Reviews that need you" in page and "Learning review: baby harmed" in page


def test_an_overdue_stage_shows_on_the_lead_officers_home_page_and_not_the_viewers(client, world, reviews):
    review = reviews.learning
    review.stage_started_on = timezone.localdate() - dt.timedelta(days=60)
    review.save()
    client.force_login(world.lead)
    page = client.get(reverse("loop:home", args=["glen"])).content.decode()
    assert "Overdue stages" in page and "39 days overdue" in page  # 60 days in, 21 allowed
    client.force_login(world.viewer)
    assert "Reviews that need you" not in client.get(reverse("loop:home", args=["glen"])).content.decode()


def test_settings_page_changes_deadlines(client, world):
    client.force_login(world.lead)
    data = dict.fromkeys(
        [
            "notification_days",
            "information_days",
            "agency_return_days",
            "recommendation_days",
            "decision_days",
            "ci_notification_days",
            "relevance_days",
            "review_days",
            "report_days",
            "final_report_days",
            "publication_days",
            "action_plan_days",
            "publication_review_months",
        ],
        "10",
    )
    data["decision_days"] = "-1"
    response = client.post(reverse("reviews:settings", args=["glen"]), data)
    assert response.status_code == 200 and "CPC decision: days must be 0 or more" in response.content.decode()
    data["decision_days"] = "35"
    assert client.post(reverse("reviews:settings", args=["glen"]), data).status_code == 302
    assert services.review_settings_for(world.partnership).decision_days == 35


def _plan(world, reviews):
    review = reviews.learning
    review.stage = Stage.ACTION_PLAN
    review.save()
    finding = services.finding_save(
        finding=Finding(review=review, title="Chronologies not shared", text="x", kind="improvement"), by=world.lead
    )
    services.recommendation_save(
        recommendation=Recommendation(
            review=review,
            finding=finding,
            text="Share chronologies before every IRD",
            owner_agency=world.police,
            due_date=dt.date(2030, 6, 30),
            success_measure="Re-audit",
        ),
        by=world.lead,
    )
    return review


def test_the_action_plan_reaches_the_loop_and_the_review_shows_each_actions_status(client, world, reviews):
    review = _plan(world, reviews)
    client.force_login(world.lead)
    response = client.post(reverse("reviews:action_plan_create", args=["glen", review.number]))
    assert response.status_code == 302
    action = Action.objects.get(title="Share chronologies before every IRD")
    page = client.get(detail(review)).content.decode()
    assert action.reference in page and "Not started" in page
    lp_page = client.get(action.learning_point.get_absolute_url()).content.decode()
    assert review.reference in lp_page  # the loop links back to the review


def test_action_plan_exports_open(client, world, reviews):
    from docx import Document

    review = _plan(world, reviews)
    client.force_login(world.viewer)
    response = client.get(reverse("reviews:action_plan_export", args=["glen", review.number, "docx"]))
    document = Document(io.BytesIO(response.content))
    assert document.tables[0].rows[1].cells[1].text == "Share chronologies before every IRD"
    response = client.get(reverse("reviews:action_plan_export", args=["glen", review.number, "pdf"]))
    assert response.content.startswith(b"%PDF")
    assert _pdf_text(response.content, "Share chronologies")
    assert AuditEntry.objects.filter(event=AuditEntry.Event.EXPORT).count() == 2
    assert client.get(reverse("reviews:action_plan_export", args=["glen", review.number, "exe"])).status_code == 404


def _pdf_text(content: bytes, expected: str) -> bool:
    """Check the PDF's text with poppler's pdftotext where it is installed."""
    executable = shutil.which("pdftotext")
    if not executable:
        return True
    out = subprocess.run(  # noqa: S603 (a fixed executable found on PATH, our own PDF as input)
        [executable, "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return expected in " ".join(out.split())


def test_summary_exports_open(client, world, reviews):
    from docx import Document

    pub = services.publication_save(
        publication=Publication(
            review=reviews.learning,
            kind="summary",
            title="What we learned",
            body="First paragraph.\n\nSecond paragraph.",
        ),
    )
    client.force_login(world.lead)
    base = ["glen", reviews.learning.number, pub.pk]
    document = Document(io.BytesIO(client.get(reverse("reviews:publication_export", args=[*base, "docx"])).content))
    assert [p.text for p in document.paragraphs][-2:] == ["First paragraph.", "Second paragraph."]
    pdf = client.get(reverse("reviews:publication_export", args=[*base, "pdf"])).content
    assert pdf.startswith(b"%PDF") and _pdf_text(pdf, "Second paragraph.")


def test_publishing_through_the_pages(client, world, reviews):
    client.force_login(world.lead)
    review = reviews.learning
    review.named_people = "Jordan Fairlie"
    review.save()
    response = client.post(
        reverse("reviews:publication_create", args=["glen", review.number]),
        {"kind": "summary", "title": "Summary", "body": "Jordan Fairlie moved on 3 April 2024.", "school_names": ""},
    )
    pub = Publication.objects.get(title="Summary")
    assert response["Location"] == reverse("reviews:publication", args=["glen", review.number, pub.pk])
    page = client.get(response["Location"]).content.decode()
    assert "2 possible identifiers found; 2 not yet resolved" in page
    ready = reverse("reviews:publication_transition", args=["glen", review.number, pub.pk, "ready"])
    client.post(ready)
    assert Publication.objects.get(pk=pub.pk).status == "draft"
    accept = reverse("reviews:publication_accept", args=["glen", review.number, pub.pk])
    client.post(accept, {"kind": "name", "text": "Jordan Fairlie", "reason": ""})
    client.post(accept, {"kind": "name", "text": "Jordan Fairlie", "reason": "Agreed pseudonym"})
    client.post(accept, {"kind": "date", "text": "3 April 2024", "reason": "Not identifying"})
    client.post(ready)
    client.post(reverse("reviews:publication_transition", args=["glen", review.number, pub.pk, "publish"]))
    assert Publication.objects.get(pk=pub.pk).status == "published"


def test_the_stage_keeps_its_acronyms_mid_sentence(client, world, reviews):
    review = reviews.learning
    Review.objects.filter(pk=review.pk).update(stage=Stage.DECISION)
    client.force_login(world.lead)
    html = client.get(reverse("reviews:detail", args=["glen", review.number])).content.decode()
    assert "Record CPC decision" in html and "Now: CPC decision" in html
    assert "cpc decision" not in html


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_action_plan_links_give_an_a4_landscape_house_document(client, world, reviews, fmt):
    review = _plan(world, reviews)
    client.force_login(world.viewer)
    page = client.get(detail(review)).content.decode()
    content = client.get(link(page, rf"/action-plan\.{fmt}$")).content
    title = f"Action plan: {review.title}"
    if fmt == "docx":
        document = assert_word_document(content, partnership=world.partnership.name, title=title)
        assert document.sections[0].page_width > document.sections[0].page_height  # seven columns: landscape
    else:
        assert "Share chronologies" in assert_pdf_document(content, partnership=world.partnership.name, title=title)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_publication_links_give_the_house_document(client, world, reviews, fmt):
    pub = services.publication_save(
        publication=Publication(review=reviews.learning, kind="summary", title="What we learned", body="First.")
    )
    client.force_login(world.lead)
    page = client.get(reverse("reviews:publication", args=["glen", reviews.learning.number, pub.pk])).content.decode()
    content = client.get(link(page, rf"/publications/{pub.pk}\.{fmt}$")).content
    if fmt == "docx":
        assert_word_document(content, partnership=world.partnership.name, title="What we learned")
    else:
        assert "First." in assert_pdf_document(content, partnership=world.partnership.name, title="What we learned")
