"""Sharing with the national view and withdrawing: every write goes through here (and so is
audited by the AuditedModel signals)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from learnloop.national.models import ALL, BY_KIND, NationalShare, ShareKind
from learnloop.partnership.models import Partnership


class NationalError(Exception):
    """A share that cannot be made, with a message for the person who tried."""


def _item(partnership: Partnership, kind: str, object_id: int) -> Any:
    """The partnership's own record of that kind, or an error (never another partnership's)."""
    from learnloop.dataset.models import Indicator
    from learnloop.loop.models import LearningPoint, SevenMinuteBriefing
    from learnloop.reviews.models import Publication
    from learnloop.themes.models import Theme

    found: Any
    if kind == ShareKind.PUBLICATION:
        found = Publication.objects.filter(partnership=partnership, pk=object_id).first()
    elif kind == ShareKind.SEVEN_MINUTE:
        found = SevenMinuteBriefing.objects.filter(dissemination__partnership=partnership, pk=object_id).first()
    elif kind == ShareKind.LEARNING_POINT:
        found = LearningPoint.objects.filter(partnership=partnership, pk=object_id).first()
    elif kind == ShareKind.THEME:
        found = Theme.objects.filter(partnership=partnership, pk=object_id).first()
    elif kind == ShareKind.INDICATOR:
        found = Indicator.objects.filter(pk=object_id, in_dataset=True).first()
    else:
        raise NationalError("Choose what to share.")
    if found is None:
        raise NationalError("That item is not one of this partnership's.")
    return found


def learning_point_findings(lp: Any) -> list[Any]:
    """The redaction check (the reviews app's) on a learning point's title and text, with the
    names and case references of the review it came from, if any."""
    from learnloop.reviews import redaction
    from learnloop.reviews.models import Review
    from learnloop.reviews.services import case_references, people_on

    people: list[str] = []
    references: list[str] = []
    source = lp.source_record if lp.source_record_id else None
    if isinstance(source, Review):
        people, references = people_on(source), case_references(source)
    return redaction.check(f"{lp.title}\n{lp.description}", people=people, case_references=references)


def briefing_findings(briefing: Any) -> list[Any]:
    """The redaction check on a 7-minute briefing's title and seven parts."""
    from learnloop.reviews import redaction

    text = "\n".join([briefing.dissemination.title, *(part for _, part in briefing.parts())])
    return redaction.check(text)


def _check_item(kind: str, item: Any) -> None:
    from learnloop.loop.models import LearningPoint
    from learnloop.reviews import redaction
    from learnloop.reviews.models import Publication

    if kind == ShareKind.PUBLICATION and item.status != Publication.Status.PUBLISHED:
        raise NationalError("Only a published summary or briefing can be shared nationally.")
    if kind == ShareKind.SEVEN_MINUTE and briefing_findings(item):
        raise NationalError(
            f"The redaction check found a possible identifier in the 7-minute briefing “{item.dissemination.title}”. "
            "Edit the briefing, then share it."
        )
    if kind == ShareKind.LEARNING_POINT:
        if item.is_confidential:
            raise NationalError("A confidential learning point cannot be shared nationally.")
        if item.approval != LearningPoint.Approval.APPROVED:
            raise NationalError("Only an approved learning point can be shared nationally.")
        findings = learning_point_findings(item)
        if findings:
            listed = "; ".join(f"{redaction.LABELS[f.kind].lower()}: “{f.text}”" for f in findings[:5])
            raise NationalError(
                f"The redaction check found {len(findings)} possible identifier"
                f"{'s' if len(findings) != 1 else ''} in learning point “{item.title}” ({listed}). "
                "Edit the learning point's text, then share it."
            )


@transaction.atomic
def share_item(*, partnership: Partnership, kind: str, object_id: int, by: Any) -> NationalShare:
    item = _item(partnership, kind, object_id)
    _check_item(kind, item)
    existing = NationalShare.objects.filter(
        partnership=partnership, kind=kind, object_id=object_id, withdrawn_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return NationalShare.objects.create(
                partnership=partnership, kind=kind, object_id=object_id, label=str(item)[:300], created_by=by
            )
    except IntegrityError:  # shared at the same moment by someone else
        return NationalShare.objects.get(
            partnership=partnership, kind=kind, object_id=object_id, withdrawn_at__isnull=True
        )


@transaction.atomic
def share_kind(*, partnership: Partnership, kind: str, by: Any) -> NationalShare:
    if kind not in BY_KIND:
        raise NationalError(f"{ShareKind(kind).label} are shared one by one, each checked first.")
    share, _ = NationalShare.objects.get_or_create(
        partnership=partnership,
        kind=kind,
        object_id=ALL,
        withdrawn_at__isnull=True,
        defaults={"label": f"All: {ShareKind(kind).label}", "created_by": by},
    )
    return share


@transaction.atomic
def share_withdraw(*, share: NationalShare, by: Any) -> NationalShare:
    """Withdraw at once: the national view reads shares at query time."""
    if share.withdrawn_at is None:
        share.withdrawn_at = timezone.now()
        share.withdrawn_by = by
        share.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    return share
