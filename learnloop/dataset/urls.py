from django.urls import path

from learnloop.dataset.views import aggregates, breakdowns, dashboard, imports, records, trends

app_name = "dataset"

urlpatterns = [
    path("", dashboard.index, name="index"),
    path("indicators/<slug:code>/", dashboard.indicator, name="indicator"),
    path("trends/", trends.trend_list, name="trends"),
    path("trends/<slug:code>/<str:period>/learning/", trends.trend_to_learning, name="trend_to_learning"),
    path("trends/<slug:code>/<str:period>/dismiss/", trends.trend_dismiss, name="trend_dismiss"),
    path("imports/", imports.import_list, name="imports"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/accept/", imports.import_accept, name="import_accept"),
    path("breakdown-values/", breakdowns.breakdown_values, name="breakdown_values"),
    path("timeliness/", records.timeliness, name="timeliness"),
    path("population/", records.population, name="population"),
    path("aggregates/", aggregates.aggregate_list, name="aggregates"),
    path("aggregates/enter/", aggregates.aggregate_enter, name="aggregate_enter"),
    path("aggregates/upload/", aggregates.aggregate_upload, name="aggregate_upload"),
    path("aggregates/quarters/", aggregates.aggregate_periods, name="aggregate_periods"),
    path("aggregates/quarters/<str:period>/lock/", aggregates.aggregate_lock, name="aggregate_lock"),
]
