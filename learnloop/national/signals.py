"""Keep the national search index in step with what is shared.

A share or withdrawal rewrites the entries it covers; a change to a shared item (its text, its
status, its themes or agencies, the review it came from) rewrites that item's entry. Nothing is
done for a partnership that shares no learning, beyond removing any entry the item had.
The index is never the gate (search.py checks the shares at query time), so a missed signal can
only leave a result out or stale, never show something unshared; `manage.py
national_search_rebuild` rewrites everything.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from learnloop.core import versions
from learnloop.national import search
from learnloop.national.models import ALL, NationalShare, SearchEntry, ShareKind


def _refresh(kind: str, ids: list[int], partnership_id: int | None) -> None:
    if partnership_id is not None and not search.shares_anything(partnership_id):
        SearchEntry.objects.filter(kind=kind, object_id__in=ids).delete()
        return
    search.refresh(kind, ids)


def _briefings_of_learning_points(lp_ids: list[int]) -> list[int]:
    from learnloop.loop.models import SevenMinuteBriefing

    return list(
        SevenMinuteBriefing.objects.filter(dissemination__learning_points__in=lp_ids)
        .values_list("pk", flat=True)
        .distinct()
    )


def share_saved(sender: Any, instance: NationalShare, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading a fixture: rebuild afterwards
        return
    versions.shared_changed()  # pages showing shared learning beside a partnership's own
    if instance.kind not in search.SEARCH_KINDS:
        return
    if instance.object_id == ALL:
        search.refresh_partnership(instance.partnership_id, instance.kind)
    else:
        search.refresh(instance.kind, [instance.object_id])


def publication_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading a fixture: rebuild afterwards
        return
    _refresh(ShareKind.PUBLICATION, [instance.pk], instance.partnership_id)


def briefing_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading a fixture: rebuild afterwards
        return
    _refresh(ShareKind.SEVEN_MINUTE, [instance.pk], None)


def dissemination_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading a fixture: rebuild afterwards
        return
    from learnloop.loop.models import SevenMinuteBriefing

    ids = list(SevenMinuteBriefing.objects.filter(dissemination=instance).values_list("pk", flat=True))
    if ids:
        _refresh(ShareKind.SEVEN_MINUTE, ids, instance.partnership_id)


def learning_point_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading a fixture: rebuild afterwards
        return
    if not search.shares_anything(instance.partnership_id):
        SearchEntry.objects.filter(kind=ShareKind.LEARNING_POINT, object_id=instance.pk).delete()
        return
    search.refresh(ShareKind.LEARNING_POINT, [instance.pk])
    search.refresh(ShareKind.SEVEN_MINUTE, _briefings_of_learning_points([instance.pk]))


def review_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A review's kind or agencies feed the filters of its publications and learning points."""
    if kwargs.get("raw"):  # loading a fixture: rebuild afterwards
        return
    from django.contrib.contenttypes.models import ContentType

    from learnloop.loop.models import LearningPoint
    from learnloop.reviews.models import Publication, Review

    review = instance if isinstance(instance, Review) else getattr(instance, "review", None)
    if not isinstance(review, Review) or not search.shares_anything(review.partnership_id):
        return
    search.refresh(ShareKind.PUBLICATION, Publication.objects.filter(review=review).values_list("pk", flat=True))
    lp_ids = list(
        LearningPoint.objects.filter(
            source_record_type=ContentType.objects.get_for_model(Review), source_record_id=review.pk
        ).values_list("pk", flat=True)
    )
    search.refresh(ShareKind.LEARNING_POINT, lp_ids)
    search.refresh(ShareKind.SEVEN_MINUTE, _briefings_of_learning_points(lp_ids))


def related_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    """A learning point's themes or agencies, a briefing's learning points or audience."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from learnloop.loop.models import Dissemination, LearningPoint
    from learnloop.reviews.models import Finding, Review

    if isinstance(instance, LearningPoint):
        learning_point_saved(sender, instance)
    elif isinstance(instance, Dissemination):
        dissemination_saved(sender, instance)
    elif isinstance(instance, Review):
        review_changed(sender, instance)
    elif isinstance(instance, Finding):
        review_changed(sender, instance.review)


def connect() -> None:
    from learnloop.loop.models import Dissemination, LearningPoint, SevenMinuteBriefing
    from learnloop.reviews.models import Finding, Publication, Review

    uid = "national-search"
    post_save.connect(share_saved, sender=NationalShare, dispatch_uid=f"{uid}-share")
    post_save.connect(publication_saved, sender=Publication, dispatch_uid=f"{uid}-publication")
    post_delete.connect(publication_saved, sender=Publication, dispatch_uid=f"{uid}-publication-del")
    post_save.connect(briefing_saved, sender=SevenMinuteBriefing, dispatch_uid=f"{uid}-briefing")
    post_delete.connect(briefing_saved, sender=SevenMinuteBriefing, dispatch_uid=f"{uid}-briefing-del")
    post_save.connect(dissemination_saved, sender=Dissemination, dispatch_uid=f"{uid}-dissemination")
    post_save.connect(learning_point_saved, sender=LearningPoint, dispatch_uid=f"{uid}-lp")
    post_delete.connect(learning_point_saved, sender=LearningPoint, dispatch_uid=f"{uid}-lp-del")
    post_save.connect(review_changed, sender=Review, dispatch_uid=f"{uid}-review")
    for through, name in [
        (LearningPoint.themes.through, "lp-themes"),
        (LearningPoint.agencies.through, "lp-agencies"),
        (Dissemination.learning_points.through, "dissemination-lps"),
        (Dissemination.audience_agencies.through, "dissemination-agencies"),
        (Review.agencies.through, "review-agencies"),
        (Finding.themes.through, "finding-themes"),
    ]:
        m2m_changed.connect(related_changed, sender=through, dispatch_uid=f"{uid}-{name}")
