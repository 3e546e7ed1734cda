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
    return partnership


def seed_national(*, partnership: Partnership, say: Callable[[str], None]) -> None:
    if NationalShare.objects.filter(partnership=partnership).exists():
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
        f"and {shared} learning points; Lochbrae and Strathcarron (demo) share learning and figures. "
        f"National reader: {READER} / {PASSWORD} (on {timezone.localdate():%d %B %Y})."
    )
