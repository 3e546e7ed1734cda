from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "learnloop.reviews"
    label = "reviews"
