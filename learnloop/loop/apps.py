from django.apps import AppConfig


class LoopConfig(AppConfig):
    name = "learnloop.loop"
    label = "loop"

    def ready(self) -> None:
        from learnloop.loop import report_sections

        report_sections.register()
        from learnloop.core.registry import register_themed_records
        from learnloop.loop.themed import PROVIDER, SOURCE_NAMES

        register_themed_records(PROVIDER, SOURCE_NAMES)
