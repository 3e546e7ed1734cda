from __future__ import annotations

from typing import Any

from django import forms

from learnloop.evaluation.models import FrameworkItem, Grade
from learnloop.themes.models import Theme

# Words the self-evaluation's addresses use after the year; an item's code appears in the same place.
RESERVED_CODES = {"drafters", "issue", "issued", "download", "evidence-pack"}


class FrameworkItemForm(forms.Form):
    kind = forms.ChoiceField(label="What it is", choices=FrameworkItem.Kind.choices, widget=forms.RadioSelect)
    code = forms.CharField(label="Code", max_length=20, help_text="For example 2.1 or Q6.")
    name = forms.CharField(label="Name", max_length=300)
    parent = forms.ModelChoiceField(label="Domain", queryset=FrameworkItem.objects.none(), required=False)
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Records carrying these themes are suggested as evidence.",
    )
    source = forms.URLField(label="Where it comes from (a link)", required=False, max_length=500, assume_scheme="https")

    def __init__(self, *args: Any, partnership: Any, item: FrameworkItem | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.item = item
        domains = FrameworkItem.objects.filter(partnership=partnership, kind=FrameworkItem.Kind.DOMAIN).current()
        self.fields["parent"].queryset = domains
        self.fields["themes"].queryset = Theme.objects.filter(partnership=partnership).current()

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if "/" in code or code.lower() in RESERVED_CODES:
            raise forms.ValidationError(f"“{code}” cannot be a code: use letters, numbers and dots, such as 6.1 or Q6.")
        clash = FrameworkItem.objects.filter(partnership=self.partnership, code__iexact=code)
        if self.item is not None:
            clash = clash.exclude(pk=self.item.pk)
        if clash.exists():
            raise forms.ValidationError(f"There is already an item with the code “{code}”.")
        return code


class JudgementForm(forms.Form):
    grade = forms.TypedChoiceField(
        label="Grade",
        choices=[("", "Not graded yet"), *Grade.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="On the six-point scale.",
    )
    evaluation = forms.CharField(
        label="How good are we, and how do we know?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Say what the evidence shows: strengths, areas for improvement and what difference was made.",
    )


class DraftersForm(forms.Form):
    drafters = forms.ModelMultipleChoiceField(
        label="People drafting",
        queryset=None,  # type: ignore[arg-type]
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="They may see and write the draft. Committee members read it once it is issued.",
    )

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        from learnloop.accounts.models import Membership, User

        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(partnership=partnership, is_active=True).exclude(role="lead_officer")
        self.fields["drafters"].queryset = User.objects.filter(pk__in=members.values("user_id")).order_by("full_name")
        self.fields["drafters"].label_from_instance = lambda u: f"{u.full_name} ({u.email})"


class IssueForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the correction",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when correcting a version already issued; the earlier version stays readable.",
    )


class CreateForm(forms.Form):
    year = forms.IntegerField(label="Year", min_value=2000, max_value=2100)
