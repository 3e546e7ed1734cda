from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "learnloop.insights"
    label = "insights"
    verbose_name = "Insights across sources"

    def ready(self) -> None:
        from learnloop.core.registry import register_demo_seeder, register_home_panel, register_theme_suggester
        from learnloop.insights import report_sections
        from learnloop.insights.demo import seed_insights_demo
        from learnloop.insights.panels import home_panel
        from learnloop.insights.suggestions import suggest

        report_sections.register()
        register_home_panel(home_panel)
        register_theme_suggester(suggest)
        register_demo_seeder(seed_insights_demo)
