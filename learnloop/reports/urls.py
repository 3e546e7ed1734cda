from django.urls import path

from learnloop.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.REPORTS.view, name="list"),
    path("new/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/draft.<str:fmt>", views.draft_download, name="draft_download"),
    path("<int:pk>/narrative/<slug:section>/", views.narrative_edit, name="narrative"),
    path("<int:pk>/people/", views.report_people, name="people"),
    path("<int:pk>/issue/", views.report_issue, name="issue"),
    path("<int:pk>/recommendations/new/", views.recommendation_edit, name="recommendation_add"),
    path("<int:pk>/recommendations/<int:rec>/", views.recommendation_edit, name="recommendation_edit"),
    path("<int:pk>/versions/<int:version>/", views.version_detail, name="version"),
    path("<int:pk>/versions/<int:version>/download.<str:fmt>", views.version_download, name="version_download"),
]
