"""Demo records that make the insights page show one of each thing worth noticing: a theme
recurring across three sources, a lesson learned again, an agency whose actions have stalled
and an emerging theme. Idempotent: each record is added only if its title is missing. Dates are
relative to today, so the page shows them whenever the demo is loaded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from learnloop.accounts.models import User
from learnloop.loop import services as loop_services
from learnloop.loop.models import Action, Embedding, LearningPoint, SourceType
from learnloop.partnership.models import Agency, Partnership
from learnloop.themes.models import Theme

# (title, description, source, days ago, theme codes, agency names concerned)
RECORDS = [
    # A recurring theme (escalation) raised by three sources within the year.
    (
        "Disagreements about risk were not escalated",
        "Practitioners in a learning review disagreed about the level of risk but nobody used the escalation "
        "procedure, so the plan stood unchanged for months.",
        SourceType.REVIEW,
        200,
        ["escalation"],
        ["Police Scotland"],
    ),
    (
        "Audit: professional differences left unresolved",
        "Three of the audited cases showed a professional difference that was raised but not resolved or escalated.",
        SourceType.AUDIT,
        120,
        ["escalation"],
        ["Social Work"],
    ),
    (
        "Training feedback: staff unsure how to escalate",
        "Workforce survey: half of the respondents did not know how to escalate a concern to a senior manager.",
        SourceType.WORKFORCE,
        45,
        ["escalation"],
        [],
    ),
    # A lesson learned again: the earlier one was embedded but its impact never evaluated.
    (
        "Chronologies not kept up to date in neglect cases",
        "Chronologies were not kept up to date for children experiencing neglect, so the build-up of harm over "
        "time was not seen.",
        SourceType.REVIEW,
        1000,
        ["chronologies", "neglect"],
        ["Social Work"],
    ),
    (
        "Neglect chronologies out of date again",
        "Chronologies for children experiencing neglect were not kept up to date, and the build-up of harm was "
        "missed again.",
        SourceType.AUDIT,
        30,
        ["chronologies", "neglect"],
        ["Social Work"],
    ),
]
# An emerging theme: risks outside the family, seldom seen for two years, often in six months.
EMERGING = [
    (days, source)
    for days, source in [
        (880, SourceType.EXTERNAL),
        (500, SourceType.REVIEW),
        (150, SourceType.VOICE),
        (120, SourceType.AUDIT),
        (90, SourceType.WORKFORCE),
        (60, SourceType.REVIEW),
        (40, SourceType.WEBSITE),
        (20, SourceType.VOICE),
    ]
]
EMERGING_TEXT = (
    "Young people exploited online and in the community",
    "More young people are being groomed online and drawn into exploitation outside the family.",
)
STALLED_TITLE = "Police to review how concerns about exploitation are passed to social work"


def _lp(
    partnership: Partnership,
    lead: User | None,
    title: str,
    text: str,
    source: str,
    days: int,
    codes: list[str],
    agencies: list[str],
) -> LearningPoint:
    found = LearningPoint.objects.filter(partnership=partnership, title=title).first()
    if found is not None:
        return found
    day = timezone.localdate() - dt.timedelta(days=days)
    lp = LearningPoint(
        partnership=partnership,
        title=title,
        description=text,
        kind=LearningPoint.Kind.IMPROVEMENT,
        source_type=source,
        source_title="Demo: insights across sources",
        date_identified=day,
        approval=LearningPoint.Approval.APPROVED,
    )
    return loop_services.learning_point_save(
        learning_point=lp,
        themes=Theme.objects.filter(partnership=partnership, code__in=codes),
        agencies=Agency.objects.filter(partnership=partnership, name__in=agencies),
        by=lead,
    )


def _action(
    partnership: Partnership, lp: LearningPoint, title: str, agency: Agency | None, status: str, days: int
) -> Action:
    found = Action.objects.filter(partnership=partnership, title=title).first()
    if found is not None:
        return found
    action = Action(
        partnership=partnership,
        learning_point=lp,
        title=title,
        owner_agency=agency,
        due_date=timezone.localdate() + dt.timedelta(days=60),
        success_measure="The change is seen in the next audit.",
        status=status,
    )
    loop_services.action_save(action=action)
    Action.objects.filter(pk=action.pk).update(status_changed_at=timezone.now() - dt.timedelta(days=days))
    return action


def seed_insights_demo(*, partnership: Partnership, say: Callable[[str], None]) -> None:
    lead = User.objects.filter(email="lead@demo.learnloop.test").first()
    social_work = Agency.objects.filter(partnership=partnership, name="Social Work").first()
    police = Agency.objects.filter(partnership=partnership, name="Police Scotland").first()
    before = LearningPoint.objects.filter(partnership=partnership).count()
    made = {title: _lp(partnership, lead, title, text, *rest) for title, text, *rest in RECORDS}
    for i, (days, source) in enumerate(EMERGING, start=1):
        title, text = EMERGING_TEXT
        _lp(partnership, lead, f"{title} ({i})", text, source, days, ["risks_outside_family"], [])
    # The earlier chronologies lesson was acted on and embedded three years ago; never evaluated.
    earlier = made["Chronologies not kept up to date in neglect cases"]
    done = _action(
        partnership, earlier, "Chronology standard for neglect cases", social_work, Action.Status.EMBEDDED, 900
    )
    if social_work is not None and not done.embeddings.exists():
        loop_services.embedding_save(
            embedding=Embedding(
                partnership=partnership,
                kind=Embedding.Kind.POLICY,
                agency=social_work,
                date=timezone.localdate() - dt.timedelta(days=850),
                description="The chronology standard was written into the neglect practice guidance.",
            ),
            actions=[done],
            by=lead,
        )
    # A stalled agency: Police actions in progress for five months.
    escalation = made["Disagreements about risk were not escalated"]
    _action(partnership, escalation, STALLED_TITLE, police, Action.Status.IN_PROGRESS, 150)
    _action(
        partnership,
        escalation,
        "Police to brief sergeants on the escalation procedure",
        police,
        Action.Status.NOT_STARTED,
        160,
    )
    added = LearningPoint.objects.filter(partnership=partnership).count() - before
    if added:
        say(f"Insights: added {added} learning points that show recurring, repeated, emerging and stalled findings.")
