"""The filters of the national themes page (GET, so a filtered page can be bookmarked)."""

from __future__ import annotations

from typing import Any

from django import forms


class ThemesFilterForm(forms.Form):
    theme = forms.ChoiceField(label="Theme", required=False)
    source = forms.ChoiceField(label="Source", required=False)
    year_from = forms.TypedChoiceField(label="From", required=False, coerce=int, empty_value=None)
    year_to = forms.TypedChoiceField(label="To", required=False, coerce=int, empty_value=None)
    min_partnerships = forms.IntegerField(
        label="Rising in at least this many partnerships",
        required=False,
        min_value=2,
        max_value=100,
    )

    def __init__(
        self,
        *args: Any,
        themes: list[tuple[str, str]] = (),  # type: ignore[assignment]
        sources: list[tuple[str, str]] = (),  # type: ignore[assignment]
        years: list[int] = (),  # type: ignore[assignment]
        min_partnerships: int = 2,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["min_partnerships"].initial = min_partnerships
        self.fields["theme"].choices = [("", "Every shared theme"), *themes]
        self.fields["source"].choices = [("", "Every source"), *sources]
        year_choices = [("", "Any")] + [(str(y), str(y)) for y in years]
        self.fields["year_from"].choices = year_choices
        self.fields["year_to"].choices = year_choices
