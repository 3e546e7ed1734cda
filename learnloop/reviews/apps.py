from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "learnloop.reviews"
    label = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from learnloop.core.registry import (
            Source,
            register_demo_seeder,
            register_home_panel,
            register_public_item_provider,
            register_source,
        )
        from learnloop.reviews import report_sections

        report_sections.register()
        from learnloop.reviews.demo import seed_reviews
        from learnloop.reviews.home import home_panel
        from learnloop.reviews.public import public_items

        register_source(
            Source(
                key="reviews",
                title="Reviews",
                description="Learning reviews from notification to published learning; multi-agency and "
                "single-agency case reviews; external learning, inspection reports and internal reviews.",
                url_name="reviews:list",
                order=10,
            )
        )
        register_home_panel(home_panel)
        register_demo_seeder(seed_reviews)
        register_public_item_provider(public_items)
        from learnloop.core.registry import register_themed_records
        from learnloop.reviews.themed import PROVIDER as THEMED_PROVIDER

        register_themed_records(THEMED_PROVIDER)
