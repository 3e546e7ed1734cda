"""The search over shared learning one page at a time gives what the whole search gives, in the
same order, with a number of queries that does not grow with what is shared."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from learnloop.loop.models import LearningPoint
from learnloop.national import selectors, services
from learnloop.national.models import NationalShare, ShareKind
from learnloop.national.search_pages import search_page

pytestmark = pytest.mark.django_db


def _more(world, n: int, start: int = 0) -> None:  # type: ignore[no-untyped-def]
    """n more shared learning points, some on the same day with the same title as another."""
    theme = world.partnership.themes.order_by("code").first()
    for i in range(start, start + n):
        lp = LearningPoint.objects.create(
            partnership=world.partnership,
            number=1000 + i,
            title=f"Neglect in babies {i % 7}",
            description=f"Chronologies helped {i}.",
            kind=LearningPoint.Kind.IMPROVEMENT,
            source_type="other",
            date_identified=dt.date(2020, 1, 1) + dt.timedelta(days=(i * 37) % 1500),
            approval=LearningPoint.Approval.APPROVED,
        )
        if i % 2:
            lp.themes.add(theme)
        NationalShare.objects.create(
            partnership=world.partnership, kind=ShareKind.LEARNING_POINT, object_id=lp.pk, label=lp.title
        )


def _all_pages(**filters) -> list:  # type: ignore[no-untyped-def]
    first = search_page(per_page=7, **filters)
    items = list(first.object_list)
    for number in range(2, first.paginator.num_pages + 1):
        items += list(search_page(per_page=7, page=number, **filters).object_list)
    return items


def test_the_pages_hold_what_the_whole_search_holds_in_its_order(world, national) -> None:
    _more(world, 30)
    services.share_kind(partnership=world.partnership, kind=ShareKind.SEVEN_MINUTE, by=world.lead)
    national.briefing.background = "Neglect in babies: a briefing."
    national.briefing.save()
    theme = world.partnership.themes.order_by("code").first().code
    for filters in [
        {},
        {"words": "neglect babies"},
        {"theme": theme},
        {"year": 2021},
        {"kind": ShareKind.LEARNING_POINT, "words": "chronologies"},
        {"kind": ShareKind.PUBLICATION},
        {"kind": ShareKind.SEVEN_MINUTE},
        {"words": "nothing-matches-this"},
    ]:
        assert _all_pages(**filters) == selectors.search(**filters), filters
    assert len(selectors.search()) > 30


def test_the_page_lists_one_page_and_links_to_the_next(client, world, national) -> None:
    _more(world, 45)
    client.force_login(national.reader)
    page = client.get(reverse("national:search")).content.decode()
    assert "47 results" in page  # 45, the shared learning point and the published summary
    assert "Page 1 of 3" in page
    assert page.count('class="govuk-heading-s govuk-!-margin-bottom-1"') == 20
    assert "?page=2" in page
    last = client.get(reverse("national:search"), {"page": 3}).content.decode()
    assert last.count('class="govuk-heading-s govuk-!-margin-bottom-1"') == 7
    # A page past the end shows the last one; a page that is not a number shows the first.
    beyond = client.get(reverse("national:search"), {"page": 99}).content.decode()
    assert beyond.count('class="govuk-heading-s govuk-!-margin-bottom-1"') == 7
    assert "Page 1 of 3" in client.get(reverse("national:search"), {"page": "x"}).content.decode()


def test_the_queries_do_not_grow_with_what_is_shared(client, world, national, django_assert_max_num_queries) -> None:
    client.force_login(national.reader)
    _more(world, 5)
    client.get(reverse("national:search"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("national:search"))
    _more(world, 60, start=5)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("national:search"))
