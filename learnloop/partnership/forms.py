from __future__ import annotations

from django import forms

from learnloop.partnership.models import Agency, Partnership, Subgroup


class PartnershipForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "rag_amber_days"]
        labels = {"rag_amber_days": "Days before the due date that an action turns amber"}


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
