from django.urls import path

from learnloop.core import views

app_name = "core"

urlpatterns = [
    path("", views.start, name="start"),
    path("healthz", views.health, name="health"),
    path("p/<slug:slug>/audit-log/", views.audit_log, name="audit_log"),
    path("p/<slug:slug>/sources/", views.sources, name="sources"),
]
