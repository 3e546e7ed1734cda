from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "learnloop.accounts"
    label = "accounts"

    def ready(self) -> None:
        from learnloop.accounts import signals  # noqa: F401
