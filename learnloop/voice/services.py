"""Every write for the voice of children and families with a rule or a side effect.

Keyword-only, atomic, and audited through the core signals (every save is recorded).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.accounts.roles import Role
from learnloop.core.numbering import next_number
from learnloop.loop.models import LearningPoint, SourceType
from learnloop.notifications import services as notifications
from learnloop.partnership.models import Partnership, Responsibility, Subgroup
from learnloop.voice.models import Response, SafetyFlag, View, VoiceEvent, VoiceSettings
from learnloop.voice.redaction import identifiers_in

logger = logging.getLogger(__name__)

CHILD_PROTECTION_INSTRUCTION = (
    "Follow your local child protection procedures now: pass this on to the duty team or the "
    "named person for child protection, as you would any concern that a child may be at risk. "
    "LearnLoop is not where the child protection response happens; record here only that it "
    "was passed on, by whom and when."
)


class VoiceError(Exception):
    """A rule was broken; the message says which, in the user's words."""


# Settings -----------------------------------------------------------------------------------------


def voice_settings_for(partnership: Partnership) -> VoiceSettings:
    found = VoiceSettings.objects.filter(partnership=partnership).first()
    return found or VoiceSettings(partnership=partnership)


@transaction.atomic
def voice_settings_update(*, partnership: Partnership, response_target_days: int, by: Any) -> VoiceSettings:
    if response_target_days < 1 or response_target_days > 365:
        raise VoiceError("The target must be between 1 and 365 days.")
    current = voice_settings_for(partnership)
    if current.pk is None:
        current.created_by = by
    current.response_target_days = response_target_days
    current.save()
    return current


# Views --------------------------------------------------------------------------------------------


def default_subgroup(partnership: Partnership) -> Subgroup | None:
    """Voice belongs to Public Information & Communication unless the partnership says otherwise."""
    return Subgroup.objects.filter(
        partnership=partnership, responsibility=Responsibility.PUBLIC_INFORMATION, is_active=True
    ).first()


def check_text(view: View) -> None:
    for label, text in (("What they said", view.summary), ("Their own words", view.quote)):
        found = identifiers_in(text)
        if found:
            raise VoiceError(
                f"{label} seems to contain {found[0]}. Remove it: LearnLoop never holds identifying details."
            )


@transaction.atomic
def view_save(
    *, view: View, themes: Iterable[Any] | None = None, by: Any = None, check: bool = True, base_url: str = ""
) -> View:
    """Create or update a view. A view that says a child feels unsafe is flagged at once."""
    if check:
        check_text(view)
    if view.event_id and not view.channel:
        view.channel = view.event.channel
    if view.pk is None:
        view.number = next_number(View, view.partnership_id)
        view.created_by = by
        if view.subgroup_id is None:
            view.subgroup = default_subgroup(view.partnership)
    view.save()
    if themes is not None:
        view.themes.set(list(themes))
    if view.feels_unsafe:
        safety_flag_raise(view=view, base_url=base_url)
    return view


# Safety flags -------------------------------------------------------------------------------------


def flag_recipients(view: View) -> list[Membership]:
    """The lead officer(s), and the agency lead(s) of the view's agency."""
    from django.db.models import Q

    wanted = Q(role=Role.LEAD_OFFICER)
    if view.agency_id:
        wanted |= Q(role=Role.AGENCY_LEAD, agency_id=view.agency_id)
    return list(
        Membership.objects.filter(wanted, partnership_id=view.partnership_id, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
    )


@transaction.atomic
def safety_flag_raise(*, view: View, base_url: str = "") -> SafetyFlag:
    """Raise the flag once: e-mail the lead officer and the agency lead after the save commits."""
    existing = SafetyFlag.objects.filter(view=view).first()
    if existing is not None:
        return existing
    recipients = flag_recipients(view)
    emails = [m.user.email for m in recipients]
    flag = SafetyFlag.objects.create(
        partnership_id=view.partnership_id,
        view=view,
        raised_at=timezone.now(),
        notified="; ".join(emails),
        created_by=view.created_by,
    )
    if emails:
        link = reverse("voice:view", args=[view.partnership.slug, view.number])
        base = (base_url or settings.SITE_URL).rstrip("/")
        agency = view.agency.name if view.agency_id else "no agency recorded"
        body = (
            f"A view recorded in LearnLoop for {view.partnership.name} says a child feels unsafe.\n\n"
            f"View: {view.reference} ({view.get_channel_display()}, given {view.date:%-d %B %Y}; {agency}).\n\n"
            f"{CHILD_PROTECTION_INSTRUCTION}\n\n"
            f"Open the view to read it and record that it was passed on: {base}{link}\n\n"
            "What the child said is not in this e-mail, on purpose."
        )
        subject = f"A child feels unsafe: {view.reference} needs passing on under child protection procedures"
        # Each recipient's e-mail is recorded and sent after the save commits; a mail server
        # that is down loses nothing (the home page shows the flag, the daily run retries).
        notifications.on_safety_flag_raised(flag=flag, recipients=recipients, subject=subject, body=body)
    return flag


@transaction.atomic
def safety_flag_pass_on(
    *,
    flag: SafetyFlag,
    passed_on_to: str,
    passed_on_date: dt.date,
    note: str = "",
    by: Any,
    today: dt.date | None = None,
) -> SafetyFlag:
    today = today or timezone.localdate()
    if flag.is_passed_on:
        raise VoiceError("This flag has already been recorded as passed on.")
    if not passed_on_to.strip():
        raise VoiceError("Say who the view was passed to, for example the social work duty team.")
    if passed_on_date > today:
        raise VoiceError("The date passed on cannot be in the future.")
    if passed_on_date < flag.view.date:
        raise VoiceError("The date passed on cannot be before the view was given.")
    flag.passed_on_to = passed_on_to.strip()
    flag.passed_on_date = passed_on_date
    flag.passed_on_at = timezone.now()
    flag.passed_on_by = by
    flag.note = note.strip()
    flag.save()
    return flag


# Events ------------------------------------------------------------------------------------------


@transaction.atomic
def event_save(*, event: VoiceEvent, by: Any = None) -> VoiceEvent:
    if event.pk is None:
        event.created_by = by
    event.save()
    return event


# "You said, we did" ------------------------------------------------------------------------------


@transaction.atomic
def response_save(*, response: Response, views: Iterable[View], by: Any = None) -> Response:
    views = list(views)
    if not views:
        raise VoiceError("Choose at least one view this responds to.")
    for label, text in (("You said", response.you_said), ("We did", response.we_did), ("Who", response.who)):
        found = identifiers_in(text)
        if found:
            raise VoiceError(f"{label} seems to contain {found[0]}. This text is published: remove it.")
    earliest = min(v.date for v in views)
    if response.responded_on < earliest:
        raise VoiceError("The response cannot be dated before the views it answers were given.")
    if response.pk is None:
        response.created_by = by
    response.save()
    response.views.set(views)
    return response


# Into the loop -----------------------------------------------------------------------------------


@transaction.atomic
def learning_point_from_view(
    *, view: View, title: str, description: str, kind: str, by: Any, today: dt.date | None = None
) -> LearningPoint:
    """Raise a learning point from a view in one step, keeping its link back to the view.

    A restricted view (unsafe, or without consent to share) raises a confidential learning
    point owned by the view's agency, so the loop shows it only to those who may see the view.
    """
    from learnloop.loop.services import learning_point_save

    today = today or timezone.localdate()
    if not title.strip() or not description.strip():
        raise VoiceError("Give the learning point a title and say what was learned.")
    found = identifiers_in(title) or identifiers_in(description)
    if found:
        raise VoiceError(f"The learning point seems to contain {found[0]}. Remove it.")
    confidential = view.is_restricted and view.agency_id is not None
    lp = LearningPoint(
        partnership=view.partnership,
        title=title.strip(),
        description=description.strip(),
        kind=kind,
        source_type=SourceType.VOICE,
        source_title=f"{view.reference}: {view.get_channel_display()}"
        + (f", {view.event.title}" if view.event_id else ""),
        source_date=view.date,
        date_identified=today,
        subgroup=view.subgroup,
        agency=view.agency if confidential else None,
        is_confidential=confidential,
    )
    lp.source_record = view
    agencies = [view.agency] if view.agency_id else []
    return learning_point_save(learning_point=lp, themes=list(view.themes.all()), agencies=agencies, by=by)
