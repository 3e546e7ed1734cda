from django.urls import path

from learnloop.national import views

app_name = "national_sharing"

urlpatterns = [
    path("", views.sharing, name="sharing"),
    path("share/", views.share, name="share"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
