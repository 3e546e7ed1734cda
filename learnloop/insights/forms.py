"""Forms for insights: the date to read at, the matrix's filters, decisions and thresholds."""

from __future__ import annotations

from typing import Any

from django import forms

from learnloop.accounts.models import Membership
from learnloop.core.forms import GovUKDateField
from learnloop.insights.models import InsightSettings
from learnloop.loop.models import Action
from learnloop.loop.selectors import actions_visible
from learnloop.partnership.models import Agency


class DatesForm(forms.Form):
    as_of = GovUKDateField(
        label="Read the records as they stood on", required=False, help_text="Leave empty for today."
    )
    since = GovUKDateField(
        label="What is new since",
        required=False,
        help_text="By default the last committee meeting, or eight weeks ago.",
    )


class MatrixForm(forms.Form):
    by = forms.ChoiceField(
        label="Columns",
        choices=[("source", "Sources"), ("quarter", "Quarters")],
        required=False,
        widget=forms.RadioSelect,
    )
    start = GovUKDateField(label="From", required=False, help_text="Leave empty for a year before the end.")
    end = GovUKDateField(label="To", required=False, help_text="Leave empty for today.")
    agency = forms.ModelChoiceField(
        label="Only records that concern this agency", queryset=Agency.objects.none(), required=False, empty_label="Any"
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(partnership_id=membership.partnership_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("start", "The start must be on or before the end.")
        return data


class DismissForm(forms.Form):
    reason = forms.CharField(
        label="Why is this finding dismissed?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="It will not come back unless new evidence appears.",
        error_messages={"required": "Enter why the finding is dismissed"},
    )


class ActingForm(forms.Form):
    action = forms.CharField(
        label="The action already dealing with it",
        help_text="Its reference, for example A-0012.",
        max_length=12,
        error_messages={"required": "Enter the reference of the action"},
    )
    reason = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        self.membership = membership
        super().__init__(*args, **kwargs)

    def clean_action(self) -> Action:
        text = self.cleaned_data["action"].strip().upper().removeprefix("A-")
        if not text.isdigit():
            raise forms.ValidationError("Enter an action reference like A-0012.")
        action = actions_visible(self.membership).filter(number=int(text)).first()
        if action is None:
            raise forms.ValidationError(f"There is no action A-{int(text):04d} that you can see.")
        return action


class InsightSettingsForm(forms.ModelForm):
    class Meta:
        model = InsightSettings
        fields = [
            "recurring_min_sources",
            "recurring_window_days",
            "emerging_min_count",
            "repeated_similarity",
            "stalled_days",
            "unshared_days",
            "no_action_days",
            "impact_days",
        ]
