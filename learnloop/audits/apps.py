from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "learnloop.audits"
    label = "audits"
