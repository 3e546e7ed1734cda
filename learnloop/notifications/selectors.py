"""Who is asked for what: the one place that says who must act on an action, a reading or a return.

The same rules serve the e-mail sent when someone is asked, the reminders around the due date
and the weekly summary, so a person is reminded of exactly what they were asked for.

- An action: its named person; without one (or if they have left the partnership), the agency
  leads of its owning agency; without an owning agency, the members of its owning subgroup.
- An audit reading: its reader.
- An agency's return to a review: that agency's leads.

Only active members of the record's own partnership are ever named.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from learnloop.accounts.models import Membership
from learnloop.accounts.roles import Role
from learnloop.audits.models import Audit, CaseReading
from learnloop.loop.models import Action
from learnloop.notifications.models import Notification
from learnloop.partnership.models import Partnership
from learnloop.reviews.models import AgencyRequest, Stage


@dataclass(frozen=True)
class Assignment:
    """Something a person has been asked to do by a date. Never a child's details: references,
    titles and a link only."""

    kind: str  # "action", "reading" or "return"
    pk: int
    partnership: Partnership
    what: str  # how the e-mail names it: "Action A-0012", "Reading of case 2 for AUD-003"...
    title: str
    due: dt.date
    path: str
    recipients: tuple[Membership, ...]

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}"


class Directory:
    """The active members of some partnerships, loaded once, looked up by user, agency or subgroup."""

    def __init__(self, partnership_ids: Iterable[int]):
        self.members: dict[tuple[int, int], Membership] = {}
        self.agency_leads: dict[tuple[int, int], list[Membership]] = defaultdict(list)
        self.subgroup_members: dict[tuple[int, int], list[Membership]] = defaultdict(list)
        ids = set(partnership_ids)
        if not ids:
            return
        memberships = (
            Membership.objects.filter(partnership_id__in=ids, is_active=True, user__is_active=True)
            .select_related("user", "partnership", "agency")
            .prefetch_related("subgroups")
            .order_by("user__email")
        )
        for m in memberships:
            self.members[(m.partnership_id, m.user_id)] = m
            if m.role == Role.AGENCY_LEAD and m.agency_id is not None:
                self.agency_leads[(m.partnership_id, m.agency_id)].append(m)
            if m.role == Role.SUBGROUP_MEMBER:
                for subgroup in m.subgroups.all():
                    self.subgroup_members[(m.partnership_id, subgroup.pk)].append(m)

    def member(self, partnership_id: int, user_id: int | None) -> Membership | None:
        return self.members.get((partnership_id, user_id)) if user_id is not None else None

    def action_recipients(self, action: Action) -> tuple[Membership, ...]:
        person = self.member(action.partnership_id, action.owner_person_id)
        if person is not None:
            return (person,)
        if action.owner_agency_id is not None:
            return tuple(self.agency_leads.get((action.partnership_id, action.owner_agency_id), ()))
        if action.owner_subgroup_id is not None:
            return tuple(self.subgroup_members.get((action.partnership_id, action.owner_subgroup_id), ()))
        return ()

    def reading_recipients(self, reading: CaseReading) -> tuple[Membership, ...]:
        reader = self.member(reading.partnership_id, reading.reader_id)
        return (reader,) if reader is not None else ()

    def return_recipients(self, request: AgencyRequest) -> tuple[Membership, ...]:
        return tuple(self.agency_leads.get((request.partnership_id, request.agency_id), ()))


def _action(action: Action, directory: Directory) -> Assignment:
    return Assignment(
        kind="action",
        pk=action.pk,
        partnership=action.partnership,
        what=f"Action {action.reference}",
        title=action.title,
        due=action.due_date,
        path=reverse("loop:action", args=[action.partnership.slug, action.number]),
        recipients=directory.action_recipients(action),
    )


def _reading(reading: CaseReading, directory: Directory) -> Assignment:
    audit = reading.case.audit
    return Assignment(
        kind="reading",
        pk=reading.pk,
        partnership=audit.partnership,
        what=f"Reading of {reading.case.label.lower()} for audit {audit.reference}",
        title=audit.title,
        due=audit.due_date,
        path=reverse("audits:reading", args=[audit.partnership.slug, audit.number, reading.pk]),
        recipients=directory.reading_recipients(reading),
    )


def _return(request: AgencyRequest, directory: Directory) -> Assignment:
    review = request.review
    return Assignment(
        kind="return",
        pk=request.pk,
        partnership=review.partnership,
        what=f"{request.agency.name}'s return for review {review.reference}",
        title=review.title,
        due=request.due_on,
        path=reverse("reviews:agency_return", args=[review.partnership.slug, review.number, request.pk]),
        recipients=directory.return_recipients(request),
    )


def _open_actions(due_by: dt.date) -> Iterator[Action]:
    return (
        Action.objects.exclude(status__in=Action.DONE)
        .filter(due_date__lte=due_by)
        .select_related("partnership")
        .order_by("pk")
        .iterator()
    )


def _open_readings(due_by: dt.date) -> Iterator[CaseReading]:
    return (
        CaseReading.objects.filter(case__audit__status=Audit.Status.RUNNING, case__audit__due_date__lte=due_by)
        .exclude(status=CaseReading.Status.SUBMITTED)
        .select_related("case__audit__partnership")
        .order_by("pk")
        .iterator()
    )


def _open_returns(due_by: dt.date) -> Iterator[AgencyRequest]:
    return (
        AgencyRequest.objects.filter(submitted_on__isnull=True, review__stage=Stage.INFORMATION, due_on__lte=due_by)
        .select_related("review__partnership", "agency")
        .order_by("pk")
        .iterator()
    )


def open_assignments(*, due_by: dt.date) -> list[Assignment]:
    """Everything not yet done that is due on or before `due_by` (overdue included), with who must act.

    Three queries for the records and one for the members of the partnerships concerned."""
    actions = list(_open_actions(due_by))
    readings = list(_open_readings(due_by))
    returns = list(_open_returns(due_by))
    directory = Directory(
        {a.partnership_id for a in actions} | {r.partnership_id for r in readings} | {r.partnership_id for r in returns}
    )
    found = [_action(a, directory) for a in actions]
    found += [_reading(r, directory) for r in readings]
    found += [_return(r, directory) for r in returns]
    return found


def action_assignment(action_id: int) -> Assignment | None:
    """An action that is not yet done, with who must act on it."""
    action = Action.objects.select_related("partnership").filter(pk=action_id).first()
    if action is None or action.is_done:
        return None
    return _action(action, Directory([action.partnership_id]))


def reading_assignments(*, reading_ids: Iterable[int] = (), audit_id: int | None = None) -> list[Assignment]:
    """Readings not yet submitted in a running audit, by id or for a whole audit."""
    readings = CaseReading.objects.filter(case__audit__status=Audit.Status.RUNNING).exclude(
        status=CaseReading.Status.SUBMITTED
    )
    readings = readings.filter(case__audit_id=audit_id) if audit_id is not None else readings.filter(pk__in=reading_ids)
    readings = list(readings.select_related("case__audit__partnership").order_by("pk"))
    directory = Directory({r.partnership_id for r in readings})
    return [_reading(r, directory) for r in readings]


def return_assignments(*, request_ids: Iterable[int]) -> list[Assignment]:
    """Agency requests not yet answered while their review gathers information."""
    requests = list(
        AgencyRequest.objects.filter(pk__in=list(request_ids), submitted_on__isnull=True)
        .filter(review__stage=Stage.INFORMATION)
        .select_related("review__partnership", "agency")
        .order_by("pk")
    )
    directory = Directory({r.partnership_id for r in requests})
    return [_return(r, directory) for r in requests]


def recent_for(user: Any, limit: int = 20) -> list[Notification]:
    """The e-mails most recently sent (or held back) for this person: theirs only."""
    return list(
        Notification.objects.filter(recipient=user)
        .exclude(status=Notification.Status.SENDING)
        .select_related("partnership")
        .order_by("-claimed_at", "-id")[:limit]
    )
