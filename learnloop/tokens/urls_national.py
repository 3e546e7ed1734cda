from django.urls import path

from learnloop.tokens import views

app_name = "national_tokens"

urlpatterns = [
    path("", views.national_token_list, name="list"),
    path("new/", views.national_token_create, name="create"),
    path("<int:pk>/revoke/", views.national_token_revoke, name="revoke"),
]
