from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "learnloop.audits"
    label = "audits"
    verbose_name = "Audit programme"

    def ready(self) -> None:
        from learnloop.audits import report_sections

        report_sections.register()
        from learnloop.audits.demo import seed_demo_audits
        from learnloop.audits.impact_evidence import REAUDIT_EVIDENCE
        from learnloop.audits.panels import audit_home_panel
        from learnloop.core.registry import (
            Source,
            register_demo_seeder,
            register_evidence_kind,
            register_home_panel,
            register_source,
        )

        register_source(
            Source(
                key="audits",
                title="Audit programme",
                description=(
                    "Multi-agency case file audits from plan to re-audit: the year's programme, readers from "
                    "each agency, moderation, results and what changed."
                ),
                url_name="audits:programme",
                order=20,
            )
        )
        register_home_panel(audit_home_panel)
        register_demo_seeder(seed_demo_audits)
        register_evidence_kind(REAUDIT_EVIDENCE)
        from learnloop.audits.themed import PROVIDER as THEMED_PROVIDER
        from learnloop.core.registry import register_themed_records

        register_themed_records(THEMED_PROVIDER)
