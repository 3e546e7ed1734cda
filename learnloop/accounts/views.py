from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from learnloop.accounts.forms import SignInForm


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


class ForgottenPasswordView(auth_views.PasswordResetView):
    """Send a link to set a new password. The page says the same whether or not the address is known."""

    template_name = "accounts/forgotten_password.html"
    email_template_name = "accounts/emails/set_password.txt"
    subject_template_name = "accounts/emails/set_password_subject.txt"
    success_url = reverse_lazy("accounts:forgotten_password_sent")


class ForgottenPasswordSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/forgotten_password_sent.html"


class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:login")
