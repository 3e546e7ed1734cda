from django.urls import path

from learnloop.published import views

app_name = "published"

urlpatterns = [
    path("public/<slug:slug>/", views.public_page, name="page"),
    path("p/<slug:slug>/settings/public-page/", views.public_page_settings, name="settings"),
]
