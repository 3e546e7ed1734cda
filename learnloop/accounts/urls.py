from django.urls import path

from learnloop.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("forgotten-password/", views.ForgottenPasswordView.as_view(), name="forgotten_password"),
    path("forgotten-password/sent/", views.ForgottenPasswordSentView.as_view(), name="forgotten_password_sent"),
    path("set-password/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="password_reset_confirm"),
]
