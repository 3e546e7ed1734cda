from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from learnloop.core.forms import UploadField
from learnloop.dataset.computation import BREAKDOWNS, PERIOD_KINDS
from learnloop.dataset.models import Indicator

MAX_EXTRACT_MB = 200
DATA_FILE_EXTENSIONS = ("csv", "txt", "xlsx")


class ExtractUploadForm(forms.Form):
    error_names = {"file": "an extract"}
    file = UploadField(
        extensions=DATA_FILE_EXTENSIONS,
        label="Upload an extract",
        help_text="A CSV file (UTF-8) or an Excel file (.xlsx), one row an event, with the columns of the extract format.",
    )
    accept_good_rows = forms.BooleanField(
        label="If some rows have problems, load the good rows anyway",
        required=False,
        help_text="Leave this unticked to see every problem first: nothing is loaded from a file with bad rows.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = getattr(settings, "DATASET_MAX_UPLOAD_MB", MAX_EXTRACT_MB)
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(f"The file must be smaller than {limit} MB.")
        if not self.fields["file"].has_extension(upload.name):
            raise forms.ValidationError("The file must be a CSV or an Excel (.xlsx) file.")
        return upload


class DashboardForm(forms.Form):
    period = forms.ChoiceField(label="Periods", choices=list(PERIOD_KINDS.items()), required=False)
    section = forms.ChoiceField(label="Indicators", choices=Indicator.Section.choices, required=False)

    def values(self) -> tuple[str, str]:
        if self.is_valid():
            return self.cleaned_data["period"] or "quarter", self.cleaned_data["section"] or Indicator.Section.JOURNEY
        return "quarter", Indicator.Section.JOURNEY


class IndicatorForm(forms.Form):
    period = forms.ChoiceField(label="Periods", choices=list(PERIOD_KINDS.items()), required=False)
    breakdown = forms.ChoiceField(
        label="Break down by", choices=[("", "No breakdown"), *BREAKDOWNS.items()], required=False
    )

    def values(self) -> tuple[str, str | None]:
        if self.is_valid():
            return self.cleaned_data["period"] or "quarter", self.cleaned_data["breakdown"] or None
        return "quarter", None


class DismissForm(forms.Form):
    reason = forms.CharField(
        label="Why does this signal need no action?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Say why this signal needs no action."},
    )


class PopulationForm(forms.Form):
    year = forms.IntegerField(label="Year", min_value=1990, max_value=2100)
    children_0_15 = forms.IntegerField(label="Children aged 0 to 15", min_value=1)
    source = forms.CharField(
        label="Source", required=False, max_length=200, help_text="For example, NRS mid-year estimates."
    )


def _indicator_choices() -> list[tuple[str, str]]:
    return [("", "Choose an indicator"), *Indicator.objects.filter(in_dataset=True).values_list("code", "name")]


EXCEPTION_HELP = (
    "Only for a locked quarter: why the reviewed value must change. It is kept with your name and the date."
)


class AggregateValueForm(forms.Form):
    """One aggregate value. The checks are the service's (aggregates.check_value), field by field."""

    indicator = forms.ChoiceField(label="Indicator", choices=_indicator_choices)
    period = forms.CharField(label="Quarter", max_length=10, help_text="As YYYY-Qn, for example 2025-Q1.")
    breakdown = forms.CharField(
        label="Breakdown (optional)",
        required=False,
        max_length=120,
        help_text="Leave blank for the whole partnership, or enter dimension:value, for example sex:female or age_band:0_4.",
    )
    value = forms.CharField(label="Value", max_length=20, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    numerator = forms.CharField(
        label="Numerator (optional)",
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="For a percentage: what was counted.",
    )
    denominator = forms.CharField(
        label="Denominator (optional)",
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="For a percentage: out of how many.",
    )
    exception_reason = forms.CharField(
        label="Reason for the exception (locked quarters only)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=EXCEPTION_HELP,
    )


class AggregateUploadForm(forms.Form):
    error_names = {"file": "a file of aggregate values"}
    file = UploadField(
        extensions=DATA_FILE_EXTENSIONS,
        label="Upload aggregate values",
        help_text="A CSV file (UTF-8) or an Excel file (.xlsx) with the columns indicator, period, breakdown, value, and optionally numerator and denominator.",
    )
    accept_good_rows = forms.BooleanField(
        label="If some rows have problems, save the good rows anyway",
        required=False,
        help_text="Leave this unticked to see every problem first: nothing is saved from a file with bad rows.",
    )
    exception_reason = forms.CharField(
        label="Reason for the exception (locked quarters only)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=EXCEPTION_HELP,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 10 MB.")
        if not self.fields["file"].has_extension(upload.name):
            raise forms.ValidationError("The file must be a CSV or an Excel (.xlsx) file.")
        return upload
