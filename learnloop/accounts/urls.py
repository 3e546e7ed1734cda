from django.urls import path

from learnloop.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("forgotten-password/", views.ForgottenPasswordView.as_view(), name="forgotten_password"),
    path("forgotten-password/sent/", views.ForgottenPasswordSentView.as_view(), name="forgotten_password_sent"),
    path("two-factor/", views.two_factor_status, name="two_factor"),
    path("two-factor/code/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/set-up/", views.two_factor_set_up, name="two_factor_set_up"),
    path("set-password/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="password_reset_confirm"),
]
