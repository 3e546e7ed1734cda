from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "learnloop.retention"
    label = "retention"
    verbose_name = "Retention and deletion"

    def ready(self) -> None:
        from learnloop.retention import kinds  # noqa: F401  (declares the record kinds)
