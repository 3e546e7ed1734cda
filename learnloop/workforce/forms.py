"""Forms for the training programme and workforce feedback; choices limited to the partnership."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from learnloop.accounts.models import Membership
from learnloop.core.forms import GovUKDateField, UploadField
from learnloop.core.theme_suggestions import SuggestThemesMixin
from learnloop.ingest import surveys
from learnloop.loop.models import LearningPoint
from learnloop.partnership.models import Agency
from learnloop.themes.models import Theme
from learnloop.workforce.models import Course, FeedbackExercise, Session

SCORES = [("", "Not answered")] + [(str(n), str(n)) for n in range(1, 6)]


def _agencies(m: Membership) -> Any:
    return Agency.objects.filter(partnership_id=m.partnership_id, is_active=True)


def _themes(m: Membership) -> Any:
    return Theme.objects.filter(partnership_id=m.partnership_id, retired_at__isnull=True)


class CourseForm(forms.ModelForm):
    outcomes = forms.CharField(
        label="Learning outcomes",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One a line. Attendees rate their confidence on each, before and after.",
    )

    class Meta:
        model = Course
        fields = ["title", "description", "audience", "delivery", "agency", "themes", "is_active", "evaluation_columns"]
        widgets = {
            "delivery": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            "evaluation_columns": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"evaluation_columns": "Evaluation column mapping (optional)"}
        help_texts = {
            "evaluation_columns": "Only if imports cannot tell the columns apart: one line a column, for example "
            "“Q3_SQ001 = before 1” or “Q9 = comments”.",
            "themes": "The practice themes this course addresses.",
        }

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = _themes(membership)
        self.fields["agency"].queryset = _agencies(membership)
        self.fields["delivery"].choices = Course.Delivery.choices
        if self.instance.pk and not self.is_bound:
            self.initial["outcomes"] = "\n".join(o.text for o in self.instance.outcomes.all())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("delivery") == Course.Delivery.SINGLE_AGENCY and not data.get("agency"):
            self.add_error("agency", "Choose the agency that runs a single-agency course.")
        return data

    def outcome_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["outcomes"].splitlines() if line.strip()]


class SessionForm(forms.ModelForm):
    date = GovUKDateField(label="Date")

    class Meta:
        model = Session
        fields = ["date", "trainer", "mode", "venue", "places", "keeps_names"]
        widgets = {"mode": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mode"].choices = Session.Mode.choices
        self.fields["places"].widget.attrs.update({"inputmode": "numeric", "class": "govuk-input--width-4"})

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("mode") == Session.Mode.IN_PERSON and not (data.get("venue") or "").strip():
            self.add_error("venue", "Give the venue of an in-person session.")
        return data


class AttendanceForm(forms.Form):
    """One number box per agency."""

    def __init__(self, *args: Any, membership: Membership, current: dict[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = list(_agencies(membership))
        for agency in self.agencies:
            self.fields[f"agency_{agency.pk}"] = forms.IntegerField(
                label=agency.name, required=False, min_value=0, max_value=10000, initial=current.get(agency.pk)
            )
            self.fields[f"agency_{agency.pk}"].widget.attrs.update({"inputmode": "numeric"})

    def counts(self) -> dict[Agency, int | None]:
        return {a: self.cleaned_data.get(f"agency_{a.pk}") for a in self.agencies}


class AttendeeForm(forms.Form):
    name = forms.CharField(max_length=200)
    job_title = forms.CharField(max_length=200, required=False)
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), empty_label="Choose an agency")

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies(membership)


class EvaluationForm(forms.Form):
    """One attendee's evaluation: before and after on each learning outcome, and comments."""

    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), required=False, empty_label="Not stated")

    def __init__(self, *args: Any, membership: Membership, course: Course, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies(membership)
        self.outcomes = list(course.outcomes.all())
        for outcome in self.outcomes:
            for when in ("before", "after"):
                self.fields[f"{when}_{outcome.pk}"] = forms.TypedChoiceField(
                    label=f"Confidence {when} the course: {outcome.text}",
                    choices=SCORES,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    help_text="1 is not at all confident, 5 is very confident." if when == "before" else "",
                )
        self.fields["comments"] = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for outcome in self.outcomes:
            before, after = data.get(f"before_{outcome.pk}"), data.get(f"after_{outcome.pk}")
            if (before is None) != (after is None):
                missing = "before" if before is None else "after"
                self.add_error(f"{missing}_{outcome.pk}", f"Give confidence {missing} the course as well, or neither.")
        if not self.scores() and not (data.get("comments") or "").strip() and not self.errors:
            raise forms.ValidationError("Give confidence scores or a comment.")
        return data

    def scores(self) -> dict[Any, tuple[int, int]]:
        data = getattr(self, "cleaned_data", {})
        found = {}
        for outcome in self.outcomes:
            before, after = data.get(f"before_{outcome.pk}"), data.get(f"after_{outcome.pk}")
            if before is not None and after is not None:
                found[outcome] = (before, after)
        return found


class SurveyImportForm(forms.Form):
    error_names = {"file": "the export"}
    source = forms.ChoiceField(label="Where the export came from", choices=surveys.FORMATS, widget=forms.RadioSelect)
    file = UploadField(
        extensions=("csv", "tsv", "txt", "xlsx"),
        label="Upload the export",
        help_text="CSV or Excel (.xlsx), up to 5 MB.",
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        limit = getattr(settings, "FILE_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
        if upload.size > limit:
            raise forms.ValidationError(f"The file “{upload.name}” is larger than {limit // (1024 * 1024)} MB.")
        data = upload.read()
        name = upload.name.lower()
        if surveys.is_xlsx(data):
            if not name.endswith(".xlsx"):
                raise forms.ValidationError(
                    f"The file “{upload.name}” is an Excel workbook: its name should end .xlsx."
                )
        elif b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise forms.ValidationError(f"The file “{upload.name}” is not a CSV or an Excel workbook.")
        elif not name.endswith((".csv", ".txt", ".tsv")):
            raise forms.ValidationError(f"The file “{upload.name}” is not a CSV or an Excel workbook (.csv or .xlsx).")
        return data


class FeedbackExerciseForm(SuggestThemesMixin, forms.ModelForm):
    date = GovUKDateField(label="Date", help_text="When it opened or took place, for example 27 3 2026")

    class Meta:
        model = FeedbackExercise
        fields = ["kind", "title", "date", "description", "themes"]
        widgets = {
            "kind": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"kind": "What kind of feedback"}

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = _themes(membership)
        self.fields["kind"].choices = FeedbackExercise.Kind.choices


class FeedbackResponseForm(forms.Form):
    """A response entered by hand: up to five questions and answers."""

    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), required=False, empty_label="Not stated")

    def __init__(self, *args: Any, membership: Membership, questions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies(membership)
        self.question_count = max(len(questions), 3)
        for i in range(self.question_count):
            initial = questions[i] if i < len(questions) else ""
            self.fields[f"question_{i}"] = forms.CharField(label=f"Question {i + 1}", required=False, initial=initial)
            self.fields[f"answer_{i}"] = forms.CharField(
                label=f"Answer {i + 1}", required=False, widget=forms.Textarea(attrs={"rows": 3})
            )

    def answers(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [(data.get(f"question_{i}", ""), data.get(f"answer_{i}", "")) for i in range(self.question_count)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        pairs = [(data.get(f"question_{i}", ""), data.get(f"answer_{i}", "")) for i in range(self.question_count)]
        for i, (q, a) in enumerate(pairs):
            if a.strip() and not q.strip():
                self.add_error(f"question_{i}", "Say which question this answers.")
        if not any(q.strip() and a.strip() for q, a in pairs):
            raise forms.ValidationError("Enter at least one answer.")
        return data


class RaiseLearningPointForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="A short name for the learning.")
    description = forms.CharField(label="What was learned", widget=forms.Textarea(attrs={"rows": 5}))
    kind = forms.ChoiceField(choices=LearningPoint.Kind.choices, widget=forms.RadioSelect)
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = _themes(membership)


class ReviewPeriodForm(forms.Form):
    year = forms.TypedChoiceField(label="Year (April to March)", coerce=int, choices=[])

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"April {y} to March {y + 1}") for y in years]
