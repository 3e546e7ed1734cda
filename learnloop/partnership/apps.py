from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "learnloop.partnership"
    label = "partnership"
