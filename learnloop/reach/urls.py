from django.urls import path

from learnloop.reach import views

app_name = "reach"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("import/", views.statistics_import, name="import"),
    path("import/<str:token>/", views.statistics_import_check, name="import_check"),
    path("imports/", views.import_list, name="imports"),
    path("pages/", views.top_pages, name="top_pages"),
    path("sharing/<int:pk>/", views.campaign, name="campaign"),
    path("sharing/<int:pk>/pages/", views.campaign_pages, name="campaign_pages"),
    path("sharing/<int:pk>/raise/", views.campaign_raise, name="campaign_raise"),
]
