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

# The national view (learnloop/api/national.py): read by national tokens and the national pages' readers.
from learnloop.api import national  # noqa: E402

urlpatterns += [
    path("national/indicators/", national.SharedIndicators.as_view(), name="national_indicators"),
    path("national/indicators/<slug:code>/funnel/", national.IndicatorFunnel.as_view(), name="national_funnel"),
    path("national/learning/", national.SharedLearning.as_view(), name="national_learning"),
    path(
        "national/learning/<str:kind>/<int:pk>/", national.SharedLearningItem.as_view(), name="national_learning_item"
    ),
]
