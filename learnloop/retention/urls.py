from django.urls import path

from learnloop.retention import views

app_name = "retention"

urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("<slug:key>/", views.period_edit, name="period_edit"),
]
