"""Reads of self-evaluations, scoped to what the member may see."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from learnloop.accounts.models import Membership
from learnloop.evaluation import access
from learnloop.evaluation.models import EvidenceLink, FrameworkItem, IssuedSelfEvaluation, Judgement, SelfEvaluation


def framework_items(m: Membership) -> QuerySet[FrameworkItem]:
    return (
        FrameworkItem.objects.filter(partnership_id=m.partnership_id)
        .select_related("parent")
        .prefetch_related("themes")
        .order_by("retired_at", "position", "code")
    )


def framework_item_get(m: Membership, pk: int) -> FrameworkItem:
    item = FrameworkItem.objects.filter(partnership_id=m.partnership_id, pk=pk).first()
    if item is None:
        raise Http404("No such framework item.")
    return item


def self_evaluations_visible(m: Membership) -> QuerySet[SelfEvaluation]:
    """Drafts only for the lead officer and the people drafting; issued ones for readers of issued."""
    qs = SelfEvaluation.objects.filter(partnership_id=m.partnership_id)
    if access.can_manage(m):
        return qs
    mine = Q(drafters=m.user_id)
    if m.role == "committee_member":
        mine |= Q(issues__isnull=False)
    return qs.filter(mine).distinct()


def self_evaluation_get(m: Membership, year: int) -> SelfEvaluation:
    se = self_evaluations_visible(m).filter(year=year).first()
    if se is None:
        raise Http404("No such self-evaluation.")
    return se


def draft_get(m: Membership, year: int) -> SelfEvaluation:
    """A self-evaluation the member may write, or a 404."""
    se = self_evaluation_get(m, year)
    if not access.can_draft(m, se):
        raise Http404
    return se


def issued_versions(se: SelfEvaluation) -> QuerySet[IssuedSelfEvaluation]:
    return se.issues.defer("content").order_by("-version")


def issued_get(m: Membership, se: SelfEvaluation, version: int | None = None) -> IssuedSelfEvaluation:
    if not access.can_read_issued(m, se):
        raise Http404
    qs = se.issues.order_by("-version")
    issued = qs.filter(version=version).first() if version is not None else qs.first()
    if issued is None:
        raise Http404("Not issued.")
    return issued


def judgements(se: SelfEvaluation) -> list[Judgement]:
    return list(
        Judgement.objects.filter(self_evaluation=se)
        .select_related("item", "item__parent")
        .prefetch_related("item__themes", Prefetch("evidence", queryset=EvidenceLink.objects.all()))
        .order_by("item__position", "item__code")
    )


def judgement_get(se: SelfEvaluation, code: str) -> Judgement:
    judgement = (
        Judgement.objects.filter(self_evaluation=se, item__code=code).select_related("item", "self_evaluation").first()
    )
    if judgement is None:
        raise Http404("No such framework item in this self-evaluation.")
    return judgement


def previous(se: SelfEvaluation) -> SelfEvaluation | None:
    """Last year's self-evaluation, to show beside this one."""
    return SelfEvaluation.objects.filter(partnership_id=se.partnership_id, year=se.year - 1).first()
