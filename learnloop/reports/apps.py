from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "learnloop.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from learnloop.core.registry import register_demo_seeder
        from learnloop.reports import kinds
        from learnloop.reports.demo import seed

        kinds.register()
        register_demo_seeder(seed)
