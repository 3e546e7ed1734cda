from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from learnloop.api import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("p/<slug:slug>/indicators/", views.IndicatorFigures.as_view(), name="indicators"),
    path("p/<slug:slug>/indicators/catalogue/", views.IndicatorCatalogue.as_view(), name="indicator_catalogue"),
    path("p/<slug:slug>/trends/", views.EmergingTrends.as_view(), name="trends"),
]
