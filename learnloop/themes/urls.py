from django.urls import path

from learnloop.themes import views

app_name = "themes"

urlpatterns = [
    path("", views.theme_list, name="list"),
    path("new/", views.theme_form, name="add"),
    path("<int:pk>/", views.theme_form, name="edit"),
    path("<int:pk>/retire/", views.theme_retire, name="retire"),
]
