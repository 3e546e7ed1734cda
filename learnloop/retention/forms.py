from __future__ import annotations

from typing import Any

from django import forms

from learnloop.retention.models import RetentionSettings
from learnloop.retention.registry import ACTION_LABELS, RecordKind, describe_months


class RetentionPeriodForm(forms.Form):
    months = forms.IntegerField(
        label="Keep for (months)",
        min_value=1,
        max_value=1200,
        error_messages={
            "required": "Enter how many months to keep these records for",
            "invalid": "Enter a whole number of months, like 36",
            "min_value": "Enter at least 1 month",
            "max_value": "Enter no more than 1,200 months (100 years)",
        },
    )
    action = forms.ChoiceField(label="When the period has ended", widget=forms.RadioSelect)

    def __init__(self, *args: Any, kind: RecordKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["months"].help_text = (
            f"The default is {kind.default_months} ({describe_months(kind.default_months)}), counted from "
            f"{kind.runs_from}." + (f" The least allowed is {kind.minimum_months}." if kind.minimum_months > 1 else "")
        )
        if len(kind.actions) == 1:
            del self.fields["action"]  # nothing to choose: the kind's one action
        else:
            self.fields["action"].choices = [(a, ACTION_LABELS[a]) for a in kind.actions]
            self.fields["action"].error_messages = {
                "required": "Choose what happens when the period has ended",
                "invalid_choice": "Choose one of the actions listed",
            }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned.setdefault("action", self.kind.default_action)
        return cleaned

    def clean_months(self) -> int:
        months = self.cleaned_data["months"]
        if months < self.kind.minimum_months:
            raise forms.ValidationError(
                f"Enter at least {self.kind.minimum_months} months ({describe_months(self.kind.minimum_months)})"
            )
        return months


class RetentionSettingsForm(forms.ModelForm):
    class Meta:
        model = RetentionSettings
        fields = ["former_members_shown_by_role"]
