from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from learnloop.core.forms import GovUKDateField
from learnloop.tokens.services import MAX_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What the token is for, for example 'Power BI dashboard' or 'quarterly R script'.",
        error_messages={"required": "Enter a name for the token"},
    )
    expires_on = GovUKDateField(
        label="Expires on",
        help_text="For example, 31 3 2027. At most a year from today.",
        error_messages={"required": "Enter the date the token expires"},
    )

    def __init__(self, *args, partnership: object = None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if partnership is not None:
            # On a partnership's page the member chooses what the token reads; the national page
            # makes national tokens only.
            self.fields["scope"] = forms.ChoiceField(
                label="What the token reads",
                choices=[
                    ("partnership", f"{partnership} only: its figures and learning, as you see them"),
                    ("national", "The national view only: what partnerships share, and the benchmarks"),
                ],
                initial="partnership",
                required=False,  # left unchosen: the partnership, as before there was a choice
                widget=forms.RadioSelect,
            )

    def clean_expires_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if value <= today:
            raise forms.ValidationError("The expiry date must be in the future")
        if value > today + datetime.timedelta(days=MAX_DAYS):
            raise forms.ValidationError("The expiry date must be at most a year from today")
        return value
