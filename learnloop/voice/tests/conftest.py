from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from learnloop.accounts.models import Membership
from learnloop.partnership.models import Subgroup
from learnloop.voice import services
from learnloop.voice.models import Channel, Consent, GivenBy, Response, View, VoiceEvent

SAMPLES = Path(__file__).resolve().parent / "samples"


@dataclass
class VoiceRecords:
    event: VoiceEvent
    shared: View  # consented to publish their words
    unconsented: View  # Education, no consent
    unsafe: View  # Education, feels unsafe
    response: Response


def make_view(world, **kwargs) -> View:
    fields = {
        "partnership": world.partnership,
        "channel": Channel.HAVING_YOUR_SAY,
        "given_by": GivenBy.CHILD,
        "date": dt.date(2026, 1, 10),
        "summary": "The family room is friendly.",
        "consent": Consent.PARTNERSHIP,
    }
    fields.update(kwargs)
    themes = fields.pop("themes", None)
    return services.view_save(view=View(**fields), themes=themes, by=world.lead)


@pytest.fixture
def pic_member(world):
    """A member of the Public Information & Communication subgroup."""
    from learnloop.accounts.models import User
    from learnloop.accounts.roles import Role

    user = User.objects.create_user(email="pic@glen.test", password="correct horse battery", full_name="Pia Pic")
    membership = Membership.objects.create(
        user=user, partnership=world.partnership, role=Role.SUBGROUP_MEMBER, agency=world.social_work
    )
    membership.subgroups.set([Subgroup.objects.get(partnership=world.partnership, short_name="PIC")])
    return user


@pytest.fixture
def voice(world, django_capture_on_commit_callbacks) -> VoiceRecords:
    event = services.event_save(
        event=VoiceEvent(
            partnership=world.partnership,
            kind=VoiceEvent.Kind.FOCUS_GROUP,
            title="Youth panel",
            date=dt.date(2026, 1, 5),
        ),
        by=world.lead,
    )
    shared = make_view(
        world,
        event=event,
        channel=Channel.FOCUS_GROUP,
        summary="Meetings use words we do not understand.",
        quote="Nobody explains the words.",
        consent=Consent.PUBLISH_WORDS,
        date=dt.date(2026, 1, 5),
    )
    unconsented = make_view(
        world, summary="Secret worry about the bus driver.", consent=Consent.NONE, agency=world.education
    )
    with django_capture_on_commit_callbacks(execute=True):
        unsafe = make_view(
            world,
            summary="I do not feel safe at home at weekends.",
            consent=Consent.NOT_RECORDED,
            agency=world.education,
            feels_unsafe=True,
        )
    response = services.response_save(
        response=Response(
            partnership=world.partnership,
            you_said="Meetings use words you do not understand.",
            we_did="Chairs explain every word.",
            who="Child protection chairs",
            responded_on=dt.date(2026, 1, 20),
            status=Response.Status.DONE,
        ),
        views=[shared, unconsented],
        by=world.lead,
    )
    return VoiceRecords(event, shared, unconsented, unsafe, response)
