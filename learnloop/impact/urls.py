from django.urls import path

from learnloop.impact import views

app_name = "impact"

urlpatterns = [
    path("difference/", views.difference, name="difference"),
    path("impact/<int:pk>/check/", views.claim_detail, name="claim"),
    path("impact/<int:pk>/check/evidence/new/", views.evidence_add, name="evidence_add"),
    path("impact/<int:pk>/check/evidence/<int:item>/remove/", views.evidence_remove, name="evidence_remove"),
]
