from __future__ import annotations

from typing import Any

from django import forms

from learnloop.core.registry import EvidenceKind, evidence_kinds
from learnloop.impact.models import Verdict


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        choices=Verdict.choices,
        widget=forms.RadioSelect,
        label="What difference did it make?",
        help_text="LearnLoop checks the verdict against the figures you link below.",
        error_messages={
            "required": "Choose whether things improved, did not change, got worse or it is too early to tell."
        },
    )


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="What kind of evidence?",
        error_messages={"required": "Choose a kind of evidence."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.key, k.title) for k in evidence_kinds()]


class EvidenceForm(forms.Form):
    error_names = {"ref": "the record", "before": "the period before", "after": "the period after"}
    ref = forms.ChoiceField(label="Record", error_messages={"required": "Choose the record to link."})
    before = forms.ChoiceField(label="Period before", required=False)
    after = forms.ChoiceField(label="Period after", required=False)

    def __init__(
        self, *args: Any, kind: EvidenceKind, options: list[tuple[str, str]], periods: list[str] | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind, self.periods = kind, periods
        self.fields["ref"].choices = [("", "Choose")] + options
        self.fields["ref"].help_text = kind.rule
        if periods is None:
            del self.fields["before"], self.fields["after"]
        else:
            choices = [("", "Choose")] + [(p, p) for p in periods]
            self.fields["before"].choices = choices
            self.fields["after"].choices = choices
            self.fields["before"].help_text = "For example the quarter the learning was identified."
            self.fields["after"].help_text = "A later period, after the change was made."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.periods is not None:
            before, after = data.get("before"), data.get("after")
            if not before:
                self.add_error("before", "Choose the period before.")
            if not after:
                self.add_error("after", "Choose the period after.")
            if before and after and self.periods.index(after) <= self.periods.index(before):
                self.add_error("after", "The period after must be later than the period before.")
        return data
