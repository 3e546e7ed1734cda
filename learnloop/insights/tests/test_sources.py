"""Reviews, audits and workforce feedback are sources in their own right on the insights page:
their themed records count once (not again when raised as learning), and only for those who may
read them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from learnloop.audits import services as audit_services
from learnloop.audits.models import AnswerType, Audit, ModeratedAnswer
from learnloop.core import registry
from learnloop.insights import selectors
from learnloop.reviews.models import Finding, Kind, Review
from learnloop.reviews.tests.conftest import make_learning
from learnloop.testing.queries import count_queries
from learnloop.themes.models import Theme
from learnloop.voice.tests.conftest import make_view
from learnloop.workforce.models import FeedbackExercise


@pytest.fixture(autouse=True)
def _no_dataset_signals(monkeypatch):
    monkeypatch.setattr(registry, "INDICATOR_SIGNAL_PROVIDERS", [])


def theme(world, code="escalation"):
    return Theme.objects.get(partnership=world.partnership, code=code)


def review_finding(world, *, on: dt.date, single_agency: bool = False, title: str = "Escalation not used") -> Finding:
    review = make_learning(world, title=f"Review: {title}", on=on)
    if single_agency:
        Review.objects.filter(pk=review.pk).update(kind=Kind.SINGLE_AGENCY, agency=world.police)
    finding = Finding.objects.create(
        partnership=world.partnership, review=review, title=title, text="Nobody escalated.", kind="improvement"
    )
    finding.themes.set([theme(world)])
    Finding.objects.filter(pk=finding.pk).update(created_at=timezone.make_aware(dt.datetime.combine(on, dt.time(12))))
    return finding


def completed_audit(world, *, on: dt.date, grade: int = 2) -> Audit:
    tool = audit_services.tools_seed(partnership=world.partnership)
    audit = audit_services.audit_save(
        audit=Audit(
            partnership=world.partnership,
            title="Neglect: escalation",
            tool=tool,
            lead=world.subgroup_member,
            sample_size=1,
            selection_criteria="Registered for neglect.",
            planned_start=on - dt.timedelta(days=60),
            due_date=on - dt.timedelta(days=30),
        ),
        agencies=[world.social_work],
        by=world.lead,
    )
    case = audit_services.case_add(
        audit=audit, local_case_reference="SW-1", age_band="5-10", why_selected="Neglect", by=world.lead
    )
    question = tool.questions.filter(answer_type=AnswerType.SCALE).first()
    question.themes.set([theme(world)])
    ModeratedAnswer.objects.create(partnership=world.partnership, case=case, question=question, grade=grade)
    Audit.objects.filter(pk=audit.pk).update(status=Audit.Status.COMPLETE, completed_on=on)
    audit.refresh_from_db()
    return audit


def feedback(world, *, on: dt.date) -> FeedbackExercise:
    exercise = FeedbackExercise.objects.create(
        partnership=world.partnership, kind=FeedbackExercise.Kind.SURVEY, title="Escalation survey", date=on
    )
    exercise.themes.set([theme(world)])
    return exercise


def recurring(world, user, as_of):
    return [f for f in selectors.insights(world.membership(user), as_of).findings if f.kind == "recurring_theme"]


def test_a_review_an_audit_and_a_view_make_a_recurring_theme(world):
    today = timezone.localdate()
    review_finding(world, on=today - dt.timedelta(days=200))
    completed_audit(world, on=today - dt.timedelta(days=100))
    make_view(world, date=today - dt.timedelta(days=10), summary="Nobody listened", themes=[theme(world)])
    found = recurring(world, world.lead, today)
    assert [f.subject_key for f in found] == ["escalation"]
    assert len(found[0].evidence) == 3


def test_workforce_feedback_is_a_source(world):
    today = timezone.localdate()
    review_finding(world, on=today - dt.timedelta(days=200))
    feedback(world, on=today - dt.timedelta(days=50))
    make_view(world, date=today - dt.timedelta(days=10), summary="Nobody listened", themes=[theme(world)])
    assert [f.subject_key for f in recurring(world, world.lead, today)] == ["escalation"]


def test_a_viewer_does_not_see_a_confidential_reviews_contribution(world):
    today = timezone.localdate()
    review_finding(world, on=today - dt.timedelta(days=200), single_agency=True, title="Secret finding")
    completed_audit(world, on=today - dt.timedelta(days=100))
    make_view(world, date=today - dt.timedelta(days=10), summary="Nobody listened", themes=[theme(world)])
    assert [f.subject_key for f in recurring(world, world.lead, today)] == ["escalation"]
    assert recurring(world, world.viewer, today) == []
    records = registry.themed_records(world.membership(world.viewer), None, None)
    assert "review" not in {r.source for r in records}


def test_an_audit_that_found_no_shortfall_carries_no_theme(world):
    today = timezone.localdate()
    completed_audit(world, on=today - dt.timedelta(days=100), grade=4)
    records = registry.themed_records(world.membership(world.lead), None, None)
    assert "audit" not in {r.source for r in records}


def test_a_record_raised_as_learning_counts_once(world):
    from learnloop.insights.tests.helpers import lp

    today = timezone.localdate()
    finding = review_finding(world, on=today - dt.timedelta(days=200))
    point = lp(world, "Escalation from the review", days_ago=200, as_of=today, source="review", themes=("escalation",))
    Finding.objects.filter(pk=finding.pk).update(learning_point=point)
    audit = completed_audit(world, on=today - dt.timedelta(days=100))
    raised = lp(world, "Escalation from the audit", days_ago=100, as_of=today, source="audit", themes=("escalation",))
    raised.source_record = audit
    raised.save()
    records = registry.themed_records(world.membership(world.lead), None, None)
    assert sorted(r.source for r in records) == ["audit", "review"]
    assert {r.reference for r in records} == {point.reference, raised.reference}


def test_the_page_makes_a_fixed_number_of_queries_with_every_source(client, world):
    client.force_login(world.lead)
    today = timezone.localdate()
    address = reverse("insights:index", args=["glen"])
    review_finding(world, on=today - dt.timedelta(days=200))
    completed_audit(world, on=today - dt.timedelta(days=100))
    feedback(world, on=today - dt.timedelta(days=50))
    few = count_queries(client, address)
    for i in range(3):
        review_finding(world, on=today - dt.timedelta(days=150 + i), title=f"More {i}")
        feedback(world, on=today - dt.timedelta(days=40 + i))
    completed_audit(world, on=today - dt.timedelta(days=90))
    assert count_queries(client, address) == few


def test_feedback_raised_as_learning_counts_once(world):
    from learnloop.insights.tests.helpers import lp
    from learnloop.workforce.models import FeedbackAnswer, FeedbackResponse

    today = timezone.localdate()
    exercise = feedback(world, on=today - dt.timedelta(days=50))
    exercise.themes.add(theme(world, "chronologies"))
    response = FeedbackResponse.objects.create(partnership=world.partnership, exercise=exercise)
    answer = FeedbackAnswer.objects.create(response=response, question="What gets in the way?", answer="Escalation.")
    raised = lp(
        world, "Escalation from the survey", days_ago=40, as_of=today, source="workforce", themes=("escalation",)
    )
    raised.source_record = answer
    raised.save()
    records = registry.themed_records(world.membership(world.lead), None, None)
    assert sorted((r.reference, r.themes) for r in records) == sorted(
        [(raised.reference, ("escalation",)), (f"WF-{exercise.pk:04d}", ("chronologies",))]
    )
