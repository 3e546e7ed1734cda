from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "learnloop.core"
    label = "core"

    def ready(self) -> None:
        from learnloop.core import checks, signals  # noqa: F401

        signals.connect()
