from django.apps import AppConfig


class LoopConfig(AppConfig):
    name = "learnloop.loop"
    label = "loop"
