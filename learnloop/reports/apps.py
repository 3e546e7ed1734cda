from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "learnloop.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from learnloop.core.registry import register_demo_seeder, register_meeting_date, register_public_item_provider
        from learnloop.reports import kinds, selectors
        from learnloop.reports.demo import seed
        from learnloop.reports.public import public_items

        kinds.register()
        register_demo_seeder(seed)
        register_public_item_provider(public_items)
        register_meeting_date(selectors.last_meeting)
