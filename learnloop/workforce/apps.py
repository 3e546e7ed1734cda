from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def home_panel(membership: Any) -> Any:
    """What is new in training and workforce feedback, for the lead officer and JLD members."""
    from django.utils import timezone

    from learnloop.core.registry import HomePanel
    from learnloop.workforce.permissions import can_run_training
    from learnloop.workforce.selectors import home_summary

    if not can_run_training(membership):
        return None
    context = home_summary(membership, today=timezone.localdate())
    context["slug"] = membership.partnership.slug
    return HomePanel(template="workforce/_home_panel.html", context=context, order=60)


class WorkforceConfig(AppConfig):
    name = "learnloop.workforce"
    label = "workforce"
    verbose_name = "Workforce learning and development"

    def ready(self) -> None:
        from learnloop.core.registry import (
            Source,
            register_demo_seeder,
            register_evidence_kind,
            register_home_panel,
            register_source,
        )
        from learnloop.workforce import report_sections

        report_sections.register()
        from learnloop.workforce.ingest import register as register_importers

        register_importers()
        from learnloop.workforce.demo import seed
        from learnloop.workforce.impact_evidence import CONFIDENCE_EVIDENCE

        register_source(
            Source(
                key="workforce",
                title="Workforce learning and development",
                description="The training programme, sessions, attendance by agency, evaluations of confidence "
                "before and after, workforce surveys and the annual training review.",
                url_name="workforce:courses",
                order=50,
            )
        )
        register_home_panel(home_panel)
        register_demo_seeder(seed)
        register_evidence_kind(CONFIDENCE_EVIDENCE)
        from learnloop.core.registry import register_themed_records
        from learnloop.workforce.themed import PROVIDER as THEMED_PROVIDER

        register_themed_records(THEMED_PROVIDER)
