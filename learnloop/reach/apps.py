from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def home_panel(membership: Any) -> Any:
    """Website reach, for the lead officer and Public Information & Communication members."""
    from learnloop.core.registry import HomePanel
    from learnloop.reach.permissions import can_import_statistics
    from learnloop.reach.selectors import home_summary

    if not can_import_statistics(membership):
        return None
    context = home_summary(membership)
    context["slug"] = membership.partnership.slug
    return HomePanel(template="reach/_home_panel.html", context=context, order=70)


class ReachConfig(AppConfig):
    name = "learnloop.reach"
    label = "reach"
    verbose_name = "Website and reach"

    def ready(self) -> None:
        from learnloop.reach import report_sections

        report_sections.register()
        from learnloop.reach.ingest import register as register_importers

        register_importers()
        from learnloop.core.registry import Source, register_demo_seeder, register_home_panel, register_source
        from learnloop.reach.demo import seed

        register_source(
            Source(
                key="reach",
                title="Website and reach",
                description="Website statistics from Plausible, Matomo or Google Analytics 4 by month and page, with "
                "campaigns from the learning loop marked on the same timeline.",
                url_name="reach:overview",
                order=60,
            )
        )
        register_home_panel(home_panel)
        register_demo_seeder(seed)
