from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "learnloop.voice"
    label = "voice"
