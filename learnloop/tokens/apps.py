from django.apps import AppConfig


class TokensConfig(AppConfig):
    name = "learnloop.tokens"
    verbose_name = "Personal access tokens"
    default_auto_field = "django.db.models.BigAutoField"
