"""Forms for the audit programme. Querysets are limited to the member's own partnership."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from learnloop.accounts.models import Membership, User
from learnloop.audits.models import SCALE, AnswerType, Audit, AuditTool, Choice, ToolQuestion
from learnloop.audits.services import AnswerData
from learnloop.core.forms import GovUKDateField
from learnloop.core.text import mid_sentence
from learnloop.core.theme_suggestions import SuggestThemesMixin
from learnloop.loop.forms import MemberForm, _agencies, _members, _subgroups, _themes
from learnloop.loop.models import LearningPoint
from learnloop.loop.selectors import actions_visible, learning_points_visible
from learnloop.partnership.models import Agency


def _current_year(today: Any = None) -> int:
    today = today or timezone.localdate()
    return today.year if today.month >= 4 else today.year - 1


class AuditForm(MemberForm):
    planned_start = GovUKDateField(label="Planned start")
    due_date = GovUKDateField(label="Readings due", help_text="The date readers must finish by.")
    report_due = GovUKDateField(label="Report due", required=False)

    class Meta:
        model = Audit
        fields = [
            "title",
            "tool",
            "agencies",
            "lead",
            "sample_size",
            "selection_criteria",
            "planned_start",
            "due_date",
            "report_due",
            "previous_audit",
        ]
        widgets = {
            "agencies": forms.CheckboxSelectMultiple,
            "selection_criteria": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"title": "What the audit looks at, for example 'Neglect: use of chronologies'."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        m = self.membership
        tools = AuditTool.objects.filter(partnership_id=m.partnership_id)
        if self.instance.pk and self.instance.status in Audit.STARTED:
            self.fields["tool"].queryset = tools.filter(pk=self.instance.tool_id)
            self.fields["tool"].help_text = "The tool cannot change once the audit has started."
        else:
            self.fields["tool"].queryset = tools.filter(is_current=True)
        self.fields["tool"].empty_label = None
        self.fields["agencies"].queryset = _agencies(m)
        self.fields["lead"].queryset = _members(m)
        self.fields["lead"].empty_label = "Choose the audit lead"
        self.fields["lead"].required = True
        earlier = Audit.objects.filter(partnership_id=m.partnership_id, status=Audit.Status.COMPLETE)
        if self.instance.pk:
            earlier = earlier.exclude(pk=self.instance.pk)
        self.fields["previous_audit"].queryset = earlier.order_by("-number")
        self.fields["previous_audit"].label = "Re-audit of"
        self.fields["previous_audit"].empty_label = "Not a re-audit"
        self.fields["sample_size"].widget.attrs["class"] = "govuk-input--width-3"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, due, report = data.get("planned_start"), data.get("due_date"), data.get("report_due")
        if start and due and due < start:
            self.add_error("due_date", "The date readings are due must be on or after the planned start.")
        if due and report and report < due:
            self.add_error("report_due", "The report cannot be due before the readings.")
        sample = data.get("sample_size")
        if sample is not None and sample < 1:
            self.add_error("sample_size", "The sample must have at least 1 case.")
        return data


class CaseForm(forms.Form):
    local_case_reference = forms.CharField(
        label="Local case reference",
        max_length=60,
        help_text="The reference readers use to find the file, for example SW-2025-0142. Never a name.",
    )
    agency = forms.ModelChoiceField(
        label="Whose system the reference comes from", queryset=Agency.objects.none(), required=False
    )
    age_band = forms.ChoiceField(label="Age band", choices=[])
    why_selected = forms.CharField(label="Why this case was selected", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        from learnloop.loop.models import AgeBand

        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies(membership)
        self.fields["agency"].empty_label = "Not recorded"
        self.fields["age_band"].choices = [("", "Choose an age band"), *AgeBand.choices]


class ReaderForm(forms.Form):
    reader = forms.ModelChoiceField(label="Reader", queryset=User.objects.none())
    agency = forms.ModelChoiceField(label="Reading for", queryset=Agency.objects.none())

    def __init__(self, *args: Any, membership: Membership, audit: Audit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reader"].queryset = _members(membership)
        self.fields["reader"].empty_label = "Choose a reader"
        self.fields["reader"].label_from_instance = lambda u: f"{u.full_name} ({u.email})"
        self.fields["agency"].queryset = audit.agencies.all().order_by("name")
        self.fields["agency"].empty_label = "Choose the agency"


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Audit.Status.choices)


class SummaryForm(forms.Form):
    strengths = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 5}), help_text="What the audit found working well."
    )
    areas_for_improvement = forms.CharField(
        label="Areas for improvement", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReauditForm(forms.Form):
    title = forms.CharField(label="Topic", max_length=200)
    planned_start = GovUKDateField(label="Planned start")
    due_date = GovUKDateField(label="Readings due")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("planned_start") and data.get("due_date") and data["due_date"] < data["planned_start"]:
            self.add_error("due_date", "The date readings are due must be on or after the planned start.")
        return data


class QuestionForm(forms.Form):
    section = forms.TypedChoiceField(label="Section", coerce=int, choices=[])
    text = forms.CharField(label="Question", max_length=400, widget=forms.Textarea(attrs={"rows": 2}))
    guidance = forms.CharField(
        label="Guidance for the reader", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    answer_type = forms.ChoiceField(label="How it is answered", choices=AnswerType.choices, widget=forms.RadioSelect)
    themes = forms.ModelMultipleChoiceField(
        label="Themes", required=False, queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, membership: Membership, tool: AuditTool, question: ToolQuestion | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [(s.number, str(s)) for s in tool.sections.all()]
        self.fields["themes"].queryset = _themes(membership, question)
        if question is not None:
            self.fields["section"].disabled = True


# Readings and moderation: one field per question, built from the tool --------------------------------

SCALE_CHOICES = [(str(g), f"{g} {mid_sentence(label)}") for g, (label, _) in sorted(SCALE.items(), reverse=True)]


def _value_field(question: ToolQuestion, label: str) -> forms.Field:
    if question.answer_type == AnswerType.SCALE:
        return forms.ChoiceField(label=label, required=False, choices=SCALE_CHOICES, widget=forms.RadioSelect)
    if question.answer_type == AnswerType.YES_NO:
        return forms.ChoiceField(label=label, required=False, choices=Choice.choices, widget=forms.RadioSelect)
    if question.answer_type == AnswerType.NUMBER:
        field = forms.DecimalField(
            label=label, required=False, min_value=0, max_digits=10, decimal_places=0, widget=forms.TextInput
        )
        field.error_messages["invalid"] = f"Question {question.reference}: enter a whole number, like 3."
        field.error_messages["min_value"] = f"Question {question.reference}: the number cannot be below 0."
        field.error_messages["max_decimal_places"] = f"Question {question.reference}: enter a whole number, like 3."
        return field
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}))


def _answer_from(question: ToolQuestion, value: Any, comment: str) -> AnswerData:
    if question.answer_type == AnswerType.SCALE:
        return AnswerData(grade=int(value) if value else None, comment=comment)
    if question.answer_type == AnswerType.YES_NO:
        return AnswerData(choice=value or "", comment=comment)
    if question.answer_type == AnswerType.NUMBER:
        return AnswerData(number=Decimal(value) if value is not None else None, comment=comment)
    return AnswerData(comment=value or "")


def _initial_value(question: ToolQuestion, answer: Any) -> Any:
    if answer is None:
        return None
    if question.answer_type == AnswerType.SCALE:
        return str(answer.grade) if answer.grade is not None else None
    if question.answer_type == AnswerType.YES_NO:
        return answer.choice or None
    if question.answer_type == AnswerType.NUMBER:
        return f"{answer.number.normalize():f}" if answer.number is not None else None
    return answer.comment


class AnswersForm(forms.Form):
    """Fields q<id> (the answer) and q<id>_comment for each question of the tool."""

    def __init__(self, *args: Any, questions: list[ToolQuestion], answers: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            answer = answers.get(question.pk)
            name = f"q{question.pk}"
            label = f"{question.reference} {question.text}"
            self.fields[name] = _value_field(question, label)
            self.fields[name].help_text = question.guidance
            self.initial[name] = _initial_value(question, answer)
            if question.answer_type != AnswerType.TEXT:
                self.fields[f"{name}_comment"] = forms.CharField(
                    label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 2})
                )
                self.initial[f"{name}_comment"] = answer.comment if answer is not None else ""

    def rows(self) -> list[tuple[ToolQuestion, forms.BoundField, forms.BoundField | None]]:
        result = []
        for question in self.questions:
            name = f"q{question.pk}"
            comment = self[f"{name}_comment"] if f"{name}_comment" in self.fields else None
            result.append((question, self[name], comment))
        return result

    def answers(self) -> dict[int, AnswerData]:
        data = self.cleaned_data
        return {
            q.pk: _answer_from(q, data.get(f"q{q.pk}"), (data.get(f"q{q.pk}_comment") or "").strip())
            for q in self.questions
        }

    def add_question_errors(self, errors: dict[int, str]) -> None:
        for question_id, message in errors.items():
            self.add_error(f"q{question_id}", message)


class ModerationForm(AnswersForm):
    """The agreed answer per question, plus a note where the readers differed."""

    def __init__(self, *args: Any, readings: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.readings = readings
        for question in self.questions:
            name = f"q{question.pk}"
            given = self._given(question)
            self.fields[name].label = f"Agreed answer to {question.reference}"
            if self.initial.get(name) is None and len({v for _, v in given}) == 1 and given:
                self.initial[name] = given[0][1]
            self.fields[f"{name}_note"] = forms.CharField(
                label="If the readers differed, how it was resolved",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["note"] = forms.CharField(
            label="Moderation note for the whole case", required=False, widget=forms.Textarea(attrs={"rows": 3})
        )

    def _given(self, question: ToolQuestion) -> list[tuple[str, Any]]:
        given = []
        for reading in self.readings:
            if not reading.is_submitted:
                continue
            answer = next((a for a in reading.answers.all() if a.question_id == question.pk), None)
            if answer is not None:
                value = _initial_value(question, answer)
                if value not in (None, ""):
                    given.append((reading.agency.name, value))
        return given

    def moderation_rows(self) -> list[dict[str, Any]]:
        rows = []
        for question, value, comment in self.rows():
            readers = []
            for reading in self.readings:
                answer = next((a for a in reading.answers.all() if a.question_id == question.pk), None)
                readers.append((reading, answer))
            values = {a.value_display for _, a in readers if a is not None and a.value_display}
            rows.append(
                {
                    "question": question,
                    "value": value,
                    "comment": comment,
                    "note": self[f"q{question.pk}_note"],
                    "readers": readers,
                    "differ": len(values) > 1,
                }
            )
        return rows

    def notes(self) -> dict[int, str]:
        return {q.pk: (self.cleaned_data.get(f"q{q.pk}_note") or "").strip() for q in self.questions}


# Into the loop --------------------------------------------------------------------------------------


class FindingForm(SuggestThemesMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=200, help_text="A short name for the learning.")
    description = forms.CharField(label="What was learned", widget=forms.Textarea(attrs={"rows": 4}))
    kind = forms.ChoiceField(label="Kind of learning", choices=LearningPoint.Kind.choices, widget=forms.RadioSelect)
    themes = forms.ModelMultipleChoiceField(
        label="Themes", required=False, queryset=None, widget=forms.CheckboxSelectMultiple
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies concerned", required=False, queryset=None, widget=forms.CheckboxSelectMultiple
    )
    subgroup = forms.ModelChoiceField(label="Subgroup responsible", required=False, queryset=None)
    action_title = forms.CharField(
        label="What will be done (optional)",
        required=False,
        max_length=300,
        help_text="Add the first action now, or later from the learning point.",
    )
    action_owner_agency = forms.ModelChoiceField(label="Owning agency", required=False, queryset=None)
    action_due_date = GovUKDateField(label="Action due", required=False)
    action_success_measure = forms.CharField(
        label="Success measure", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = _themes(membership)
        self.fields["agencies"].queryset = _agencies(membership)
        self.fields["subgroup"].queryset = _subgroups(membership)
        self.fields["subgroup"].empty_label = "None"
        self.fields["action_owner_agency"].queryset = _agencies(membership)
        self.fields["action_owner_agency"].empty_label = "Choose an agency"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("action_title") or "").strip():
            if not data.get("action_owner_agency"):
                self.add_error("action_owner_agency", "Choose the agency that owns the action.")
            if not data.get("action_due_date") and "action_due_date" not in self.errors:
                self.add_error("action_due_date", "Enter the date the action is due.")
            if not (data.get("action_success_measure") or "").strip():
                self.add_error("action_success_measure", "Say how the partnership will know the action worked.")
        return data


class ImpactAttachForm(forms.Form):
    learning_points = forms.ModelMultipleChoiceField(
        label="Learning points this re-audit judges", required=False, queryset=None, widget=forms.CheckboxSelectMultiple
    )
    actions = forms.ModelMultipleChoiceField(
        label="Actions this re-audit judges", required=False, queryset=None, widget=forms.CheckboxSelectMultiple
    )
    conclusion = forms.CharField(label="What the comparison shows", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, membership: Membership, previous: Audit | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lps = learning_points_visible(membership).order_by("number")
        self.fields["learning_points"].queryset = lps
        self.fields["actions"].queryset = actions_visible(membership).order_by("number")
        self.fields["actions"].label_from_instance = lambda a: f"{a.reference}: {a.title}"
        if previous is not None and not self.is_bound:
            from django.contrib.contenttypes.models import ContentType

            ct = ContentType.objects.get_for_model(Audit)
            from_previous = lps.filter(source_record_type=ct, source_record_id=previous.pk)
            self.initial["learning_points"] = list(from_previous.values_list("pk", flat=True))
            self.initial["actions"] = list(
                actions_visible(membership).filter(learning_point__in=from_previous).values_list("pk", flat=True)
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("learning_points") and not data.get("actions"):
            self.add_error("learning_points", "Choose at least one learning point or action.")
        return data


class PickCasesForm(forms.Form):
    """Tick rows of a case list and type each one's local case reference.

    Fields per row n (from 1): `pick_n` (tick), `reference_n` and, where the list does not know
    the child's age band, `age_band_n`. Rows already in the sample have no fields.
    """

    agency = forms.ModelChoiceField(
        label="Whose system the references come from", queryset=Agency.objects.none(), required=False
    )

    def __init__(self, *args: Any, membership: Membership, candidates: list, sampled: set[str], **kwargs: Any) -> None:
        from learnloop.audits.sampling import known_age_band
        from learnloop.loop.models import AgeBand

        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies(membership)
        self.fields["agency"].empty_label = "Not recorded"
        self.rows: list[dict[str, Any]] = []
        for n, candidate in enumerate(candidates, start=1):
            row: dict[str, Any] = {"n": n, "candidate": candidate, "age_band": known_age_band(candidate)}
            row["in_sample"] = candidate.key in sampled
            if not row["in_sample"]:
                self.fields[f"pick_{n}"] = forms.BooleanField(label=f"Add row {n} to the sample", required=False)
                self.fields[f"reference_{n}"] = forms.CharField(
                    label=f"Local case reference for row {n}", required=False, max_length=60
                )
                if not row["age_band"]:
                    self.fields[f"age_band_{n}"] = forms.ChoiceField(
                        label=f"Age band for row {n}",
                        required=False,
                        choices=[("", "Choose"), *AgeBand.choices],
                    )
            self.rows.append(row)

    def bound_rows(self) -> list[dict[str, Any]]:
        """The rows with their bound fields, for the template."""
        rows = []
        for row in self.rows:
            n = row["n"]
            bound = dict(row)
            for name in ("pick", "reference", "age_band_field"):
                field_name = f"age_band_{n}" if name == "age_band_field" else f"{name}_{n}"
                bound[name] = self[field_name] if field_name in self.fields else None
            rows.append(bound)
        return rows

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for row in self.rows:
            n = row["n"]
            if row["in_sample"]:
                continue
            if data.get(f"reference_{n}", "").strip() and not data.get(f"pick_{n}"):
                self.add_error(
                    f"reference_{n}",
                    f"Row {n}: you typed a reference but did not tick the row. Tick it, or clear the reference",
                )
        return data

    def picks(self) -> list:
        from learnloop.audits.sampling import Pick

        return [
            Pick(
                row=row["n"],
                candidate=row["candidate"],
                reference=self.cleaned_data.get(f"reference_{row['n']}", ""),
                age_band=self.cleaned_data.get(f"age_band_{row['n']}", ""),
            )
            for row in self.rows
            if not row["in_sample"] and self.cleaned_data.get(f"pick_{row['n']}")
        ]

    def add_row_errors(self, errors: dict[int, str]) -> None:
        for n, message in sorted(errors.items()):
            field = f"reference_{n}"
            if message == "Choose an age band" and f"age_band_{n}" in self.fields:
                field = f"age_band_{n}"
            self.add_error(field, f"Row {n}: {message}")
