from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "learnloop.workforce"
    label = "workforce"
