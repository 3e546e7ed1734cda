"""Closing a review: every action from it completed, or a recorded decision to carry the open
ones in the partnership's improvement plan. And dates of things that happened are never future."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from learnloop.core.models import AuditEntry
from learnloop.loop import services as loop_services
from learnloop.loop.models import Action
from learnloop.reviews import services
from learnloop.reviews.models import Finding, Recommendation, Review, Stage, StageEvent

pytestmark = pytest.mark.django_db


def at_follow_up(world, reviews, *, owners=("police",)) -> Review:
    """The learning review at follow-up, its action plan in the loop: one action per owner."""
    today = timezone.localdate()
    review = reviews.learning
    review.stage = Stage.ACTION_PLAN
    review.save()
    finding = services.finding_save(
        finding=Finding(review=review, title="Chronologies not shared", text="x", kind="improvement"), by=world.lead
    )
    for i, owner in enumerate(owners):
        services.recommendation_save(
            recommendation=Recommendation(
                review=review,
                finding=finding,
                text=f"Share chronologies before every IRD ({i})",
                owner_agency=getattr(world, owner),
                due_date=dt.date(2030, 6, 30),
                success_measure="Re-audit",
            ),
            by=world.lead,
        )
    services.action_plan_create(review=review, by=world.lead, today=today)
    services.review_complete_stage(review=review, by=world.lead, today=today)
    assert review.stage == Stage.FOLLOW_UP
    return review


def complete(action: Action, world) -> None:
    loop_services.evidence_add(action=action, description="Minutes", url="https://intranet.test/m", by=world.lead)
    loop_services.action_set_status(action=action, status=Action.Status.COMPLETED, by=world.lead)


# The rule, in the service ----------------------------------------------------------------------


def test_the_service_refuses_to_close_a_review_with_an_action_still_open(world, reviews):
    review = at_follow_up(world, reviews)
    action = services.review_actions(review).get()
    with pytest.raises(services.ReviewError, match=rf"1 action from this review is still open \({action.reference}\)"):
        services.review_complete_stage(review=review, by=world.lead, today=timezone.localdate())
    review.refresh_from_db()
    assert review.stage == Stage.FOLLOW_UP and review.closed_on is None


def test_an_action_added_in_the_loop_to_the_reviews_learning_point_counts_too(world, reviews):
    review = at_follow_up(world, reviews)
    complete(services.review_actions(review).get(), world)
    lp = review.findings.get().learning_point
    extra = loop_services.action_save(
        action=Action(
            learning_point=lp, title="Added later", owner_agency=world.education, due_date=dt.date(2030, 1, 1)
        ),
        by=world.lead,
    )
    with pytest.raises(services.ReviewError, match=extra.reference):
        services.review_complete_stage(review=review, by=world.lead, today=timezone.localdate())


def test_the_review_closes_when_every_action_is_completed_or_further_on(world, reviews):
    review = at_follow_up(world, reviews, owners=("police", "education"))
    first, second = services.review_actions(review)
    complete(first, world)
    complete(second, world)
    # Further on than completed counts as done too.
    second.status = Action.Status.EMBEDDED
    second.save()
    services.review_complete_stage(review=review, by=world.lead, today=timezone.localdate())
    review.refresh_from_db()
    assert review.stage == Stage.CLOSED and not review.closed_with_actions_carried
    assert review.closure_recorded_by is None


def test_a_decision_to_carry_the_open_actions_needs_who_when_and_why(world, reviews):
    review = at_follow_up(world, reviews)
    today = timezone.localdate()
    for forum, on, reason, message in (
        ("", today, "Carried", "Say who decided"),
        ("CPC", None, "Carried", "Enter the date of the decision"),
        ("CPC", today + dt.timedelta(days=1), "Carried", "must be today or in the past"),
        ("CPC", today, "  ", "Say why"),
    ):
        with pytest.raises(services.ReviewError, match=message):
            services.review_complete_stage(
                review=review,
                by=world.lead,
                today=today,
                closure_forum=forum,
                closure_decided_on=on,
                closure_reason=reason,
            )
    assert Review.objects.get(pk=review.pk).stage == Stage.FOLLOW_UP


def test_closing_with_a_decision_records_it_on_the_review_the_timeline_and_the_audit_log(world, reviews):
    review = at_follow_up(world, reviews)
    action = services.review_actions(review).get()
    today = timezone.localdate()
    services.review_complete_stage(
        review=review,
        by=world.lead,
        today=today,
        closure_forum="CPC meeting",
        closure_decided_on=today - dt.timedelta(days=3),
        closure_reason="The action is in the partnership's improvement plan, reported quarterly.",
    )
    review.refresh_from_db()
    assert review.stage == Stage.CLOSED and review.closed_on == today
    assert review.closure_forum == "CPC meeting" and review.closure_recorded_by == world.lead
    assert review.closure_decided_on == today - dt.timedelta(days=3)
    assert review.carried_action_references() == [action.reference]
    event = review.events.last()
    assert event.kind == StageEvent.Kind.COMPLETED and event.stage_to == Stage.CLOSED
    assert action.reference in event.note and "CPC meeting" in event.note and "improvement plan" in event.note
    entry = AuditEntry.objects.filter(object_type="reviews.Review", object_id=str(review.pk), event="update").first()
    assert entry is not None and "closure_forum" in entry.changes


def test_going_back_from_closed_clears_the_decision_and_the_timeline_keeps_it(world, reviews):
    review = at_follow_up(world, reviews)
    today = timezone.localdate()
    services.review_complete_stage(
        review=review, by=world.lead, today=today, closure_forum="CPC", closure_decided_on=today, closure_reason="Why"
    )
    services.review_go_back(review=review, stage=Stage.FOLLOW_UP, reason="More to do", by=world.lead, today=today)
    review.refresh_from_db()
    assert review.stage == Stage.FOLLOW_UP and not review.closed_with_actions_carried and review.closure_forum == ""
    assert review.events.filter(note__contains="CPC").exists()


# Through the pages ---------------------------------------------------------------------------


def test_the_close_page_lists_the_open_actions_and_refuses_without_a_decision(client, world, reviews):
    review = at_follow_up(world, reviews)
    action = services.review_actions(review).get()
    client.force_login(world.lead)
    address = reverse("reviews:stage", args=["glen", review.number])
    page = client.get(address).content.decode()
    assert action.get_absolute_url() in page and "Not started" in page
    assert "Who decided" in page and "improvement plan" in page
    response = client.post(address, {"complete": "on"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Say who decided to close the review with actions open" in page
    assert "Enter the date of the decision to close the review" in page
    assert "Say why the review can close with actions still open" in page
    review.refresh_from_db()
    assert review.stage == Stage.FOLLOW_UP


def test_the_close_page_refuses_a_future_decision_date(client, world, reviews):
    review = at_follow_up(world, reviews)
    client.force_login(world.lead)
    future = timezone.localdate() + dt.timedelta(days=2)
    response = client.post(
        reverse("reviews:stage", args=["glen", review.number]),
        {
            "complete": "on",
            "closure_forum": "CPC",
            "closure_decided_on_day": str(future.day),
            "closure_decided_on_month": str(future.month),
            "closure_decided_on_year": str(future.year),
            "closure_reason": "Carried",
        },
    )
    assert response.status_code == 200
    assert "The date of the decision to close the review must be today or in the past" in response.content.decode()
    assert Review.objects.get(pk=review.pk).stage == Stage.FOLLOW_UP


def test_closing_with_a_decision_through_the_page_shows_it_on_the_review(client, world, reviews):
    review = at_follow_up(world, reviews)
    action = services.review_actions(review).get()
    client.force_login(world.lead)
    today = timezone.localdate()
    response = client.post(
        reverse("reviews:stage", args=["glen", review.number]),
        {
            "complete": "on",
            "closure_forum": "CPC meeting",
            "closure_decided_on_day": str(today.day),
            "closure_decided_on_month": str(today.month),
            "closure_decided_on_year": str(today.year),
            "closure_reason": "Carried in the improvement plan.",
        },
    )
    assert response.status_code == 302
    page = client.get(review.get_absolute_url()).content.decode()
    assert 'id="closure-decision"' in page and "CPC meeting" in page and action.reference in page
    assert "Recorded by Lena Lead" in page


def test_with_every_action_completed_the_page_closes_without_a_decision(client, world, reviews):
    review = at_follow_up(world, reviews)
    complete(services.review_actions(review).get(), world)
    client.force_login(world.lead)
    address = reverse("reviews:stage", args=["glen", review.number])
    page = client.get(address).content.decode()
    assert "Who decided" not in page and "Every action from this review is completed" in page
    assert client.post(address, {"complete": "on"}).status_code == 302
    assert Review.objects.get(pk=review.pk).stage == Stage.CLOSED


# Dates of things that happened ------------------------------------------------------------------


def test_a_future_cpc_decision_date_is_refused_and_named(client, world, reviews):
    review = reviews.learning
    review.stage = Stage.DECISION
    review.save()
    client.force_login(world.committee)
    future = timezone.localdate() + dt.timedelta(days=10)
    response = client.post(
        reverse("reviews:stage", args=["glen", review.number]),
        {
            "decision": "proceed",
            "decision_reasons": "Criteria met",
            "decided_by": "CPC",
            "decided_on_day": str(future.day),
            "decided_on_month": str(future.month),
            "decided_on_year": str(future.year),
            "complete": "on",
        },
    )
    assert response.status_code == 200
    assert "The date of the CPC decision must be today or in the past." in response.content.decode()
    review.refresh_from_db()
    assert review.stage == Stage.DECISION and review.decided_on is None


@pytest.mark.parametrize(
    ("stage", "field", "subject"),
    [
        (Stage.CI_NOTIFICATION, "ci_notified_on", "The date the Care Inspectorate was notified"),
        (Stage.REPORT, "report_approved_on", "The date the CPC approved the report"),
        (Stage.REPORT, "report_ratified_on", "The date the Chief Officers Group ratified the report"),
        (Stage.FINAL_REPORT, "final_report_sent_on", "The date the final report was sent"),
        (Stage.NOTIFICATION, "notified_on", "The date the notification was received"),
    ],
)
def test_other_dates_that_happened_refuse_the_future(client, world, reviews, stage, field, subject):
    review = reviews.learning
    review.stage = stage
    review.save()
    client.force_login(world.lead)
    future = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        reverse("reviews:stage", args=["glen", review.number]),
        {f"{field}_day": str(future.day), f"{field}_month": str(future.month), f"{field}_year": str(future.year)},
    )
    assert response.status_code == 200
    assert f"{subject} must be today or in the past." in response.content.decode()
    today = timezone.localdate()
    response = client.post(
        reverse("reviews:stage", args=["glen", review.number]),
        {f"{field}_day": str(today.day), f"{field}_month": str(today.month), f"{field}_year": str(today.year)},
    )
    assert response.status_code == 302


def test_the_review_form_refuses_a_future_notification_date(client, world):
    client.force_login(world.lead)
    future = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        reverse("reviews:create", args=["glen"]),
        {
            "kind": "learning",
            "title": "New notification",
            "notified_on_day": str(future.day),
            "notified_on_month": str(future.month),
            "notified_on_year": str(future.year),
        },
    )
    assert response.status_code == 200
    assert "The date the notification was received must be today or in the past." in response.content.decode()


def test_the_demo_closes_no_review_with_open_actions_unless_a_decision_is_recorded():
    import io

    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    for review in Review.objects.filter(stage=Stage.CLOSED):
        assert not services.review_open_actions(review) or review.closed_with_actions_carried, review.reference
