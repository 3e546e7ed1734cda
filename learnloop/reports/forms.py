from __future__ import annotations

from typing import Any

from django import forms

from learnloop.core.forms import GovUKDateField
from learnloop.core.registry import report_kinds
from learnloop.reports.models import Recommendation


class ReportCreateForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of report", widget=forms.RadioSelect)
    period_start = GovUKDateField(label="Period from", help_text="For example, 1 4 2026")
    period_end = GovUKDateField(label="Period to", help_text="For example, 31 3 2027")
    meeting_date = GovUKDateField(
        label="Meeting date", required=False, help_text="For a committee paper: the day of the meeting."
    )
    title = forms.CharField(label="Title", max_length=200, required=False, help_text="Leave blank for the usual title.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.key, k.title) for k in report_kinds() if k.build_file is None]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", "The period must end on or after the day it starts.")
        from learnloop.core.registry import REPORT_KINDS

        kind = REPORT_KINDS.get(data.get("kind", ""))
        if kind and kind.has_meeting and not data.get("meeting_date"):
            self.add_error("meeting_date", "Enter the date of the meeting.")
        return data


class NarrativeForm(forms.Form):
    text = forms.CharField(label="Text", widget=forms.Textarea(attrs={"rows": 12}), required=False)


class IssueForm(forms.Form):
    reason = forms.CharField(
        label="Why is a corrected version being issued?", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, correction: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.correction = correction
        if not correction:
            del self.fields["reason"]
        else:
            self.fields["reason"].required = True


class RecommendationForm(forms.Form):
    text = forms.CharField(label="Recommendation", widget=forms.Textarea(attrs={"rows": 4}))
    decision = forms.ChoiceField(
        label="The committee's decision", choices=Recommendation.Decision.choices, widget=forms.RadioSelect
    )
    decision_note = forms.CharField(
        label="What the committee said", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    decided_on = GovUKDateField(label="Date of the decision", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") and data["decision"] != Recommendation.Decision.AWAITING and not data.get("decided_on"):
            self.add_error("decided_on", "Enter the date the committee decided.")
        return data


class PeopleForm(forms.Form):
    """Who drafts a report and who reads its issued versions: the partnership's active members,
    each labelled with their role and agency (a member of two agencies' work is still one person)."""

    drafters = forms.TypedMultipleChoiceField(
        label="Who drafts it",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Besides you, they see the draft and write its narrative. They also read the issued versions.",
    )
    audience = forms.TypedMultipleChoiceField(
        label="Who reads it once issued",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Committee members always read issued versions; name anyone else who should.",
    )

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        from learnloop.reports.selectors import people_choices

        super().__init__(*args, **kwargs)
        choices = people_choices(partnership)
        self.fields["drafters"].choices = choices
        self.fields["audience"].choices = choices
