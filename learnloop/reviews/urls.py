from django.urls import path

from learnloop.reviews.views import parts, publishing, reviews

app_name = "reviews"

R = "<int:number>/"

urlpatterns = [
    path("", reviews.review_list, name="list"),
    path("new/", reviews.review_create, name="create"),
    path("overview/", reviews.overview, name="overview"),
    path("settings/", reviews.review_settings, name="settings"),
    path(R, reviews.review_detail, name="detail"),
    path(R + "edit/", reviews.review_edit, name="edit"),
    path(R + "stage/", reviews.review_stage, name="stage"),
    path(R + "go-back/", reviews.review_go_back, name="go_back"),
    path(R + "requests/", parts.agency_requests, name="agency_requests"),
    path(R + "returns/<int:pk>/", parts.agency_return, name="agency_return"),
    path(R + "children/new/", parts.child_add, name="child_add"),
    path(R + "parallel/new/", parts.process_add, name="process_add"),
    path(R + "parallel/<int:pk>/", parts.process_add, name="process_edit"),
    path(R + "report/new/", parts.report_upload, name="report_upload"),
    path(R + "report/<int:version>/", parts.report_download, name="report_download"),
    path(R + "findings/new/", parts.finding_edit, name="finding_create"),
    path(R + "findings/<int:pk>/", parts.finding_edit, name="finding_edit"),
    path(R + "recommendations/new/", parts.recommendation_edit, name="recommendation_create"),
    path(R + "recommendations/<int:pk>/", parts.recommendation_edit, name="recommendation_edit"),
    path(R + "action-plan/", parts.action_plan_create, name="action_plan_create"),
    path(R + "action-plan.<str:fmt>", publishing.action_plan_export, name="action_plan_export"),
    path(R + "publications/new/", publishing.publication_edit, name="publication_create"),
    path(R + "publications/<int:pk>/", publishing.publication_detail, name="publication"),
    path(R + "publications/<int:pk>/edit/", publishing.publication_edit, name="publication_edit"),
    path(R + "publications/<int:pk>/accept/", publishing.publication_accept, name="publication_accept"),
    path(R + "publications/<int:pk>/<str:to>/", publishing.publication_transition, name="publication_transition"),
    path(R + "publications/<int:pk>.<str:fmt>", publishing.publication_export, name="publication_export"),
]
