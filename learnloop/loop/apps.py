from django.apps import AppConfig


class LoopConfig(AppConfig):
    name = "learnloop.loop"
    label = "loop"

    def ready(self) -> None:
        from learnloop.loop import report_sections

        report_sections.register()
