from __future__ import annotations

from django import forms

from learnloop.national.models import ShareKind
from learnloop.national.selectors import SEARCH_KINDS


class SearchForm(forms.Form):
    q = forms.CharField(label="Words", required=False, max_length=200)
    theme = forms.ChoiceField(label="Theme", required=False)
    kind = forms.ChoiceField(
        label="Kind of learning",
        required=False,
        choices=[("", "Any")] + [(k.value, k.label) for k in SEARCH_KINDS],
    )
    year = forms.IntegerField(label="Year", required=False, min_value=1990, max_value=2100)

    def __init__(self, *args, themes: list[tuple[str, str]] = (), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Any")] + list(themes)


class ShareForm(forms.Form):
    kind = forms.ChoiceField(choices=ShareKind.choices)
    object_id = forms.IntegerField(min_value=0)
