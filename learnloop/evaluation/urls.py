from django.urls import path

from learnloop.evaluation import views, views_framework

app_name = "evaluation"

urlpatterns = [
    path("", views.index, name="index"),
    path("framework/", views_framework.framework_list, name="framework"),
    path("framework/new/", views_framework.framework_item_form, name="framework_add"),
    path("framework/<int:pk>/", views_framework.framework_item_form, name="framework_edit"),
    path("framework/<int:pk>/retire/", views_framework.framework_item_retire, name="framework_retire"),
    path("<int:year>/", views.detail, name="detail"),
    path("<int:year>/drafters/", views.drafters, name="drafters"),
    path("<int:year>/issue/", views.issue, name="issue"),
    path("<int:year>/issued/<int:version>/", views.issued, name="issued"),
    path("<int:year>/download/<str:fmt>/", views.download_document, name="download"),
    path("<int:year>/evidence-pack/", views.evidence_pack, name="pack"),
    path("<int:year>/<str:code>/", views.judgement, name="judgement"),
    path("<int:year>/<str:code>/evidence/", views.evidence_accept, name="evidence_accept"),
    path("<int:year>/<str:code>/evidence/<str:kind>/", views.evidence_choose, name="evidence_choose"),
    path("<int:year>/<str:code>/evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
]
