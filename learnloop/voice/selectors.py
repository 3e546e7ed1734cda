"""Every read about voice a member can trigger, scoped to what that member may see.

A view that says a child feels unsafe is returned only to the lead officer and the lead of
the view's agency. Views without consent to share are listed for everyone, but their text is
shown only to those two (see permissions.can_read_text).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.accounts.roles import Role
from learnloop.loop.models import SourceType
from learnloop.voice.models import (
    Consent,
    ImportBatch,
    Response,
    SafetyFlag,
    View,
    VoiceEvent,
)
from learnloop.voice.services import voice_settings_for


def _unsafe_allowed(m: Membership) -> Q:
    if m.role == Role.LEAD_OFFICER:
        return Q()
    allowed = Q(feels_unsafe=False)
    if m.role == Role.AGENCY_LEAD and m.agency_id is not None:
        allowed |= Q(agency_id=m.agency_id)
    return allowed


def views_visible(m: Membership) -> QuerySet[View]:
    return View.objects.filter(Q(partnership_id=m.partnership_id) & _unsafe_allowed(m))


def view_list(m: Membership) -> QuerySet[View]:
    return (
        views_visible(m)
        .select_related("event", "agency", "subgroup", "safety_flag")
        .prefetch_related("themes")
        .annotate(
            has_response=Exists(Response.views.through.objects.filter(view_id=OuterRef("pk"))),
            first_response_on=Min("responses__responded_on"),
        )
        .distinct()
        .order_by("-date", "-number")
    )


def view_get(m: Membership, number: int) -> View:
    view = (
        views_visible(m)
        .select_related("partnership", "event", "agency", "subgroup", "created_by", "import_batch")
        .prefetch_related("themes")
        .filter(number=number)
        .first()
    )
    if view is None:
        raise Http404("No such view.")
    return view


def view_detail_related(m: Membership, view: View) -> dict[str, Any]:
    flag = SafetyFlag.objects.filter(view=view).select_related("passed_on_by", "no_longer_raised_by").first()
    responses = list(view.responses.all().order_by("responded_on"))
    from learnloop.loop.selectors import learning_points_visible

    learning = list(
        learning_points_visible(m)
        .filter(source_type=SourceType.VOICE, source_record_type__model="view", source_record_type__app_label="voice")
        .filter(source_record_id=view.pk)
        .order_by("number")
    )
    return {"flag": flag, "responses": responses, "learning_points": learning}


# Events ------------------------------------------------------------------------------------------


def event_list(m: Membership) -> QuerySet[VoiceEvent]:
    return (
        VoiceEvent.objects.filter(partnership_id=m.partnership_id)
        .select_related("agency")
        .annotate(view_count=Count("views", filter=Q(views__in=views_visible(m)), distinct=True))
        .order_by("-date", "-id")
    )


def event_get(m: Membership, pk: int) -> VoiceEvent:
    event = VoiceEvent.objects.filter(partnership_id=m.partnership_id, pk=pk).select_related("agency").first()
    if event is None:
        raise Http404("No such event.")
    return event


def event_views(m: Membership, event: VoiceEvent) -> QuerySet[View]:
    return view_list(m).filter(event=event)


# "You said, we did" ------------------------------------------------------------------------------


def response_list(m: Membership) -> QuerySet[Response]:
    return (
        Response.objects.filter(partnership_id=m.partnership_id)
        .select_related("agency")
        .prefetch_related(Prefetch("views", queryset=views_visible(m).order_by("number")))
        .order_by("-responded_on", "-id")
    )


def response_get(m: Membership, pk: int) -> Response:
    response = (
        Response.objects.filter(partnership_id=m.partnership_id, pk=pk)
        .select_related("agency", "created_by")
        .prefetch_related(Prefetch("views", queryset=views_visible(m).select_related("event").order_by("number")))
        .first()
    )
    if response is None:
        raise Http404("No such response.")
    return response


@dataclass
class PublishedItem:
    response: Response
    quotes: list[str]


def published(m: Membership, start: dt.date | None = None, end: dt.date | None = None) -> list[PublishedItem]:
    """What may be published back to children and families: each response, and only the
    words of views whose givers agreed their own words may be published.

    The response's own text is written to be published and passed the redaction check when
    it was saved; views are never named, numbered or dated here.
    """
    quotable = View.objects.filter(consent=Consent.PUBLISH_WORDS, feels_unsafe=False).exclude(quote="")
    qs = Response.objects.filter(partnership_id=m.partnership_id).prefetch_related(
        Prefetch("views", queryset=quotable.order_by("date", "number"), to_attr="quotable_views")
    )
    if start:
        qs = qs.filter(responded_on__gte=start)
    if end:
        qs = qs.filter(responded_on__lte=end)
    return [
        PublishedItem(response=r, quotes=[v.quote for v in r.quotable_views])  # type: ignore[attr-defined]
        for r in qs.order_by("-responded_on", "-id")
    ]


# Timeliness ---------------------------------------------------------------------------------------


@dataclass
class Timeliness:
    """How many views had a "you said, we did" response within the target, over a period.

    A view counts once it is due (its target date has passed) or once it has a response; a
    view still inside its target without a response is not yet counted either way.
    """

    target_days: int
    views: int  # views given in the period
    counted: int  # views that are due or answered
    on_time: int  # answered within the target
    late: int  # answered, but after the target
    overdue: int  # due, and still without a response
    not_yet_due: int  # inside the target, no response yet

    @property
    def share(self) -> float | None:
        return self.on_time / self.counted if self.counted else None


def timeliness(
    m: Membership, start: dt.date | None = None, end: dt.date | None = None, today: dt.date | None = None
) -> Timeliness:
    """Every view of the partnership counts, whoever is asking: these are figures, not text."""
    today = today or timezone.localdate()
    target = voice_settings_for(m.partnership).response_target_days
    qs = View.objects.filter(partnership_id=m.partnership_id)
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    rows = list(qs.annotate(first=Min("responses__responded_on")).values_list("date", "first"))
    on_time = late = overdue = not_yet = 0
    for given, first in rows:
        due = given + dt.timedelta(days=target)
        if first is not None and first <= due:
            on_time += 1
        elif first is not None:
            late += 1
        elif due < today:
            overdue += 1
        else:
            not_yet += 1
    return Timeliness(target, len(rows), on_time + late + overdue, on_time, late, overdue, not_yet)


# Flags and what is new ----------------------------------------------------------------------------


def flags_awaiting(m: Membership) -> list[SafetyFlag]:
    """Safety flags not yet recorded as passed on, for the lead officer and the agency lead."""
    if m.role == Role.LEAD_OFFICER:
        scope = Q()
    elif m.role == Role.AGENCY_LEAD and m.agency_id is not None:
        scope = Q(view__agency_id=m.agency_id)
    else:
        return []
    return list(
        SafetyFlag.objects.filter(scope, partnership_id=m.partnership_id, passed_on_at__isnull=True)
        .select_related("view", "view__agency")
        .order_by("raised_at")
    )


def whats_new(m: Membership, days: int = 14, now: dt.datetime | None = None) -> dict[str, Any]:
    """Views and voice learning points added in the last fortnight, for the home page."""
    since = (now or timezone.now()) - dt.timedelta(days=days)
    from learnloop.loop.selectors import learning_points_visible

    new_views = views_visible(m).filter(created_at__gte=since)
    # Both counts in one query: a view has no response when no response row exists for it.
    counts = new_views.aggregate(
        total=Count("pk"),
        without_response=Count("pk", filter=~Exists(Response.views.through.objects.filter(view_id=OuterRef("pk")))),
    )
    total, without_response = counts["total"], counts["without_response"]
    latest = list(new_views.select_related("event").order_by("-created_at")[:5])
    learning = list(
        learning_points_visible(m).filter(source_type=SourceType.VOICE, created_at__gte=since).order_by("-number")[:5]
    )
    return {
        "new_views": total,
        "without_response": without_response,
        "latest": latest,
        "learning": learning,
        "days": days,
    }


def import_batches(m: Membership) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(partnership_id=m.partnership_id).select_related("created_by", "event")


def import_batch_get(m: Membership, pk: int) -> ImportBatch:
    batch = import_batches(m).filter(pk=pk).first()
    if batch is None:
        raise Http404("No such import.")
    return batch
