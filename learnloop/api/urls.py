from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from learnloop.api import audits, insights, loop, reviews, themes, views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("p/<slug:slug>/indicators/", views.IndicatorFigures.as_view(), name="indicators"),
    path("p/<slug:slug>/indicators/catalogue/", views.IndicatorCatalogue.as_view(), name="indicator_catalogue"),
    path("p/<slug:slug>/trends/", views.EmergingTrends.as_view(), name="trends"),
    # The learning loop and its sources, as their pages show them to the member asking.
    path("p/<slug:slug>/learning-points/", loop.LearningPoints.as_view(), name="learning_points"),
    path("p/<slug:slug>/actions/", loop.Actions.as_view(), name="actions"),
    path("p/<slug:slug>/reviews/", reviews.Reviews.as_view(), name="reviews"),
    path("p/<slug:slug>/audits/", audits.Audits.as_view(), name="audits"),
    path("p/<slug:slug>/audits/<int:number>/results/", audits.AuditResults.as_view(), name="audit_results"),
    path("p/<slug:slug>/themes/", themes.Themes.as_view(), name="themes"),
    path("p/<slug:slug>/insights/", insights.Findings.as_view(), name="insights"),
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
