from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "learnloop.evaluation"
    label = "evaluation"
    verbose_name = "Self-evaluation"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from learnloop.core.registry import ReportKind, register_demo_seeder, register_report_kind
        from learnloop.evaluation.demo import seed
        from learnloop.evaluation.documents import build_for_command
        from learnloop.evaluation.framework import seed_new_partnership
        from learnloop.partnership.models import Partnership

        register_demo_seeder(seed)
        register_report_kind(
            ReportKind(
                key="self-evaluation",
                title="Self-evaluation",
                description="The partnership's grades against the quality framework, with evidence.",
                audience="The committee, and inspectors when the partnership shares it",
                order=40,
                build_file=build_for_command,
            )
        )
        post_save.connect(seed_new_partnership, sender=Partnership, dispatch_uid="evaluation_seed_framework")
