"""Full-text search of shared learning and similar learning from other partnerships.

These run on SQLite (FTS5) by default and on PostgreSQL (tsvector) with DATABASE_URL set: the
same tests, through the one `search` function, on both backends.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learnloop.loop import services as loop_services
from learnloop.loop.models import Dissemination, LearningPoint, SevenMinuteBriefing
from learnloop.national import search, services
from learnloop.national.models import SearchEntry, ShareKind
from learnloop.national.tests.conftest import MARKERS
from learnloop.partnership.models import Agency

pytestmark = pytest.mark.django_db

QUESTION = "what have others learned about babies and neglect?"


def shared_lp(partnership: Any, title: str, text: str, *, themes=(), agencies=(), on=dt.date(2024, 3, 1)) -> Any:
    lp = loop_services.learning_point_save(
        learning_point=LearningPoint(
            partnership=partnership,
            title=title,
            description=text,
            kind=LearningPoint.Kind.IMPROVEMENT,
            source_type="other",
            date_identified=on,
        ),
        themes=themes,
        agencies=agencies,
    )
    lp = loop_services.learning_point_decide(learning_point=lp, approve=True, reason="", by=None)
    services.share_item(partnership=partnership, kind=ShareKind.LEARNING_POINT, object_id=lp.pk, by=None)
    return lp


def titles(**filters: Any) -> list[str]:
    return [e.title for e in search.search(**filters).page]


@pytest.fixture
def others(world, national) -> dict[str, Any]:
    """Learning shared by Other and Third, and some Other keeps to itself."""
    other = world.other_partnership
    theme, _ = other.themes.get_or_create(code="neglect", defaults={"name": "Neglect"})
    health = Agency.objects.get(partnership=other, kind=Agency.Kind.HEALTH)
    return {
        "infants": shared_lp(
            other,
            "Infants at risk of neglect",
            "Health visitors and midwives noticed infants being neglected before anyone else.",
            themes=[theme],
            agencies=[health],
        ),
        "housing": shared_lp(
            national.third,
            "Housing and homelessness",
            "Families moving often were lost to services.",
            on=dt.date(2023, 1, 5),
        ),
        "kept": loop_services.learning_point_decide(
            learning_point=loop_services.learning_point_save(
                learning_point=LearningPoint(
                    partnership=other,
                    title="PLANTED-OTHER-UNSHARED babies neglect",
                    description="Neglected babies, kept to Other.",
                    kind=LearningPoint.Kind.IMPROVEMENT,
                    source_type="other",
                    date_identified=dt.date(2024, 1, 1),
                )
            ),
            approve=True,
            reason="",
            by=None,
        ),
    }


def test_the_question_finds_learning_about_babies_and_infants_and_neglect(world, national, others) -> None:
    found = titles(words=QUESTION)
    assert found[:2] == ["Babies and neglect: SHARED-LP-MARKER", "Infants at risk of neglect"] or found[:2] == [
        "Infants at risk of neglect",
        "Babies and neglect: SHARED-LP-MARKER",
    ]
    assert "Housing and homelessness" not in found
    assert not any("PLANTED" in t for t in found)


def test_words_are_stemmed(world, national, others) -> None:
    assert "Infants at risk of neglect" in titles(words="neglect")  # the text says "neglected"
    assert "Published summary SHARED-PUB" in titles(words="neglected")  # the text says "neglect"
    assert "Babies and neglect: SHARED-LP-MARKER" in titles(words="baby")  # the title says "Babies"
    assert "Housing and homelessness" in titles(words="families move")  # "Families moving"


def test_results_are_ranked_by_relevance(world, national, others) -> None:
    # "neglect" in a title outranks "neglect" only in the text.
    found = titles(words="neglect")
    assert found.index("Babies and neglect: SHARED-LP-MARKER") < found.index("Published summary SHARED-PUB")
    assert found.index("Infants at risk of neglect") < found.index("Published summary SHARED-PUB")
    ranks = [e.rank for e in search.search(words="neglect").page]
    assert ranks == sorted(ranks, reverse=True)


def test_websearch_syntax(world, national, others) -> None:
    assert titles(words='"health visitors saw"') == ["Babies and neglect: SHARED-LP-MARKER"]
    assert set(titles(words="homelessness or midwives")) == {"Housing and homelessness", "Infants at risk of neglect"}
    assert "Infants at risk of neglect" not in titles(words="neglect -midwives")
    assert "Babies and neglect: SHARED-LP-MARKER" in titles(words="neglect -midwives")
    assert titles(words='") OR NEAR( AND *"') == []  # operators typed as words are only words


def test_with_no_item_having_every_word_it_offers_those_with_any(world, national, others) -> None:
    results = search.search(words="homelessness midwives")
    assert not results.all_words
    assert {e.title for e in results.page} == {"Housing and homelessness", "Infants at risk of neglect"}
    assert search.search(words="infants midwives").all_words


def test_filters_combine(world, national, others) -> None:
    assert titles(theme="neglect") == ["Infants at risk of neglect"]
    assert titles(agency="health") == ["Infants at risk of neglect"]
    # The publication's review is a learning review with education and the police involved.
    assert titles(review_kind="learning") == ["Published summary SHARED-PUB"]
    assert titles(agency="police", review_kind="learning", kind=ShareKind.PUBLICATION) == [
        "Published summary SHARED-PUB"
    ]
    assert titles(agency="police", kind=ShareKind.LEARNING_POINT) == []
    assert titles(year=2023) == ["Housing and homelessness"]
    assert titles(words="neglect", year=2024, theme="neglect", agency="health") == ["Infants at risk of neglect"]
    assert titles(words="neglect", year=2023) == []


def test_the_page_filters_without_javascript(client, world, national, others) -> None:
    client.force_login(national.reader)
    page = client.get(reverse("national:search"), {"q": QUESTION, "theme": "neglect", "agency": "health"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Infants at risk of neglect" in text
    assert "SHARED-LP-MARKER" not in text
    assert reverse("national:item", args=[ShareKind.LEARNING_POINT, others["infants"].pk]) in text
    # A stale link with a bad year still searches by the rest.
    page = client.get(reverse("national:search"), {"q": "neglect", "year": "soon"})
    assert "Infants at risk of neglect" in page.content.decode()
    assert client.get(reverse("national:search"), {"q": "neglect"}, headers={"HX-Request": "true"}).status_code == 200


def test_planted_markers_of_every_kind_never_appear(client, world, national, others) -> None:
    # A stale index row for something unshared is still never shown: the shares are the gate.
    SearchEntry.objects.create(
        partnership=world.partnership,
        kind=ShareKind.LEARNING_POINT,
        object_id=national.unshared_lp.pk,
        title="PLANTED-UNSHARED-LP",
        body="PLANTED-UNSHARED-LP",
    )
    SearchEntry.objects.create(
        partnership=world.partnership,
        kind=ShareKind.PUBLICATION,
        object_id=national.draft.pk,
        title="PLANTED-DRAFT-PUB",
        body="PLANTED-DRAFT-PUB",
    )
    client.force_login(national.reader)
    for words in ["", "PLANTED", *MARKERS, "PLANTED-OTHER-UNSHARED", "babies neglect", QUESTION]:
        text = client.get(reverse("national:search"), {"q": words}).content.decode()
        text = text.split('id="results"', 1)[1]  # the words typed are echoed in the search box
        for marker in [*MARKERS, "PLANTED-OTHER-UNSHARED"]:
            assert marker not in text, (words, marker)
    for lp in [national.shared_lp, others["infants"]]:
        client.force_login(world.lead if lp.partnership_id == world.partnership.pk else world.outsider)
        text = client.get(lp.get_absolute_url()).content.decode()
        for marker in [*MARKERS, "PLANTED-OTHER-UNSHARED"]:
            assert marker not in text


def test_withdrawal_removes_at_once_from_the_index_too(client, world, national, others) -> None:
    assert "Babies and neglect: SHARED-LP-MARKER" in titles(words="babies")
    client.force_login(world.lead)
    client.post(reverse("national_sharing:withdraw", args=["glen", national.lp_share.pk]))
    assert "Babies and neglect: SHARED-LP-MARKER" not in titles(words="babies")
    assert not SearchEntry.objects.filter(kind=ShareKind.LEARNING_POINT, object_id=national.shared_lp.pk).exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM national_searchentry_fts WHERE national_searchentry_fts MATCH 'marker'"
            )
            assert cursor.fetchone()[0] == 0


def test_the_index_follows_the_source(world, national, others) -> None:
    lp = others["infants"]
    lp.title = "Infants at risk of emotional neglect"
    lp.save()
    assert titles(words="emotional") == ["Infants at risk of emotional neglect"]
    lp.is_confidential = True
    lp.agency = Agency.objects.get(partnership=world.other_partnership, kind=Agency.Kind.HEALTH)
    lp.save()
    assert titles(words="emotional") == []
    # A 7-minute briefing shared by kind, about the other shared learning point, carries its themes.
    other = world.other_partnership
    dissemination = Dissemination.objects.create(
        partnership=other,
        kind=Dissemination.Kind.SEVEN_MINUTE,
        title="Seven minutes on housing",
        date=dt.date(2024, 2, 2),
    )
    SevenMinuteBriefing.objects.create(
        dissemination=dissemination,
        background="Families moving house.",
        why_it_matters="x",
        information_1="x",
        things_to_remember="x",
        what_to_do="x",
    )
    services.share_kind(partnership=other, kind=ShareKind.SEVEN_MINUTE, by=None)
    assert titles(words="moving house", kind=ShareKind.SEVEN_MINUTE) == ["Seven minutes on housing"]
    dissemination.learning_points.add(lp)
    lp.is_confidential = False
    lp.agency = None
    lp.save()
    assert "Seven minutes on housing" in titles(theme="neglect")
    call_command("national_search_rebuild", stdout=io.StringIO())
    assert "Seven minutes on housing" in titles(theme="neglect", words="housing")


def test_a_fixed_number_of_queries_whatever_the_number_of_results(client, world, national, others) -> None:
    client.force_login(national.reader)

    def queries(params: dict[str, Any]) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("national:search"), params).status_code == 200
        return len(ctx.captured_queries)

    before = {name: queries(params) for name, params in [("all", {}), ("words", {"q": "neglect"})]}
    fallback = queries({"q": "homelessness midwives"})
    for n in range(25):
        shared_lp(world.other_partnership, f"Neglect lesson {n}", "Neglect of babies again.")
    assert queries({}) == before["all"]
    assert queries({"q": "neglect"}) == before["words"]
    assert queries({"q": "homelessness midwives"}) == fallback
    page_two = client.get(reverse("national:search"), {"q": "neglect", "page": 2}).content.decode()
    assert "showing 21 to" in page_two


def test_similar_learning_from_other_partnerships(client, world, national, others) -> None:
    client.force_login(world.lead)
    text = client.get(national.shared_lp.get_absolute_url()).content.decode()
    assert "Similar learning from other partnerships" in text
    assert "Infants at risk of neglect" in text
    assert reverse("national:item", args=[ShareKind.LEARNING_POINT, others["infants"].pk]) in text
    assert "PLANTED-OTHER-UNSHARED" not in text
    assert "Published summary SHARED-PUB" not in text  # Glen's own
    similar = search.similar(national.shared_lp)
    assert [e.title for e in similar] == ["Infants at risk of neglect"]
    assert all(e.partnership_id != world.partnership.pk for e in similar)
    # From Other's side: Glen's shared learning, never Other's own.
    assert {e.title for e in search.similar(others["infants"])} == {
        "Babies and neglect: SHARED-LP-MARKER",
        "Published summary SHARED-PUB",
    }


def test_similar_learning_is_at_most_five_in_fixed_queries(world, national, others) -> None:
    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            found = search.similar(national.shared_lp)
        return len(ctx.captured_queries), len(found)

    before, _ = queries()
    for n in range(8):
        shared_lp(world.other_partnership, f"Babies neglected {n}", "Neglect of babies.")
    after, count = queries()
    assert (after, count) == (before, 5)


@pytest.mark.parametrize("who", ["lead", "committee", "subgroup_member", "education_lead", "contributor", "viewer"])
def test_every_member_who_sees_the_point_sees_similar_learning(client, world, national, others, who) -> None:
    client.force_login(getattr(world, who))
    response = client.get(national.shared_lp.get_absolute_url())
    assert response.status_code == 200
    assert "Infants at risk of neglect" in response.content.decode()


def test_the_national_role_and_another_partnership_never_see_the_point(client, world, national, others) -> None:
    for user in [national.reader, world.outsider, national.nobody]:
        client.force_login(user)
        assert client.get(national.shared_lp.get_absolute_url()).status_code == 404


def test_a_kept_learning_point_page_drops_withdrawn_similar_learning_at_once(client, world, national, others) -> None:
    """The page is kept for its reader (core.pagecache) under the version of what is shared
    nationally too: another partnership's withdrawal shows on the next request."""
    from learnloop.national.models import NationalShare

    client.force_login(world.lead)
    url = national.shared_lp.get_absolute_url()
    client.get(url)
    assert "Infants at risk of neglect" in client.get(url).content.decode()  # now kept
    share = NationalShare.objects.get(
        partnership=world.other_partnership, object_id=others["infants"].pk, withdrawn_at__isnull=True
    )
    services.share_withdraw(share=share, by=None)
    assert "Infants at risk of neglect" not in client.get(url).content.decode()
