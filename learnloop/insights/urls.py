from django.urls import path

from learnloop.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("themes/", views.matrix, name="matrix"),
    path("themes/records/", views.cell_records, name="records"),
    path("findings/<str:key>/raise/", views.finding_raise, name="raise"),
    path("findings/<str:key>/dismiss/", views.finding_dismiss, name="dismiss"),
    path("findings/<str:key>/acting/", views.finding_acting, name="acting"),
    path("settings/", views.settings_edit, name="settings"),
    path("insights.csv", views.export_csv, name="export"),
]
