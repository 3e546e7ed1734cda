"""Themes over time: counts only what partnerships share (and stop at once when withdrawn), with
small numbers withheld; themes rising in two partnerships at once are named; a fixed number of
queries; the page is for the national view's readers only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learnloop.loop import services as loop_services
from learnloop.loop.models import LearningPoint
from learnloop.national import services, theme_charts, themes
from learnloop.national.models import ALL, NationalShare, ShareKind
from learnloop.partnership.models import Partnership
from learnloop.partnership.services import partnership_create
from learnloop.themes.models import Theme
from learnloop.voice import services as voice_services
from learnloop.voice.models import Consent, View
from learnloop.workforce.models import FeedbackExercise

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 6, 30)


def lp(p: Partnership, day: dt.date, codes: tuple[str, ...], source: str = "review", **extra: Any) -> LearningPoint:
    return loop_services.learning_point_save(
        learning_point=LearningPoint(
            partnership=p,
            title=f"Learning {day} {codes}",
            description="What was learned.",
            kind=LearningPoint.Kind.IMPROVEMENT,
            source_type=source,
            date_identified=day,
            **extra,
        ),
        themes=Theme.objects.filter(partnership=p, code__in=codes),
    )


def view(p: Partnership, day: dt.date, codes: tuple[str, ...], **extra: Any) -> View:
    fields = {"channel": "survey", "given_by": "child", "consent": Consent.PARTNERSHIP, **extra}
    return voice_services.view_save(
        view=View(partnership=p, date=day, summary="Said something.", **fields),
        themes=Theme.objects.filter(partnership=p, code__in=codes),
        check=False,
    )


def share_themes(p: Partnership, *codes: str) -> list[NationalShare]:
    if not codes:
        return [services.share_kind(partnership=p, kind=ShareKind.THEME, by=None)]
    return [
        services.share_item(partnership=p, kind=ShareKind.THEME, object_id=p.themes.get(code=c).pk, by=None)
        for c in codes
    ]


def counts(result: themes.ThemesOverTime) -> dict[str, dict[str, str]]:
    table = result.by_theme
    return {
        row.key: {
            **{label: c.text for (_, label), c in zip(table.columns, row.cells, strict=True)},
            "total": row.total.text,
        }
        for row in table.rows
    }


def test_counts_match_a_small_case_worked_by_hand(world) -> None:
    glen, other = world.partnership, world.other_partnership
    share_themes(glen)  # every theme
    share_themes(other, "neglect")  # one theme only
    for i in range(5):
        lp(glen, dt.date(2024, 3, 1 + i), ("neglect",), source="review")
    for i in range(6):
        lp(glen, dt.date(2025, 3, 1 + i), ("neglect", "information_sharing"), source="audit")
    for i in range(2):
        view(glen, dt.date(2025, 5, 1 + i), ("neglect",))
    lp(glen, dt.date(2025, 6, 1), ("neglect",), is_confidential=True, agency=world.police)  # never counted
    view(glen, dt.date(2025, 6, 2), ("neglect",), feels_unsafe=True)  # never counted
    view(glen, dt.date(2025, 6, 3), ("neglect",), consent=Consent.NONE)  # never counted
    for i in range(4):
        lp(other, dt.date(2025, 7, 1 + i), ("neglect", "information_sharing"), source="review")
    exercise = FeedbackExercise.objects.create(
        partnership=other, kind="survey", title="Survey", date=dt.date(2025, 8, 1)
    )
    exercise.themes.set(other.themes.filter(code="neglect"))

    result = themes.themes_over_time(as_of=AS_OF)
    # By hand: neglect 2024 = 5 (Glen reviews); 2025 = 6 (Glen audits) + 2 (Glen views) + 4 (Other
    # reviews) + 1 (Other's survey) = 13. Information sharing: 2025 = Glen's 6 only (Other does not
    # share it), 2024 = 0, total 6.
    assert counts(result) == {
        "neglect": {"2024": "5", "2025": "13", "total": "18"},
        "information_sharing": {"2024": "0", "2025": "6", "total": "6"},
    }
    assert result.partnerships == 2
    by_year = {
        row.key: {col: c.text for (col, _), c in zip(result.by_source.columns, row.cells, strict=True)}
        | {"total": row.total.text}
        for row in result.by_source.rows
    }
    # 2025 by source: audit 6, review 4 [c] (small), voice 2 [c], workforce 1 [c]; total 13.
    assert by_year[2025] == {"audit": "6", "review": "[c]", "voice": "[c]", "workforce": "[c]", "total": "13"}
    # 2024: review 5, the rest 0; total 5.
    assert by_year[2024] == {"audit": "0", "review": "5", "voice": "0", "workforce": "0", "total": "5"}

    only_audit = themes.themes_over_time(as_of=AS_OF, source="audit", year_from=2025, year_to=2025)
    assert counts(only_audit) == {
        "neglect": {"2025": "6", "total": "6"},
        "information_sharing": {"2025": "6", "total": "6"},
    }
    one_theme = themes.themes_over_time(as_of=AS_OF, theme="information_sharing")
    assert [(row.key, row.total.text) for row in one_theme.by_source.rows] == [(2024, "0"), (2025, "6")]


def test_a_small_count_and_the_cell_it_could_be_worked_out_from_are_withheld(world) -> None:
    share_themes(world.partnership)
    for i in range(3):
        lp(world.partnership, dt.date(2024, 3, 1 + i), ("neglect",))
    for i in range(7):
        lp(world.partnership, dt.date(2025, 3, 1 + i), ("neglect",))
    row = themes.themes_over_time(as_of=AS_OF).by_theme.rows[0]
    # 2024 is 3 ([c]); the total 10 would give it away (10 - 7), so 2025 is withheld too.
    assert [c.text for c in row.cells] == ["[c]", "[c]"]
    assert row.total.text == "10"


def test_a_figure_withheld_in_one_table_is_withheld_in_the_other_and_the_chart(world) -> None:
    share_themes(world.partnership)
    for i in range(3):
        lp(world.partnership, dt.date(2024, 3, 1 + i), ("neglect",), source="review")
    for i in range(7):
        lp(world.partnership, dt.date(2025, 3, 1 + i), ("neglect",), source="audit")
    result = themes.themes_over_time(as_of=AS_OF, theme="neglect")
    # By source, 2025 alone would show 7 (audit 7, total 7); the themes table withholds 2025, so
    # the year's total and its only cell are withheld here too, and the chart draws no 2025 bar.
    assert [c.text for c in result.by_theme.rows[0].cells] == ["[c]", "[c]"]
    assert [(year, cell.text) for year, cell in result.year_totals] == [(2024, "[c]"), (2025, "[c]")]
    assert "7" not in theme_charts.text_alternative(result).split("by year.")[1]


def test_an_unshared_partnerships_planted_theme_is_never_counted(client, world, national) -> None:
    share_themes(world.partnership, "neglect")
    planted = world.partnership.themes.get(code="planted-theme")
    for i in range(6):
        lp(world.partnership, dt.date(2025, 1, 1 + i), ("neglect", "planted-theme"))
        lp(world.other_partnership, dt.date(2025, 1, 1 + i), ("neglect",))  # Other shares no themes
    world.other_partnership.themes.create(code="other-planted", name="PLANTED-OTHER-THEME")
    result = themes.themes_over_time(as_of=AS_OF)
    assert counts(result) == {"neglect": {"2025": "6", "total": "6"}}
    assert planted.code not in dict(result.theme_choices)
    client.force_login(national.reader)
    page = client.get(reverse("national:themes")).content.decode()
    assert "PLANTED-THEME" not in page and "PLANTED-OTHER-THEME" not in page
    assert "Other Child Protection Committee" not in page


def test_a_withdrawal_takes_effect_at_once(client, world, national) -> None:
    (share,) = share_themes(world.partnership)
    for i in range(6):
        lp(world.partnership, dt.date(2025, 1, 1 + i), ("neglect",))
    client.force_login(national.reader)
    assert "Neglect" in client.get(reverse("national:themes")).content.decode()
    services.share_withdraw(share=share, by=world.lead)
    assert themes.themes_over_time(as_of=AS_OF).by_theme.rows == []
    page = client.get(reverse("national:themes")).content.decode()
    assert "No partnership shares themed records yet." in page


def _rise(p: Partnership, code: str = "neglect") -> None:
    """One record a year for two and a half years, then six in the last six months."""
    for day in (dt.date(2023, 11, 1), dt.date(2024, 6, 1), dt.date(2025, 2, 1)):
        lp(p, day, (code,))
    for i in range(6):
        lp(p, dt.date(2026, 1, 10) + dt.timedelta(days=20 * i), (code,))


def _steady(p: Partnership, code: str = "neglect") -> None:
    for day in (dt.date(2023, 11, 1), dt.date(2024, 6, 1), dt.date(2025, 2, 1), dt.date(2026, 3, 1)):
        lp(p, day, (code,))


def test_a_theme_rising_in_two_partnerships_is_named(world, national) -> None:
    third = national.third
    for p in (world.partnership, world.other_partnership, third):
        share_themes(p)
    _rise(world.partnership)
    _rise(world.other_partnership)
    _steady(third)
    result = themes.themes_over_time(as_of=AS_OF)
    assert [(r.code, r.partnerships) for r in result.rising] == [
        ("neglect", ["Glen Child Protection Committee", "Other Child Protection Committee"])
    ]
    assert result.rising[0].sentence == (
        "Neglect and cumulative harm: rising in 2 partnerships, Glen Child Protection Committee and Other Child Protection Committee."
    )
    # Not named when three are asked for.
    assert themes.themes_over_time(as_of=AS_OF, min_partnerships=3).rising == []


def test_a_theme_rising_in_one_partnership_is_not_named(world, national) -> None:
    for p in (world.partnership, world.other_partnership):
        share_themes(p)
    _rise(world.partnership)
    _steady(world.other_partnership)
    assert themes.themes_over_time(as_of=AS_OF).rising == []


def test_a_rise_in_a_partnership_that_does_not_share_is_not_counted(world, national) -> None:
    share_themes(world.partnership)
    _rise(world.partnership)
    _rise(world.other_partnership)  # Other shares no themes
    assert themes.themes_over_time(as_of=AS_OF).rising == []
    share_themes(world.other_partnership, "information_sharing")  # shares a theme, not neglect
    assert themes.themes_over_time(as_of=AS_OF).rising == []


def test_the_page_reads_a_fixed_number_of_queries(client, world, national) -> None:
    client.force_login(national.reader)
    share_themes(world.partnership)
    _rise(world.partnership)
    view(world.partnership, dt.date(2025, 5, 1), ("neglect",))  # a record of every source, so that no
    exercise = FeedbackExercise.objects.create(  # source reads less for having none
        partnership=world.partnership, kind="survey", title="S", date=dt.date(2025, 8, 1)
    )
    exercise.themes.set(world.partnership.themes.filter(code="neglect"))
    client.get(reverse("national:themes"))  # warm the caches of content types and sessions
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("national:themes")).status_code == 200
    for p in (world.other_partnership, national.third):
        share_themes(p)
        _rise(p)
        _rise(p, "information_sharing")
        view(p, dt.date(2025, 5, 1), ("neglect",))
        exercise = FeedbackExercise.objects.create(partnership=p, kind="survey", title="S", date=dt.date(2025, 8, 1))
        exercise.themes.set(p.themes.filter(code="neglect"))
    extra = partnership_create(slug="extra", name="Extra Child Protection Committee")
    NationalShare.objects.create(partnership=extra, kind=ShareKind.THEME, object_id=ALL)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("national:themes"), {"year_from": 2024, "source": "review"})
        assert page.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert "Neglect and cumulative harm" in page.content.decode()


NATIONAL_PEOPLE = ["lead", "committee", "subgroup_member", "education_lead", "contributor", "viewer", "outsider"]


@pytest.mark.parametrize("who", [*NATIONAL_PEOPLE, "reader"])
def test_the_page_is_for_every_member_and_the_national_role(client, world, national, who) -> None:
    share_themes(world.partnership)
    client.force_login(national.reader if who == "reader" else getattr(world, who))
    page = client.get(reverse("national:themes"), {"year_from": "2025", "theme": "neglect"})
    assert page.status_code == 200
    assert "Themes over time" in page.content.decode()


def test_nobody_else_sees_the_page(client, world, national) -> None:
    client.force_login(national.nobody)
    assert client.get(reverse("national:themes")).status_code == 404
    client.logout()
    assert client.get(reverse("national:themes")).status_code == 302


def test_the_page_draws_a_chart_with_a_text_alternative_and_works_without_javascript(client, world, national) -> None:
    share_themes(world.partnership)
    for year in (2023, 2024, 2025):
        for i in range(6):
            lp(world.partnership, dt.date(year, 2, 1 + i), ("neglect",))
    client.force_login(national.reader)
    page = client.get(reverse("national:themes")).content.decode()
    assert '<svg role="img" aria-label="Bar chart of shared records on a shared theme by year.' in page
    assert "2023: 6; 2024: 6; 2025: 6" in page
    assert '<form method="get"' in page
    assert 'href="/national/themes/"' in client.get(reverse("national:home")).content.decode()
