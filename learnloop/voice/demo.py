"""Demo records for voice: a Mind of My Own import, a focus group with several views, "you said,
we did" responses, and one safety flag already passed on. Idempotent: adds only what is missing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from django.utils import timezone

from learnloop.accounts.models import User
from learnloop.partnership.models import Agency, Partnership
from learnloop.themes.models import Theme
from learnloop.voice import services
from learnloop.voice.importers import ImportOptions, views_import
from learnloop.voice.importers.sources import FORMATS
from learnloop.voice.models import (
    Channel,
    Consent,
    GivenBy,
    Response,
    SafetyFlag,
    Sentiment,
    Source,
    View,
    VoiceEvent,
)

DATA = Path(__file__).resolve().parent / "data"
FOCUS_GROUP = "Young people's panel: child protection meetings"


def _theme(partnership: Partnership, code: str) -> list[Theme]:
    return list(Theme.objects.filter(partnership=partnership, code=code))


def seed_voice(*, partnership: Partnership, say: Callable[[str], None]) -> None:
    lead = User.objects.filter(email="lead@demo.learnloop.test").first()
    social_work = Agency.objects.filter(partnership=partnership, name="Social Work").first()
    education = Agency.objects.filter(partnership=partnership, name="Education").first()
    today = dt.date.today()

    if not View.objects.filter(partnership=partnership, source=Source.MIND_OF_MY_OWN).exists():
        fmt = FORMATS[Source.MIND_OF_MY_OWN]
        batch = views_import(
            partnership=partnership,
            source=Source.MIND_OF_MY_OWN,
            filename="mind-of-my-own-statements.csv",
            content=(DATA / "demo_mind_of_my_own.csv").read_bytes(),
            mapping=dict(fmt.defaults),
            options=ImportOptions(consent=Consent.PARTNERSHIP, agency=social_work),
            by=lead,
        )
        say(f"Voice: imported {batch.views_added} Mind of My Own statements.")

    event = VoiceEvent.objects.filter(partnership=partnership, title=FOCUS_GROUP).first()
    if event is None:
        event = services.event_save(
            event=VoiceEvent(
                partnership=partnership,
                kind=VoiceEvent.Kind.FOCUS_GROUP,
                title=FOCUS_GROUP,
                date=dt.date(2026, 2, 12),
                description="Eight young people aged 12 to 17 with experience of child protection meetings, with two youth workers.",
                agency=education,
            ),
            by=lead,
        )
        said = [
            (
                "Meetings use words we do not understand, like 'core group' and 'IRD'.",
                Sentiment.NEGATIVE,
                Consent.PUBLISH_WORDS,
                "Nobody explains the words. I just nod.",
                "planning_and_review",
            ),
            (
                "Having a trusted adult to speak for them made a real difference.",
                Sentiment.POSITIVE,
                Consent.PUBLISH_SUMMARY,
                "",
                "voice_of_child",
            ),
            (
                "They want to meet their new worker before the worker changes.",
                Sentiment.MIXED,
                Consent.PUBLISH_WORDS,
                "Just say hello first, before you take over.",
                "transitions",
            ),
            (
                "School staff noticed when things were bad at home and asked gently.",
                Sentiment.POSITIVE,
                Consent.PARTNERSHIP,
                "",
                "professional_curiosity",
            ),
        ]
        for summary, sentiment, consent, quote, theme in said:
            services.view_save(
                view=View(
                    partnership=partnership,
                    event=event,
                    channel=Channel.FOCUS_GROUP,
                    given_by=GivenBy.CHILD,
                    age_band="11-15",
                    date=event.date,
                    summary=summary,
                    quote=quote,
                    consent=consent,
                    sentiment=sentiment,
                    agency=education,
                ),
                themes=_theme(partnership, theme),
                by=lead,
            )
        say(f"Voice: added the focus group “{FOCUS_GROUP}” with {len(said)} views.")

    if not Response.objects.filter(partnership=partnership).exists():
        jargon = View.objects.filter(partnership=partnership, event=event, summary__startswith="Meetings use").first()
        hello = View.objects.filter(partnership=partnership, event=event, summary__startswith="They want").first()
        workers = View.objects.filter(
            partnership=partnership, source=Source.MIND_OF_MY_OWN, summary__contains="three social workers"
        ).first()
        if jargon:
            services.response_save(
                response=Response(
                    partnership=partnership,
                    you_said="Meetings use words you do not understand.",
                    we_did="We wrote a plain-words guide to child protection meetings with the young people's panel. Chairs now check that every word is explained.",
                    who="Child protection chairs and the young people's panel",
                    responded_on=dt.date(2026, 3, 2),
                    status=Response.Status.DONE,
                ),
                views=[jargon],
                by=lead,
            )
        if hello and workers:
            services.response_save(
                response=Response(
                    partnership=partnership,
                    you_said="You want to meet a new social worker before they take over, and not to tell your story again.",
                    we_did="When a worker changes, the old and new worker will visit together first. We are trying it in two teams.",
                    who="Social work children and families teams",
                    agency=social_work,
                    responded_on=dt.date(2026, 3, 20),
                    status=Response.Status.IN_PROGRESS,
                ),
                views=[hello, workers],
                by=lead,
            )
        say("Voice: added two “you said, we did” responses.")

    if not SafetyFlag.objects.filter(partnership=partnership).exists():
        view = services.view_save(
            view=View(
                partnership=partnership,
                channel=Channel.HAVING_YOUR_SAY,
                given_by=GivenBy.CHILD,
                age_band="11-15",
                date=min(today, dt.date(2026, 3, 3)),
                summary="Said they do not feel safe walking home past the park after dark.",
                consent=Consent.NOT_RECORDED,
                sentiment=Sentiment.NEGATIVE,
                feels_unsafe=True,
                agency=social_work,
            ),
            themes=_theme(partnership, "risks_outside_family"),
            by=lead,
        )
        services.safety_flag_pass_on(
            flag=view.safety_flag,
            passed_on_to="Social work duty team (children and families)",
            passed_on_date=view.date,
            note="Passed on by phone the same afternoon under local child protection procedures.",
            by=lead,
        )
        say("Voice: added a view that says a child feels unsafe, already passed on.")

    # A demo view was added on the day it was given, as it would have been: the home page lists
    # views added in the last 14 days, and a view given months ago was not added this fortnight.
    for view in View.objects.filter(partnership=partnership).only("pk", "date", "created_at"):
        added = timezone.make_aware(dt.datetime.combine(view.date, dt.time(12)))
        if added < view.created_at:
            View.objects.filter(pk=view.pk).update(created_at=added)
