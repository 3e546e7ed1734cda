from __future__ import annotations

from django import forms

from learnloop.accounts.roles import Role
from learnloop.partnership.models import Agency, Partnership, Subgroup


class PartnershipForm(forms.ModelForm):
    two_factor_roles = forms.MultipleChoiceField(
        label="Roles that must use two-factor sign-in",
        help_text=(
            "Members in these roles must set up a code from an authenticator app before they can use "
            "LearnLoop. Anyone else may choose to. Lead officers always must."
        ),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Partnership
        fields = ["name", "rag_amber_days", "two_factor_roles"]
        labels = {"rag_amber_days": "Days before the due date that an action turns amber"}

    def clean_two_factor_roles(self) -> list[str]:
        chosen = set(self.cleaned_data.get("two_factor_roles") or [])
        return [str(role) for role in Role if role in chosen or role == Role.LEAD_OFFICER]


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "kind", "is_active"]
        labels = {"is_active": "In use (offered on forms)"}


class SubgroupForm(forms.ModelForm):
    class Meta:
        model = Subgroup
        fields = ["name", "short_name", "remit", "is_active"]
        widgets = {"remit": forms.Textarea(attrs={"rows": 3})}
        labels = {"is_active": "In use (offered on forms)"}
        help_texts = {
            "short_name": "A label only: changing it does not change what the subgroup's members may do.",
            "is_active": "A subgroup not in use gives its members none of its responsibility.",
        }
