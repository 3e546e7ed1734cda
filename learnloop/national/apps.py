from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _fill_search_index(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After a migration, build the search index if shares exist and it is empty (its first
    deployment, or a restore of a database made before it)."""
    from learnloop.national import search
    from learnloop.national.models import NationalShare, SearchEntry

    shares = NationalShare.objects.using(using).filter(withdrawn_at__isnull=True, kind__in=search.SEARCH_KINDS)
    if shares.exists() and not SearchEntry.objects.using(using).exists():
        search.rebuild()


class NationalConfig(AppConfig):
    name = "learnloop.national"
    label = "national"
    verbose_name = "National view"

    def ready(self) -> None:
        from learnloop.core.registry import register_demo_seeder, register_learning_point_panel
        from learnloop.national import signals
        from learnloop.national.demo import seed_national
        from learnloop.national.panels import similar_learning_panel

        register_demo_seeder(seed_national)
        register_learning_point_panel(similar_learning_panel)
        signals.connect()
        post_migrate.connect(_fill_search_index, sender=self, dispatch_uid="national-search-fill")
