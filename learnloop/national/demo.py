"""The national view's demo: two more fictional partnerships share learning and figures with
the demo partnership, and a national reader signs in to see them. Idempotent: it adds only what
is missing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from learnloop.accounts.models import Membership, User
from learnloop.accounts.roles import Role
from learnloop.dataset.aggregates import aggregate_value_save
from learnloop.dataset.models import AggregateValue, Indicator
from learnloop.loop import services as loop_services
from learnloop.loop.demo.specs import DEMO_PASSWORD as PASSWORD
from learnloop.loop.models import LearningPoint
from learnloop.national import services
from learnloop.national.models import ALL, NationalMembership, NationalShare, ShareKind
from learnloop.partnership.models import Partnership
from learnloop.partnership.services import partnership_create

READER = "national@demo.learnloop.test"
INDICATOR = "cppm_initial_within_28d_pct"
# slug, name, lead's e-mail, yearly (numerator, denominator) of initial CPPMs within 28 days, learning
NEIGHBOURS = [
    (
        "lochbrae",
        "Lochbrae Child Protection Committee (demo)",
        "lead.lochbrae@demo.learnloop.test",
        {2024: (148, 180), 2025: (160, 184)},
        (
            "Babies and neglect: health visitors' concerns need a multi-agency response",
            "Repeated missed health visits for a baby were treated as a single-agency matter. Neglect of babies "
            "should be discussed at an inter-agency referral discussion early.",
            "neglect",
        ),
    ),
    (
        "strathcarron",
        "Strathcarron Child Protection Committee (demo)",
        "lead.strathcarron@demo.learnloop.test",
        {2024: (70, 132), 2025: (64, 128)},
        (
            "Hearing the voice of older children at planning meetings",
            "Young people said they did not understand their plan. Advocacy before the meeting helped them take part.",
            "voice_of_child",
        ),
    ),
]


# Themes over time: each neighbour shares its themes, with three years of themed learning. Risks
# outside the family rise in both neighbours in the last six months (as in the demo partnership),
# so the national themes page names a theme rising in several partnerships at once; the others
# are steady. (days ago, source, theme codes), dated from the day the demo is loaded.
STEADY = [
    (days, source, codes)
    for days, source, codes in [
        (1000, "review", ("information_sharing", "neglect")),
        (880, "audit", ("neglect",)),
        (760, "voice", ("voice_of_child",)),
        (640, "review", ("information_sharing",)),
        (520, "workforce", ("neglect", "voice_of_child")),
        (400, "audit", ("information_sharing",)),
        (280, "dataset", ("neglect",)),
        (160, "voice", ("voice_of_child",)),
        (40, "review", ("information_sharing", "neglect")),
    ]
]
RISING = [
    (900, "review"),
    (450, "external"),
    (170, "voice"),
    (120, "review"),
    (80, "workforce"),
    (45, "voice"),
    (15, "audit"),
]
RISING_TEXT = (
    "Young people drawn into exploitation outside the family",
    "Young people told us of being groomed online and drawn into criminal exploitation in the town centre.",
)
THEMED_TEXT = "Learning about {theme}", "What the partnership learned about {theme} ({n})."


def _user(email: str, name: str) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=PASSWORD, full_name=name)
    return user


def _neighbour(slug: str, name: str, email: str, figures: dict[int, tuple[int, int]], learning: Any) -> Partnership:
    lead = _user(email, f"Lead officer, {name.split(' Child')[0]}")
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        partnership = partnership_create(slug=slug, name=name, by=lead)
    Membership.objects.get_or_create(user=lead, partnership=partnership, defaults={"role": Role.LEAD_OFFICER})
    indicator = Indicator.objects.get(code=INDICATOR)
    if not AggregateValue.objects.filter(partnership=partnership, indicator=indicator).exists():
        for year, (num, den) in figures.items():
            for q in range(1, 5):
                n = num // 4 + (num % 4 if q == 4 else 0)
                d = den // 4 + (den % 4 if q == 4 else 0)
                aggregate_value_save(
                    partnership=partnership,
                    indicator=INDICATOR,
                    period=f"{year}-Q{q}",
                    value=f"{100 * n / d:.2f}",
                    numerator=str(n),
                    denominator=str(d),
                    by=lead,
                    today=dt.date(2026, 1, 15),
                )
    title, text, theme_code = learning
    lp = LearningPoint.objects.filter(partnership=partnership, title=title).first()
    if lp is None:
        lp = loop_services.learning_point_save(
            learning_point=LearningPoint(
                partnership=partnership,
                title=title,
                description=text,
                kind=LearningPoint.Kind.IMPROVEMENT,
                source_type="review",
                date_identified=dt.date(2025, 9, 1),
            ),
            themes=partnership.themes.filter(code=theme_code),
            by=lead,
        )
        lp = loop_services.learning_point_decide(learning_point=lp, approve=True, reason="", by=lead)
    services.share_item(partnership=partnership, kind=ShareKind.LEARNING_POINT, object_id=lp.pk, by=lead)
    services.share_item(partnership=partnership, kind=ShareKind.INDICATOR, object_id=indicator.pk, by=lead)
    _themed_learning(partnership, lead)
    return partnership


def _themed_learning(partnership: Partnership, lead: User) -> None:
    """Three years of themed learning points, with a theme rising lately; the themes shared."""
    today = timezone.localdate()
    wanted = [
        (f"{RISING_TEXT[0]} ({n})", RISING_TEXT[1], source, days, ("risks_outside_family",))
        for n, (days, source) in enumerate(RISING, start=1)
    ]
    for n, (days, source, codes) in enumerate(STEADY, start=1):
        theme = partnership.themes.filter(code=codes[0]).values_list("name", flat=True).first() or codes[0]
        wanted.append(
            (
                f"{THEMED_TEXT[0].format(theme=theme.lower())} ({n})",
                THEMED_TEXT[1].format(theme=theme.lower(), n=n),
                source,
                days,
                codes,
            )
        )
    have = set(LearningPoint.objects.filter(partnership=partnership).values_list("title", flat=True))
    for title, text, source, days, codes in wanted:
        if title in have:
            continue
        lp = loop_services.learning_point_save(
            learning_point=LearningPoint(
                partnership=partnership,
                title=title,
                description=text,
                kind=LearningPoint.Kind.IMPROVEMENT,
                source_type=source,
                date_identified=today - dt.timedelta(days=days),
            ),
            themes=partnership.themes.filter(code__in=codes),
            by=lead,
        )
        loop_services.learning_point_decide(learning_point=lp, approve=True, reason="", by=lead)
    services.share_kind(partnership=partnership, kind=ShareKind.THEME, by=lead)


def seed_national(*, partnership: Partnership, say: Callable[[str], None]) -> None:
    if NationalShare.objects.filter(partnership=partnership).exists():
        for neighbour in Partnership.objects.filter(slug__in=[n[0] for n in NEIGHBOURS]):
            lead = User.objects.filter(email__iexact=next(n[2] for n in NEIGHBOURS if n[0] == neighbour.slug)).first()
            if lead is not None:
                _themed_learning(neighbour, lead)  # added to the national demo later: added if missing
        say("National view: the demo's sharing is already set up.")
        return
    lead = Membership.objects.filter(partnership=partnership, role=Role.LEAD_OFFICER).select_related("user").first()
    by = lead.user if lead else None
    for kind in (ShareKind.PUBLICATION, ShareKind.SEVEN_MINUTE, ShareKind.THEME, ShareKind.INDICATOR):
        if not NationalShare.objects.filter(partnership=partnership, kind=kind, object_id=ALL).exists():
            services.share_kind(partnership=partnership, kind=kind, by=by)
    shared = 0
    for lp in LearningPoint.objects.filter(
        partnership=partnership, is_confidential=False, approval=LearningPoint.Approval.APPROVED
    ).order_by("number")[:6]:
        if not services.learning_point_findings(lp):
            services.share_item(partnership=partnership, kind=ShareKind.LEARNING_POINT, object_id=lp.pk, by=by)
            shared += 1
    for slug, name, email, figures, learning in NEIGHBOURS:
        _neighbour(slug, name, email, figures, learning)
    reader = _user(READER, "Nadia National")
    NationalMembership.objects.get_or_create(user=reader, defaults={"body": "Care Inspectorate (demo)"})
    say(
        f"National view: {partnership.name} shares its published learning, 7-minute briefings, themes, figures "
        f"and {shared} learning points; Lochbrae and Strathcarron (demo) share learning, themes and figures. "
        f"National reader: {READER} / {PASSWORD} (on {timezone.localdate():%d %B %Y})."
    )
