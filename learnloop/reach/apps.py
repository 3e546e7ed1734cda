from django.apps import AppConfig


class ReachConfig(AppConfig):
    name = "learnloop.reach"
    label = "reach"
