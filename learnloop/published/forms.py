from __future__ import annotations

from typing import Any

from django import forms

from learnloop.loop.models import SevenMinuteBriefing


class PublicPageForm(forms.Form):
    is_on = forms.BooleanField(
        label="Show the public learning page",
        required=False,
        help_text="Anyone with the link can read it, without signing in. When it is off, the link shows "
        "'Page not found'.",
    )
    introduction = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="A few sentences at the top of the page: who the partnership is and what it publishes.",
    )
    public_briefings = forms.ModelMultipleChoiceField(
        queryset=SevenMinuteBriefing.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="7-minute briefings to publish",
        help_text="Only briefings about learning that is not confidential are listed.",
    )

    def __init__(self, *args: Any, briefings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["public_briefings"]
        field.queryset = briefings
        field.label_from_instance = lambda b: f"{b.dissemination.title} ({b.dissemination.date:%-d %B %Y})"
