from __future__ import annotations

from django import forms

CHOICES = [
    ("all", "Each request and reminder as it happens, and a weekly summary"),
    ("digest", "Only the weekly summary"),
]


class PreferenceForm(forms.Form):
    choice = forms.ChoiceField(
        label="Which e-mails do you want?",
        choices=CHOICES,
        widget=forms.RadioSelect,
        help_text="Alerts that a child feels unsafe are always sent straight away.",
        error_messages={"required": "Choose which e-mails you want"},
    )
