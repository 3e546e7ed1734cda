from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "learnloop.reviews"
    label = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from learnloop.core.registry import Source, register_demo_seeder, register_home_panel, register_source
        from learnloop.reviews.demo import seed_reviews
        from learnloop.reviews.home import home_panel

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
        from learnloop.core.registry import register_themed_records
        from learnloop.reviews.themed import PROVIDER as THEMED_PROVIDER

        register_themed_records(THEMED_PROVIDER)
