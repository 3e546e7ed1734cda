"""Forms for reviews. Every queryset is limited to the member's own partnership."""

from __future__ import annotations

from typing import Any

from django import forms

from learnloop.accounts.models import Membership, User
from learnloop.core.forms import EvidenceFileField, GovUKDateField, PastDateField
from learnloop.partnership.models import Agency, Responsibility, Subgroup
from learnloop.reviews import stages
from learnloop.reviews.models import (
    AgencyRequest,
    Criterion,
    Finding,
    Kind,
    ParallelProcess,
    Publication,
    Recommendation,
    Review,
    ReviewChild,
    ReviewSettings,
    Stage,
)
from learnloop.themes.models import Theme


def _agencies(m: Membership) -> Any:
    return Agency.objects.filter(partnership_id=m.partnership_id, is_active=True)


def _subgroups(m: Membership) -> Any:
    return Subgroup.objects.filter(partnership_id=m.partnership_id, is_active=True)


def _members(m: Membership) -> Any:
    return User.objects.filter(memberships__partnership_id=m.partnership_id, memberships__is_active=True).order_by(
        "full_name"
    )


# Every date a stage records is the day something happened: none may be in the future.
DATE_FIELDS = {
    "notified_on": "The date the notification was received",
    "decided_on": "The date of the CPC decision",
    "ci_notified_on": "The date the Care Inspectorate was notified",
    "report_approved_on": "The date the CPC approved the report",
    "report_ratified_on": "The date the Chief Officers Group ratified the report",
    "final_report_sent_on": "The date the final report was sent",
}


class MemberForm(forms.ModelForm):
    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        self.membership = membership
        super().__init__(*args, **kwargs)


class ReviewForm(MemberForm):
    """The review's own details. Stage records are kept by the stage forms."""

    notified_on = PastDateField(
        label="Date the notification was received", required=False, subject=DATE_FIELDS["notified_on"]
    )
    published_on = PastDateField(label="Date published", required=False, subject="The date published")
    criteria = forms.MultipleChoiceField(
        label="Criteria it may meet", choices=Criterion.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Review
        fields = [
            "kind",
            "title",
            "agency",
            "agencies",
            "lead",
            "subgroup",
            "notified_on",
            "notified_by",
            "circumstances",
            "criteria",
            "source_organisation",
            "source_url",
            "published_on",
            "named_people",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "agencies": forms.CheckboxSelectMultiple,
            "circumstances": forms.Textarea(attrs={"rows": 4}),
            "named_people": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "notified_by": "A name and role, or an agency. Learning reviews only.",
            "circumstances": "Learning reviews: what happened, without naming the child or family.",
            "source_organisation": "External learning and inspection reports only.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        m = self.membership
        self.fields["kind"].choices = Kind.choices
        self.fields["agency"].queryset = _agencies(m)
        self.fields["agencies"].queryset = _agencies(m)
        self.fields["lead"].queryset = _members(m)
        self.fields["subgroup"].queryset = _subgroups(m)
        if self.instance.pk:
            del self.fields["kind"]  # the kind sets the process; it is chosen once
        elif not self.is_bound:
            lrs = _subgroups(m).filter(responsibility=Responsibility.LEARNING_REVIEW).first()
            if lrs:
                self.initial.setdefault("subgroup", lrs.pk)
            self.initial.setdefault("lead", m.user_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind") or self.instance.kind
        if kind == Kind.SINGLE_AGENCY and not data.get("agency"):
            self.add_error("agency", "Choose the agency this single-agency case review belongs to.")
        if kind != Kind.SINGLE_AGENCY:
            data["agency"] = None
        return data


class ReviewSettingsForm(forms.ModelForm):
    class Meta:
        model = ReviewSettings
        fields = [
            "notification_days",
            "information_days",
            "agency_return_days",
            "recommendation_days",
            "decision_days",
            "ci_notification_days",
            "relevance_days",
            "review_days",
            "report_days",
            "final_report_days",
            "publication_days",
            "action_plan_days",
            "publication_review_months",
        ]


# Stage forms: each records what its stage needs on the review itself.
STAGE_FIELDS: dict[str, list[str]] = {
    Stage.NOTIFICATION: ["notified_on", "notified_by", "circumstances", "criteria"],
    Stage.INFORMATION: [],
    Stage.RECOMMENDATION: [
        "recommendation_outline",
        "recommendation_basis",
        "recommendation_circumstances",
        "recommendation",
    ],
    Stage.DECISION: ["decision", "decision_reasons", "decided_by", "decided_on"],
    Stage.CI_NOTIFICATION: ["ci_notified_on", "ci_reference"],
    Stage.RELEVANCE: ["relevance", "relevance_reasons"],
    Stage.REVIEW: ["reviewers", "methodology", "family_involvement", "practitioner_involvement"],
    Stage.REPORT: ["report_approved_on", "report_ratified_on"],
    Stage.FINAL_REPORT: ["final_report_sent_on"],
    Stage.PUBLICATION: ["publication_decision", "publication_reasons"],
    Stage.ACTION_PLAN: [],
    Stage.FOLLOW_UP: [],
}


class StageFormBase(forms.ModelForm):
    """Records the current stage on the review; `complete` moves it on."""

    complete = forms.BooleanField(label="This stage is finished: move the review on", required=False)
    exception_reason = forms.CharField(
        label="Exception: why the review can move on without what is missing",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only if something the stage needs is missing (for example, an agency's return).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name in DATE_FIELDS:
                self.fields[name] = PastDateField(
                    label=self.fields[name].label, required=False, subject=DATE_FIELDS[name]
                )
        if "criteria" in self.fields:
            self.fields["criteria"] = forms.MultipleChoiceField(
                label="Criteria it may meet",
                choices=Criterion.choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        for name in ("recommendation", "decision", "publication_decision"):
            if name in self.fields:
                self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        if "relevance" in self.fields:
            self.fields["relevance"].choices = [
                (Review.Relevance.RELEVANT, Review.Relevance.RELEVANT.label),
                (Review.Relevance.NOT_RELEVANT, Review.Relevance.NOT_RELEVANT.label),
            ]
        if self.instance.stage not in _exception_stages():
            del self.fields["exception_reason"]


class CloseReviewForm(StageFormBase):
    """Follow-up: closing the review. With actions from the review still open, closing needs a
    decision to carry them in the partnership's improvement plan: who decided, when and why.
    The service checks the same rule; the form asks for it in the user's words."""

    closure_forum = forms.CharField(
        label="Who decided",
        required=False,
        max_length=200,
        help_text="The forum or person that decided, for example the CPC.",
    )
    closure_decided_on = PastDateField(
        label="Date of the decision", required=False, subject="The date of the decision to close the review"
    )
    closure_reason = forms.CharField(
        label="Why the review can close with these actions open",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the actions are carried in the partnership's improvement plan and reported to the CPC.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from learnloop.reviews.services import review_open_actions

        self.fields["complete"].label = "Close the review"
        self.has_open_actions = bool(review_open_actions(self.instance))
        if not self.has_open_actions:
            for name in ("closure_forum", "closure_decided_on", "closure_reason"):
                del self.fields[name]
        else:
            self.fields["complete"].label = "Close the review with these actions carried in the improvement plan"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.has_open_actions and data.get("complete"):
            if not (data.get("closure_forum") or "").strip():
                self.add_error(
                    "closure_forum", "Say who decided to close the review with actions open, for example the CPC."
                )
            if not data.get("closure_decided_on") and "closure_decided_on" not in self.errors:
                self.add_error("closure_decided_on", "Enter the date of the decision to close the review.")
            if not (data.get("closure_reason") or "").strip():
                self.add_error("closure_reason", "Say why the review can close with actions still open.")
        return data


def stage_form_class(stage: str) -> type[forms.ModelForm]:
    return forms.modelform_factory(
        Review,
        form=CloseReviewForm if stage == Stage.FOLLOW_UP else StageFormBase,
        fields=STAGE_FIELDS.get(stage, []),
        widgets={
            "recommendation": forms.RadioSelect,
            "decision": forms.RadioSelect,
            "relevance": forms.RadioSelect,
            "publication_decision": forms.RadioSelect,
            "circumstances": forms.Textarea(attrs={"rows": 4}),
        },
    )


def _exception_stages() -> set[str]:
    from learnloop.reviews.services import EXCEPTION_ALLOWED

    return {str(s) for s in EXCEPTION_ALLOWED}


class GoBackForm(forms.Form):
    stage = forms.ChoiceField(label="Go back to", widget=forms.RadioSelect)
    reason = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Stage.choices)
        self.fields["stage"].choices = [(s, labels[s]) for s in stages.earlier_stages(review)]


class AgencyRequestsForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies to ask", queryset=Agency.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    due_on = GovUKDateField(label="Due date")

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = _agencies(membership)


class AgencyReturnForm(forms.ModelForm):
    class Meta:
        model = AgencyRequest
        fields = ["involvement_summary", "chronology", "initial_reflection"]
        widgets = {
            "involvement_summary": forms.Textarea(attrs={"rows": 5}),
            "chronology": forms.Textarea(attrs={"rows": 8}),
            "initial_reflection": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True


class ReviewChildForm(forms.ModelForm):
    class Meta:
        model = ReviewChild
        fields = ["label", "local_case_reference", "age_band"]


class ParallelProcessForm(forms.ModelForm):
    started_on = PastDateField(label="Started on", subject="The date it started")
    ended_on = PastDateField(
        label="Ended on",
        required=False,
        subject="The date it ended",
        help_text="Leave blank while it is still going on.",
    )

    class Meta:
        model = ParallelProcess
        fields = ["kind", "description", "pauses_review", "started_on", "ended_on"]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ParallelProcess.Kind.choices


class ReportVersionForm(forms.Form):
    error_names = {"file": "the draft report"}
    file = EvidenceFileField(
        label="Upload the draft report", help_text="A PDF or Word document.", kinds=("PDF", "Word")
    )
    note = forms.CharField(label="What changed", required=False, max_length=300)


class FindingForm(MemberForm):
    class Meta:
        model = Finding
        fields = ["title", "text", "kind", "themes"]
        widgets = {
            "kind": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "text": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(
            partnership_id=self.membership.partnership_id, retired_at__isnull=True
        )
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]


class RecommendationForm(MemberForm):
    due_date = GovUKDateField(label="By when")

    class Meta:
        model = Recommendation
        fields = ["finding", "text", "owner_agency", "owner_subgroup", "due_date", "success_measure"]
        widgets = {"success_measure": forms.Textarea(attrs={"rows": 3})}
        labels = {"owner_agency": "Owning agency", "owner_subgroup": "Owning subgroup"}

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = Finding.objects.filter(review=review)
        self.fields["owner_agency"].queryset = _agencies(self.membership)
        self.fields["owner_subgroup"].queryset = _subgroups(self.membership)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("owner_agency") and not data.get("owner_subgroup"):
            self.add_error("owner_agency", "Choose who owns this recommendation: an agency, a subgroup or both.")
        return data


class PublicationForm(forms.ModelForm):
    class Meta:
        model = Publication
        fields = ["kind", "title", "body", "school_names"]
        widgets = {
            "kind": forms.RadioSelect,
            "body": forms.Textarea(attrs={"rows": 14}),
            "school_names": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Publication.Kind.choices


class AcceptFindingForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(widget=forms.HiddenInput, max_length=300)
    reason = forms.CharField(label="Why it can stay", widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Why it is being withdrawn", widget=forms.Textarea(attrs={"rows": 3}))
