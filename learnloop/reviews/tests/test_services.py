"""Stage transitions and deadlines (dates controlled), returns, the action plan and publishing."""

from __future__ import annotations

import datetime as dt

import pytest

from learnloop.core.models import AuditEntry
from learnloop.loop.models import Action, LearningPoint
from learnloop.reviews import services, stages
from learnloop.reviews.models import Finding, Kind, Publication, Recommendation, Review, ReviewChild, Stage, StageEvent
from learnloop.reviews.tests.conftest import TODAY, make_learning

pytestmark = pytest.mark.django_db


def submit_all(review, world, on=TODAY):
    for request in review.agency_requests.all():
        services.agency_return_submit(
            request=request,
            involvement_summary="Saw the family twice.",
            chronology="Week 1: visit.",
            initial_reflection="We could have shared sooner.",
            by=world.education_lead,
            today=on,
        )


def test_a_new_learning_review_starts_at_notification_with_its_deadline(world):
    review = make_learning(world, on=dt.date(2026, 1, 10))
    assert review.stage == Stage.NOTIFICATION
    assert review.number == 1
    settings = services.review_settings_for(world.partnership)
    # Notification: 7 days by default, so 10 Jan + 7 = 17 Jan.
    assert stages.deadline(review, settings) == dt.date(2026, 1, 17)
    assert not stages.is_overdue(review, settings, dt.date(2026, 1, 17))
    assert stages.is_overdue(review, settings, dt.date(2026, 1, 18))
    assert stages.days_overdue(review, settings, dt.date(2026, 1, 20)) == 3


def test_deadlines_follow_the_partnerships_settings(world):
    review = make_learning(world, on=dt.date(2026, 1, 10))
    settings = services.review_settings_for(world.partnership)
    settings.notification_days = 2
    services.review_settings_save(review_settings=settings)
    assert stages.deadline(review, services.review_settings_for(world.partnership)) == dt.date(2026, 1, 12)


def test_information_cannot_be_skipped_without_returns_but_an_exception_with_a_reason_is_allowed(reviews, world):
    review = reviews.learning
    assert review.stage == Stage.INFORMATION
    with pytest.raises(services.ReviewError, match="Education has not submitted its return"):
        services.review_complete_stage(review=review, by=world.lead, today=TODAY)
    services.review_complete_stage(
        review=review, by=world.lead, today=TODAY, exception_reason="Police return delayed by court process."
    )
    assert review.stage == Stage.RECOMMENDATION
    event = review.events.last()
    assert event.kind == StageEvent.Kind.EXCEPTION and "court process" in event.note


def test_a_stage_without_exceptions_refuses_to_move_with_what_is_missing(reviews, world):
    review = reviews.learning
    submit_all(review, world)
    services.review_complete_stage(review=review, by=world.lead, today=TODAY)
    with pytest.raises(services.ReviewError, match="outline"):
        services.review_complete_stage(review=review, by=world.lead, today=TODAY, exception_reason="Hurry")
    assert Review.objects.get(pk=review.pk).stage == Stage.RECOMMENDATION


def test_the_whole_process_from_notification_to_follow_up(reviews, world, tmp_path):
    from django.core.files.base import ContentFile

    review = reviews.learning
    submit_all(review, world)
    day = TODAY
    services.review_complete_stage(review=review, by=world.lead, today=day)
    for name, value in {
        "recommendation_outline": "Outline",
        "recommendation_basis": "Basis",
        "recommendation_circumstances": "Safe",
        "recommendation": Review.Decision.PROCEED,
    }.items():
        setattr(review, name, value)
    services.review_complete_stage(review=review, by=world.lead, today=day)
    assert review.stage == Stage.DECISION
    review.decision, review.decision_reasons = Review.Decision.PROCEED, "Criteria met"
    review.decided_by, review.decided_on = "CPC", day
    services.review_complete_stage(review=review, by=world.committee, today=day)
    assert review.stage == Stage.CI_NOTIFICATION
    review.ci_notified_on = day
    services.review_complete_stage(review=review, by=world.lead, today=day)
    assert review.stage == Stage.REVIEW
    review.reviewers, review.methodology = "Dr Lesley Kerr, reviewer", "Systems"
    review.family_involvement, review.practitioner_involvement = "Met twice", "Learning events"
    services.review_complete_stage(review=review, by=world.lead, today=day)
    file = ContentFile(b"%PDF-1.4 report", name="report.pdf")
    services.report_version_add(review=review, file=file, by=world.lead)
    services.report_version_add(review=review, file=ContentFile(b"%PDF-1.4 v2", name="r2.pdf"), by=world.lead)
    assert list(review.report_versions.values_list("version", flat=True)) == [2, 1]
    review.report_approved_on = review.report_ratified_on = day
    services.review_complete_stage(review=review, by=world.committee, today=day)
    review.final_report_sent_on = day
    services.review_complete_stage(review=review, by=world.lead, today=day)
    assert review.stage == Stage.PUBLICATION
    review.publication_decision, review.publication_reasons = Review.PublicationDecision.EXECUTIVE_SUMMARY, "Policy"
    with pytest.raises(services.ReviewError, match="mark it ready"):
        services.review_complete_stage(review=review, by=world.lead, today=day)
    pub = services.publication_save(
        publication=Publication(review=review, kind="summary", title="Summary", body="Chronologies were not shared."),
        by=world.lead,
    )
    services.publication_mark_ready(publication=pub, by=world.lead, today=day)
    services.review_complete_stage(review=review, by=world.lead, today=day)
    assert review.stage == Stage.ACTION_PLAN
    assert review.events.count() == 10  # started, then 9 stages completed (notification to publication)


def test_a_decision_not_to_proceed_closes_the_review_after_the_care_inspectorate_is_told(world):
    review = make_learning(world)
    review.stage = Stage.CI_NOTIFICATION
    review.decision = Review.Decision.NOT_PROCEED
    review.ci_notified_on = TODAY
    services.review_complete_stage(review=review, by=world.lead, today=TODAY)
    assert review.stage == Stage.CLOSED and review.closed_on == TODAY


def test_going_back_needs_a_reason_and_an_earlier_stage(reviews, world):
    review = reviews.learning
    with pytest.raises(services.ReviewError, match="Say why"):
        services.review_go_back(review=review, stage=Stage.NOTIFICATION, reason=" ", by=world.lead, today=TODAY)
    with pytest.raises(services.ReviewError, match="earlier stage"):
        services.review_go_back(review=review, stage=Stage.DECISION, reason="x", by=world.lead, today=TODAY)
    services.review_go_back(
        review=review, stage=Stage.NOTIFICATION, reason="Wrong criteria", by=world.lead, today=TODAY
    )
    assert review.stage == Stage.NOTIFICATION
    assert review.events.last().kind == StageEvent.Kind.REOPENED


def test_agency_returns_need_every_part_and_the_information_stage(reviews, world):
    request = reviews.learning.agency_requests.get(agency=world.education)
    with pytest.raises(services.ReviewError, match="Enter the chronology"):
        services.agency_return_submit(
            request=request,
            involvement_summary="x",
            chronology=" ",
            initial_reflection="y",
            by=world.education_lead,
            today=TODAY,
        )
    request.refresh_from_db()
    assert request.submitted_on is None  # nothing half-saved
    services.agency_return_submit(
        request=request,
        involvement_summary="x",
        chronology="c",
        initial_reflection="y",
        by=world.education_lead,
        today=TODAY,
    )
    assert request.submitted_by == world.education_lead


def test_requests_are_refused_outside_information_gathering_and_with_past_due_dates(reviews, world):
    with pytest.raises(services.ReviewError, match="today or later"):
        services.agency_requests_send(
            review=reviews.learning,
            agencies=[world.police],
            due_on=TODAY - dt.timedelta(days=1),
            by=world.lead,
            today=TODAY,
        )
    with pytest.raises(services.ReviewError, match="information-gathering"):
        services.agency_requests_send(
            review=reviews.single, agencies=[world.police], due_on=TODAY, by=world.lead, today=TODAY
        )


def test_a_single_agency_review_needs_its_agency(world):
    with pytest.raises(services.ReviewError, match="agency it belongs to"):
        services.review_create(
            review=Review(partnership=world.partnership, kind=Kind.SINGLE_AGENCY, title="x"), by=world.lead, today=TODAY
        )


def test_the_action_plan_puts_findings_and_recommendations_into_the_loop_once(reviews, world):
    review = reviews.single
    review.stage = Stage.ACTION_PLAN
    review.save()
    theme = world.partnership.themes.first()
    finding = services.finding_save(
        finding=Finding(review=review, title="Attendance not escalated", text="Nobody escalated.", kind="improvement"),
        themes=[theme],
        by=world.lead,
    )
    services.recommendation_save(
        recommendation=Recommendation(
            review=review,
            finding=finding,
            text="Escalate after 5 days' absence",
            owner_agency=world.education,
            due_date=dt.date(2026, 9, 1),
            success_measure="Audit",
        ),
        by=world.lead,
    )
    assert services.action_plan_create(review=review, by=world.lead, today=TODAY) == (1, 1)
    assert services.action_plan_create(review=review, by=world.lead, today=TODAY) == (0, 0)
    lp = LearningPoint.objects.get(review_finding=finding)
    assert lp.source_record == review
    assert list(lp.themes.all()) == [theme]
    # Learning from a single-agency review stays confidential to the agency.
    assert lp.is_confidential and lp.agency == world.education
    action = Action.objects.get(review_recommendation__review=review)
    assert action.learning_point == lp and action.due_date == dt.date(2026, 9, 1)
    services.review_complete_stage(review=review, by=world.lead, today=TODAY)
    assert review.stage == Stage.FOLLOW_UP


def test_a_recommendation_needs_an_owner(reviews, world):
    finding = services.finding_save(
        finding=Finding(review=reviews.single, title="t", text="x", kind="improvement"), by=world.lead
    )
    with pytest.raises(services.ReviewError, match="who owns"):
        services.recommendation_save(
            recommendation=Recommendation(
                review=reviews.single, finding=finding, text="x", due_date=TODAY, success_measure="y"
            )
        )


def test_ready_to_publish_needs_every_identifier_resolved(reviews, world):
    review = reviews.learning
    review.named_people = "Jordan Fairlie"
    review.save()
    services.review_child_add(
        child=ReviewChild(review=review, label="Child A", local_case_reference="SW-2024-0117", age_band="0"),
        by=world.lead,
    )
    pub = services.publication_save(
        publication=Publication(
            review=review,
            kind="summary",
            title="Summary",
            body="Jordan Fairlie's case (SW-2024-0117) showed chronologies were not shared.",
        ),
        by=world.lead,
    )
    assert {f.kind for f in services.redaction_open(pub)} == {"name", "case_reference"}
    with pytest.raises(services.ReviewError, match="2 possible identifiers"):
        services.publication_mark_ready(publication=pub, by=world.lead, today=TODAY)
    # Edit one out; accept the other with a reason.
    pub.body = "Jordan Fairlie's case showed chronologies were not shared."
    services.publication_save(publication=pub, by=world.lead)
    with pytest.raises(services.ReviewError, match="Say why"):
        services.redaction_accept(publication=pub, kind="name", text="Jordan Fairlie", reason="", by=world.lead)
    services.redaction_accept(
        publication=pub, kind="name", text="Jordan Fairlie", reason="A pseudonym agreed with the family", by=world.lead
    )
    services.publication_mark_ready(publication=pub, by=world.lead, today=TODAY)
    services.publication_publish(publication=pub, by=world.lead, today=dt.date(2026, 1, 31))
    # 24 months by default; 31 January plus 24 months is 31 January 2028.
    assert pub.review_by == dt.date(2028, 1, 31)
    assert pub.is_due_for_review(dt.date(2028, 1, 31)) and not pub.is_due_for_review(dt.date(2028, 1, 30))
    with pytest.raises(services.ReviewError, match="Withdraw it first"):
        services.publication_save(publication=pub, by=world.lead)
    services.publication_withdraw(publication=pub, reason="Out of date", by=world.lead)
    assert pub.status == Publication.Status.WITHDRAWN


def test_editing_a_ready_item_sends_it_back_to_draft(reviews, world):
    pub = services.publication_save(
        publication=Publication(review=reviews.learning, kind="briefing", title="B", body="Plain."), by=world.lead
    )
    services.publication_mark_ready(publication=pub, by=world.lead, today=TODAY)
    pub.body = "Changed."
    services.publication_save(publication=pub, by=world.lead)
    assert pub.status == Publication.Status.DRAFT and pub.ready_on is None


def test_every_write_is_audited(reviews, world):
    assert AuditEntry.objects.filter(object_type="reviews.Review", event="create").count() == 3
    assert AuditEntry.objects.filter(object_type="reviews.AgencyRequest").count() == 2
