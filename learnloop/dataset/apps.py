from __future__ import annotations

from contextlib import suppress
from typing import Any

from django.apps import AppConfig
from django.db import DatabaseError
from django.db.models.signals import post_migrate, post_save


def _seed_catalogue(sender: Any, **kwargs: Any) -> None:
    from learnloop.dataset.catalogue import catalogue_seed
    from learnloop.dataset.versions import data_changed

    catalogue_seed()
    # The indicators' definitions or national figures may have changed. (Migrated only part of
    # the way there may be no cache table yet, and so nothing cached.)
    with suppress(DatabaseError):
        data_changed(None, warm=False)


def _seed_breakdown_values(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        from learnloop.dataset.vocabulary import breakdown_values_seed

        breakdown_values_seed(partnership=instance)


class DatasetConfig(AppConfig):
    name = "learnloop.dataset"
    label = "dataset"
    verbose_name = "Minimum dataset"

    def ready(self) -> None:
        from learnloop.dataset import report_sections

        report_sections.register()
        from learnloop.dataset.ingest import register as register_importers

        register_importers()
        from learnloop.core.registry import (
            Source,
            register_case_source,
            register_demo_seeder,
            register_evidence_kind,
            register_home_panel,
            register_indicator_signals,
            register_source,
        )
        from learnloop.dataset.cases import CASE_SOURCE
        from learnloop.dataset.demo import seed_dataset_demo
        from learnloop.dataset.impact_evidence import INDICATOR_EVIDENCE
        from learnloop.dataset.panels import home_panel
        from learnloop.dataset.signals import indicator_signals

        post_migrate.connect(_seed_catalogue, sender=self, dispatch_uid="dataset_seed_catalogue")
        post_save.connect(
            _seed_breakdown_values, sender="partnership.Partnership", dispatch_uid="dataset_seed_breakdown_values"
        )
        register_source(
            Source(
                key="dataset",
                title="Minimum dataset",
                description=(
                    "The child's journey through child protection: indicators by quarter and year, "
                    "national comparisons and emerging trends found with statistical process control."
                ),
                url_name="dataset:index",
                order=30,
            )
        )
        register_home_panel(home_panel)
        register_demo_seeder(seed_dataset_demo)
        register_case_source(CASE_SOURCE)
        register_evidence_kind(INDICATOR_EVIDENCE)
        register_indicator_signals(indicator_signals)
