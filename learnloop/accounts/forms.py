from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from learnloop.accounts.models import Membership, normalise_email
from learnloop.accounts.roles import ROLE_DESCRIPTIONS, Role
from learnloop.partnership.models import Agency, Subgroup


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail address", widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"})
    )
    password = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        "invalid_login": "Enter a correct e-mail address and password.",
        "inactive": "This account has been switched off. Ask your lead officer.",
    }

    def clean_username(self) -> str:
        # One spelling per address, so that lock-out counts Lena@Glen.test and lena@glen.test together.
        return normalise_email(self.cleaned_data["username"])


class ForgottenPasswordForm(PasswordResetForm):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label="Code",
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
        ),
        error_messages={"required": "Enter the code"},
    )


class MemberForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(label="E-mail address")
    job_title = forms.CharField(label="Job title", max_length=200, required=False)
    role = forms.ChoiceField(label="Role", choices=Role.choices, widget=forms.RadioSelect)
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.none(), required=False, empty_label="No agency"
    )
    subgroups = forms.ModelMultipleChoiceField(
        label="Subgroups", queryset=Subgroup.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(partnership=partnership, is_active=True)
        self.fields["subgroups"].queryset = Subgroup.objects.filter(partnership=partnership, is_active=True)
        self.role_hints = ROLE_DESCRIPTIONS

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        role = data.get("role")
        if role in {Role.AGENCY_LEAD, Role.CONTRIBUTOR} and not data.get("agency"):
            self.add_error("agency", "Choose the agency this person works for: agency leads and contributors need one.")
        if role == Role.SUBGROUP_MEMBER and not data.get("subgroups"):
            self.add_error("subgroups", "Choose at least one subgroup for a subgroup member.")
        return data


class MembershipEditForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "agency", "subgroups", "is_active"]
        widgets = {"role": forms.RadioSelect, "subgroups": forms.CheckboxSelectMultiple}
        labels = {"is_active": "Can sign in to this partnership"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partnership = self.instance.partnership
        self.fields["role"].choices = Role.choices
        self.fields["agency"].queryset = Agency.objects.filter(partnership=partnership)
        self.fields["agency"].empty_label = "No agency"
        self.fields["subgroups"].queryset = Subgroup.objects.filter(partnership=partnership)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("role") in {Role.AGENCY_LEAD, Role.CONTRIBUTOR} and not data.get("agency"):
            self.add_error("agency", "Choose the agency this person works for: agency leads and contributors need one.")
        return data
