from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "learnloop.audits"
    label = "audits"
    verbose_name = "Audit programme"

    def ready(self) -> None:
        from learnloop.audits.demo import seed_demo_audits
        from learnloop.audits.panels import audit_home_panel
        from learnloop.core.registry import Source, register_demo_seeder, register_home_panel, register_source

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
        from learnloop.audits.themed import PROVIDER as THEMED_PROVIDER
        from learnloop.core.registry import register_themed_records

        register_themed_records(THEMED_PROVIDER)
