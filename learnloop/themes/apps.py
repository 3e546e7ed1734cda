from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "learnloop.themes"
    label = "themes"
