from __future__ import annotations

from typing import Any

from django import forms

from learnloop.national.models import ShareKind
from learnloop.national.selectors import SEARCH_KINDS

ANY = [("", "Any")]


def _review_kinds() -> list[tuple[str, str]]:
    from learnloop.reviews.models import Kind

    return list(Kind.choices)


def _agency_kinds() -> list[tuple[str, str]]:
    from learnloop.partnership.models import Agency

    return list(Agency.Kind.choices)


class SearchForm(forms.Form):
    """The search of shared learning. Agencies are named differently in each partnership, so the
    agency filter is by kind of agency (health, police...), which every partnership records."""

    q = forms.CharField(
        label="Words",
        required=False,
        max_length=200,
        help_text='For example: babies neglect. Put a phrase in quotes, "or" between words for either, a minus before a word to leave it out.',
    )
    theme = forms.ChoiceField(label="Theme", required=False)
    kind = forms.ChoiceField(
        label="Kind of learning",
        required=False,
        choices=ANY + [(k.value, k.label) for k in SEARCH_KINDS],
    )
    review_kind = forms.ChoiceField(label="Kind of review", required=False)
    agency = forms.ChoiceField(label="Agency involved", required=False)
    year = forms.IntegerField(label="Year", required=False, min_value=1990, max_value=2100)

    def __init__(self, *args: Any, themes: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = ANY + list(themes)
        self.fields["review_kind"].choices = ANY + _review_kinds()
        self.fields["agency"].choices = ANY + _agency_kinds()

    def filters(self) -> dict[str, Any]:
        """The valid filters; an invalid one (a stale link) is shown as an error and left out."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            "words": self.cleaned_data.get("q") or "",
            "theme": self.cleaned_data.get("theme") or "",
            "kind": self.cleaned_data.get("kind") or "",
            "review_kind": self.cleaned_data.get("review_kind") or "",
            "agency": self.cleaned_data.get("agency") or "",
            "year": self.cleaned_data.get("year"),
        }


class ShareForm(forms.Form):
    kind = forms.ChoiceField(choices=ShareKind.choices)
    object_id = forms.IntegerField(min_value=0)
