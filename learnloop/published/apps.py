from django.apps import AppConfig


class PublishedConfig(AppConfig):
    name = "learnloop.published"
    label = "published"
    verbose_name = "Published learning"

    def ready(self) -> None:
        from learnloop.core.registry import register_demo_seeder, register_public_item_provider
        from learnloop.published.briefings import public_items
        from learnloop.published.demo import seed_public_page

        register_public_item_provider(public_items)
        register_demo_seeder(seed_public_page)
