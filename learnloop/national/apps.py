from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "learnloop.national"
    label = "national"
    verbose_name = "National view"

    def ready(self) -> None:
        from learnloop.core.registry import register_demo_seeder
        from learnloop.national.demo import seed_national

        register_demo_seeder(seed_national)
