from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "learnloop.evaluation"
    label = "evaluation"
    verbose_name = "Self-evaluation"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from learnloop.core.registry import register_demo_seeder
        from learnloop.evaluation.demo import seed
        from learnloop.evaluation.framework import seed_new_partnership
        from learnloop.partnership.models import Partnership

        register_demo_seeder(seed)
        post_save.connect(seed_new_partnership, sender=Partnership, dispatch_uid="evaluation_seed_framework")
