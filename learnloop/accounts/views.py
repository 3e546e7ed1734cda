from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from learnloop.accounts import services, two_factor
from learnloop.accounts.forms import CodeForm, ForgottenPasswordForm, SignInForm
from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import can_manage_partnership
from learnloop.accounts.signals import clear_failed_attempts
from learnloop.core.audit import client_ip
from learnloop.core.scoping import member_required, require


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


class ForgottenPasswordView(auth_views.PasswordResetView):
    """Send a link to set a new password. The page says the same whether or not the address is known,
    and takes as long: the link is sent by a background task enqueued for every address."""

    template_name = "accounts/forgotten_password.html"
    form_class = ForgottenPasswordForm
    success_url = reverse_lazy("accounts:forgotten_password_sent")

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            services.password_reset_request(
                email=form.cleaned_data["email"],
                ip_address=client_ip(self.request),
                domain=self.request.get_host(),
                use_https=self.request.is_secure(),
            )
        except services.PasswordResetThrottled:
            form.add_error("email", "You have asked for too many password links. Wait an hour, then try again.")
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return HttpResponseRedirect(self.get_success_url())


class ForgottenPasswordSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/forgotten_password_sent.html"


class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:login")


# Two-factor sign-in ---------------------------------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _locked_out(request: HttpRequest, credentials: dict[str, Any]) -> HttpResponse:
    """End the half-signed-in session and show the same page as a locked-out password."""
    logout(request)
    return get_lockout_response(request, None, credentials)


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the app, or a recovery code. Wrong codes count towards lock-out."""
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():  # type: ignore[union-attr]
        return redirect(next_url)
    if not two_factor.has_two_factor(user):
        step = request.session[two_factor.STATE_KEY] = two_factor.step_for(user)
        if step == two_factor.Step.SET_UP:
            return redirect(_with_next("accounts:two_factor_set_up", next_url))
        return redirect(next_url)
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        return _locked_out(request, credentials)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.two_factor_verify(user=user, token=form.cleaned_data["otp_token"])  # type: ignore[arg-type]
        if device is not None:
            otp_login(request, device)
            clear_failed_attempts(request, user)
            return redirect(next_url)
        user_login_failed.send(sender=__name__, credentials={**credentials, "second_factor": True}, request=request)
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request, credentials)
        form.add_error("otp_token", "The code is not right. Enter the code your app shows now, or a recovery code.")
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@login_required
def two_factor_set_up(request: HttpRequest) -> HttpResponse:
    """Show a new key as a QR code and as text; a code from the app confirms it; recovery codes follow, once."""
    user = request.user
    next_url = _next_url(request)
    if two_factor.has_two_factor(user) and not user.is_verified():  # type: ignore[union-attr]
        # Someone who knows only the password must not replace the app that guards the account.
        return redirect(_with_next("accounts:two_factor_verify", next_url))
    device = two_factor.totp_device_start(user=user)  # type: ignore[arg-type]
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.totp_device_confirm(user=user, device=device, token=form.cleaned_data["otp_token"])  # type: ignore[arg-type]
        except two_factor.TwoFactorError as error:
            form.add_error("otp_token", str(error))
        else:
            otp_login(request, device)
            request.session[two_factor.STATE_KEY] = two_factor.Step.VERIFY
            return render(request, "accounts/two_factor_recovery_codes.html", {"codes": codes, "next": next_url})
    return render(
        request,
        "accounts/two_factor_set_up.html",
        {
            "form": form,
            "next": next_url,
            "qr_svg": two_factor.qr_code_svg(device),
            "text_key": two_factor.text_key(device),
            "required": two_factor.is_required_for(user),
        },
    )


@login_required
def two_factor_status(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/two_factor.html",
        {
            "has_two_factor": two_factor.has_two_factor(user),
            "required": two_factor.is_required_for(user),
            "codes_left": two_factor.recovery_codes_left(user),
        },
    )


@require_POST
@member_required
def member_two_factor_reset(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    """A lead officer clears a member's two-factor sign-in (a lost phone): they set it up again."""
    require(can_manage_partnership(m))
    member = Membership.objects.filter(partnership=m.partnership, pk=pk).select_related("user", "partnership").first()
    require(member is not None)
    two_factor.two_factor_reset(membership=member, by=request.user)  # type: ignore[arg-type]
    from django.contrib import messages

    messages.success(
        request,
        f"Two-factor sign-in reset for {member.user.full_name}. They set it up again when they next sign in.",  # type: ignore[union-attr]
    )
    return redirect("partnership:member_edit", slug=m.partnership.slug, pk=pk)
