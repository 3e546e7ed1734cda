"""Scoped reads, the partnership view's figures (by hand, in comments) and fixed query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from learnloop.reviews import selectors
from learnloop.reviews.models import Review, Stage
from learnloop.reviews.tests.conftest import TODAY, make_learning
from learnloop.testing.queries import count_queries

pytestmark = pytest.mark.django_db


def test_visibility_by_role(world, reviews):
    def titles(user):
        return set(selectors.reviews_visible(world.membership(user)).values_list("title", flat=True))

    assert "Education single-agency review" in titles(world.lead)
    assert "Education single-agency review" in titles(world.education_lead)
    assert "Education single-agency review" not in titles(world.police_lead)
    assert "Education single-agency review" not in titles(world.committee)
    assert "Education single-agency review" not in titles(world.viewer)  # an Education viewer, still not
    assert titles(world.outsider) == set()


def test_partnership_view_medians_per_year(world):
    # Notification to decision: 2025: 10 and 30 days -> median 20; 2026: 7 days.
    for i, (notified, decided) in enumerate(
        [
            (dt.date(2025, 1, 1), dt.date(2025, 1, 11)),
            (dt.date(2025, 2, 1), dt.date(2025, 3, 3)),
            (dt.date(2026, 1, 1), dt.date(2026, 1, 8)),
        ]
    ):
        r = make_learning(world, title=f"R{i}", on=notified)
        r.decided_on, r.decision = decided, Review.Decision.PROCEED
        r.stage = Stage.CI_NOTIFICATION
        if i == 0:
            r.ci_notified_on = decided
            r.report_ratified_on = dt.date(2025, 7, 10)  # 180 days after 11 January 2025
        r.save()
    view = selectors.partnership_view(world.membership(world.lead), TODAY)
    assert [(y.year, y.count, y.median_days) for y in view.to_decision] == [(2025, 2, 20), (2026, 1, 7)]
    assert [(y.year, y.median_days) for y in view.to_report] == [(2025, 180)]
    assert len(view.ci_sent) == 1 and len(view.ci_outstanding) == 2
    assert len(view.final_outstanding) == 1


def test_overdue_and_awaiting_relevance(world, reviews):
    view = selectors.partnership_view(world.membership(world.lead), TODAY + dt.timedelta(days=40))
    # The learning review entered information gathering on TODAY with 21 days: 19 days overdue.
    overdue = {o.review.title: o.days for o in view.overdue}
    assert overdue["Learning review: baby harmed"] == 19
    assert [r.title for r in view.awaiting_relevance] == ["National overview"]


@pytest.mark.parametrize("page", ["reviews:list", "reviews:overview"])
def test_list_pages_make_a_fixed_number_of_queries(client, world, reviews, page):
    client.force_login(world.lead)
    address = reverse(page, args=["glen"])
    few = count_queries(client, address)
    for i in range(8):
        make_learning(world, title=f"More {i}")
    assert count_queries(client, address) == few


def test_review_page_makes_a_fixed_number_of_queries(client, world, reviews):
    from learnloop.reviews import services
    from learnloop.reviews.models import Finding, ReviewChild

    client.force_login(world.lead)
    address = reverse("reviews:detail", args=["glen", reviews.learning.number])
    # One of each first: a prefetch is only issued when there are rows to prefetch for.
    services.finding_save(finding=Finding(review=reviews.learning, title="F", text="x", kind="improvement"))
    few = count_queries(client, address)
    for i in range(5):
        services.finding_save(finding=Finding(review=reviews.learning, title=f"F{i}", text="x", kind="improvement"))
        services.review_child_add(
            child=ReviewChild(review=reviews.learning, label=f"Child {i}", local_case_reference=f"X{i}", age_band="0")
        )
    assert count_queries(client, address) == few
