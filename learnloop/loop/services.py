"""Every write in the learning loop with a rule or a side effect.

Views, management commands and tests all come through here. Each function is keyword-only,
atomic, and leaves the audit log to the core signals (every save is recorded).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from learnloop.core.numbering import next_number
from learnloop.core.text import mid_sentence
from learnloop.loop.models import (
    Action,
    ActionUpdate,
    Dissemination,
    DisseminationReach,
    Embedding,
    Evidence,
    Impact,
    LearningPoint,
    SevenMinuteBriefing,
    TrackedChild,
    TrackedChildEntry,
)
from learnloop.notifications import services as notifications
from learnloop.partnership.models import Agency


class LoopError(Exception):
    """A rule of the loop was broken; the message says which, in the user's words."""


# Learning points ----------------------------------------------------------------------------


@transaction.atomic
def learning_point_save(
    *,
    learning_point: LearningPoint,
    themes: Iterable[Any] | None = None,
    agencies: Iterable[Agency] | None = None,
    by: Any = None,
) -> LearningPoint:
    """Create or update a learning point with its themes and agencies concerned."""
    if learning_point.is_confidential and learning_point.agency_id is None:
        raise LoopError("A confidential learning point needs an owning agency.")
    if learning_point.pk is None:
        learning_point.number = next_number(LearningPoint, learning_point.partnership_id)
        learning_point.created_by = by
    learning_point.save()
    if themes is not None:
        learning_point.themes.set(list(themes))
    if agencies is not None:
        learning_point.agencies.set(list(agencies))
    return learning_point


@transaction.atomic
def learning_point_decide(*, learning_point: LearningPoint, approve: bool, reason: str, by: Any) -> LearningPoint:
    if not approve and not reason.strip():
        raise LoopError("Give a reason for not approving this learning point.")
    learning_point.approval = LearningPoint.Approval.APPROVED if approve else LearningPoint.Approval.NOT_APPROVED
    learning_point.approval_reason = reason.strip()
    learning_point.approval_decided_by = by
    learning_point.approval_decided_at = timezone.now()
    learning_point.save()
    return learning_point


# Actions ------------------------------------------------------------------------------------


@transaction.atomic
def action_save(*, action: Action, by: Any = None) -> Action:
    if action.owner_agency_id is None and action.owner_subgroup_id is None:
        raise LoopError("An action needs an owning agency or an owning subgroup.")
    if action.pk is None:
        action.partnership_id = action.learning_point.partnership_id
        action.number = next_number(Action, action.learning_point.partnership_id)
        action.created_by = by
    action.save()
    notifications.on_action_saved(action=action, by=by)
    return action


@transaction.atomic
def action_add_update(*, action: Action, text: str, by: Any) -> ActionUpdate:
    text = text.strip()
    if not text:
        raise LoopError("Enter what has happened since the last update.")
    return ActionUpdate.objects.create(action=action, text=text, created_by=by)


# What each stage needs, once: (status, what it needs in words, is it there?)
_STAGE_NEEDS = (
    (Action.Status.COMPLETED, "at least one piece of evidence", lambda a: a.evidence.exists()),
    (Action.Status.EMBEDDED, "an embedding record linked to it", lambda a: a.embeddings.exists()),
    (Action.Status.IMPACT_EVALUATED, "an impact evaluation linked to it", lambda a: a.impacts.exists()),
)


def _requirement_missing(action: Action, status: str) -> str | None:
    """What the action still lacks before it can reach this status, in words, or None.

    The message names the status chosen and its own requirement first; what earlier stages
    still lack follows ("It also needs ..."), so choosing impact evaluated never answers with
    the embedded message alone."""
    order = [str(s) for s in Action.ORDER]
    target = order.index(status)
    needed = [(str(s), words, present) for s, words, present in _STAGE_NEEDS if order.index(str(s)) <= target]
    missing = {s: words for s, words, present in needed if not present(action)}
    if not missing:
        return None
    label = dict(Action.Status.choices)[status].lower()
    own = missing.pop(status, None)
    others = " and ".join(missing.values())
    if own:
        message = f"An action can only be marked {label} once it has {own}."
        return f"{message} It also needs {others}." if others else message
    return f"An action can only be marked {label} once the stages before it are met: it still needs {others}."


@transaction.atomic
def action_set_status(*, action: Action, status: str, by: Any, note: str = "") -> Action:
    """Move an action along its stages.

    Forward moves need what each stage requires (evidence, an embedding record, an impact
    evaluation). Going back needs a reason. Every change leaves a dated progress update.
    """
    order = [str(s) for s in Action.ORDER]
    if status not in order:
        raise LoopError("Choose a status.")
    current = str(action.status)
    if status == current:
        raise LoopError(f"The action is already {mid_sentence(action.get_status_display())}.")
    note = note.strip()
    if order.index(status) < order.index(current):
        if not note:
            raise LoopError("Say why the action is going back to an earlier stage.")
    else:
        missing = _requirement_missing(action, status)
        if missing:
            raise LoopError(missing)
    action.status = status
    action.status_changed_at = timezone.now()
    if status in {str(s) for s in Action.DONE}:
        if action.completed_on is None:
            action.completed_on = timezone.localdate()
    else:
        action.completed_on = None
    action.save()
    label = dict(Action.Status.choices)
    text = f"Status changed from {mid_sentence(label[current])} to {mid_sentence(label[status])}."
    if note:
        text += f" {note}"
    ActionUpdate.objects.create(action=action, text=text, created_by=by, status_from=current, status_to=status)
    return action


@transaction.atomic
def evidence_add(
    *, action: Action, description: str, file: UploadedFile | None = None, url: str = "", by: Any
) -> Evidence:
    if not file and not url:
        raise LoopError("Upload a file or give a link.")
    evidence = Evidence(
        partnership_id=action.partnership_id, action=action, description=description, url=url, created_by=by
    )
    if file:
        evidence.file = file
        evidence.original_filename = file.name[:255]
        evidence.size = file.size
        evidence.content_type = getattr(file, "detected_content_type", "") or ""
    evidence.save()
    return evidence


# Sharing, embedding, impact -------------------------------------------------------------------


@transaction.atomic
def dissemination_save(
    *,
    dissemination: Dissemination,
    audience_agencies: Iterable[Agency],
    learning_points: Iterable[LearningPoint],
    reach: Mapping[Agency, int | None] | None = None,
    by: Any = None,
) -> Dissemination:
    if dissemination.pk is None:
        dissemination.created_by = by
    dissemination.save()
    dissemination.audience_agencies.set(list(audience_agencies))
    dissemination.learning_points.set(list(learning_points))
    if reach is not None:
        for agency, people in reach.items():
            existing = DisseminationReach.objects.filter(dissemination=dissemination, agency=agency).first()
            if people is None:
                if existing:
                    existing.delete()
            elif existing is None:
                DisseminationReach.objects.create(dissemination=dissemination, agency=agency, people_reached=people)
            elif existing.people_reached != people:
                existing.people_reached = people
                existing.save()
    return dissemination


@transaction.atomic
def briefing_save(*, briefing: SevenMinuteBriefing, by: Any = None) -> SevenMinuteBriefing:
    if briefing.dissemination.kind != Dissemination.Kind.SEVEN_MINUTE:
        raise LoopError("Only a 7-minute briefing can be written in seven parts.")
    if briefing.pk is None:
        briefing.created_by = by
    briefing.save()
    return briefing


def _attach_file(record: Embedding, file: UploadedFile | None) -> None:
    if file:
        record.file = file
        record.original_filename = file.name[:255]
        record.size = file.size
        record.content_type = getattr(file, "detected_content_type", "") or ""


@transaction.atomic
def embedding_save(
    *, embedding: Embedding, actions: Iterable[Action], file: UploadedFile | None = None, by: Any = None
) -> Embedding:
    if embedding.pk is None:
        embedding.created_by = by
    _attach_file(embedding, file)
    embedding.save()
    embedding.actions.set(list(actions))
    return embedding


@transaction.atomic
def impact_save(
    *, impact: Impact, learning_points: Iterable[LearningPoint], actions: Iterable[Action], by: Any = None
) -> Impact:
    learning_points, actions = list(learning_points), list(actions)
    if not learning_points and not actions:
        raise LoopError("Link the impact evaluation to at least one learning point or action.")
    if impact.method == Impact.Method.TRACKED_CHILD and impact.tracked_child_id is None:
        raise LoopError("Choose the tracked child this evaluation is about.")
    if impact.pk is None:
        impact.created_by = by
    impact.save()
    impact.learning_points.set(learning_points)
    impact.actions.set(actions)
    return impact


@transaction.atomic
def tracked_child_save(
    *, tracked_child: TrackedChild, learning_points: Iterable[LearningPoint], by: Any = None
) -> TrackedChild:
    if tracked_child.pk is None:
        tracked_child.created_by = by
    tracked_child.save()
    tracked_child.learning_points.set(list(learning_points))
    return tracked_child


@transaction.atomic
def tracked_child_add_entry(*, tracked_child: TrackedChild, date: dt.date, text: str, by: Any) -> TrackedChildEntry:
    if not text.strip():
        raise LoopError("Enter what happened.")
    return TrackedChildEntry.objects.create(tracked_child=tracked_child, date=date, text=text.strip(), created_by=by)
