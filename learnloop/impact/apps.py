from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "learnloop.impact"
    label = "impact"
    verbose_name = "What difference did we make"

    def ready(self) -> None:
        from learnloop.core.registry import register_demo_seeder, register_evidence_kind
        from learnloop.impact import report_sections
        from learnloop.impact.demo import seed_impact_demo
        from learnloop.impact.tracked import TRACKED_CHILD_EVIDENCE

        register_evidence_kind(TRACKED_CHILD_EVIDENCE)
        report_sections.register()
        register_demo_seeder(seed_impact_demo)
