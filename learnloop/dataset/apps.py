from django.apps import AppConfig


class DatasetConfig(AppConfig):
    name = "learnloop.dataset"
    label = "dataset"
