"""Forms for the learning loop. Querysets are limited to the member's own partnership."""

from __future__ import annotations

from typing import Any

from django import forms

from learnloop.accounts.models import Membership, User
from learnloop.accounts.roles import Role
from learnloop.core.forms import EvidenceFileField, GovUKDateField
from learnloop.core.theme_suggestions import SuggestThemesMixin
from learnloop.loop.models import (
    Action,
    Dissemination,
    Embedding,
    Impact,
    LearningPoint,
    SevenMinuteBriefing,
    SourceType,
    TrackedChild,
)
from learnloop.loop.selectors import actions_visible, learning_points_visible, tracked_children_visible
from learnloop.partnership.models import Agency, Subgroup
from learnloop.themes.models import Theme


def _agencies(m: Membership) -> Any:
    return Agency.objects.filter(partnership_id=m.partnership_id, is_active=True)


def _subgroups(m: Membership) -> Any:
    return Subgroup.objects.filter(partnership_id=m.partnership_id, is_active=True)


def _members(m: Membership) -> Any:
    """Members who can hold an action: everyone active in the partnership except viewers, who read only."""
    return (
        User.objects.filter(memberships__partnership_id=m.partnership_id, memberships__is_active=True)
        .exclude(pk__in=Membership.objects.filter(partnership_id=m.partnership_id, role=Role.VIEWER).values("user_id"))
        .order_by("full_name")
    )


def _themes(m: Membership, instance: Any = None) -> Any:
    """Current themes, plus any retired theme the record already carries."""
    qs = Theme.objects.filter(partnership_id=m.partnership_id)
    if instance is not None and instance.pk:
        return qs.filter(retired_at__isnull=True) | qs.filter(pk__in=instance.themes.values("pk"))
    return qs.filter(retired_at__isnull=True)


class MemberForm(forms.ModelForm):
    """A model form that knows the member it is for."""

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        self.membership = membership
        super().__init__(*args, **kwargs)


class LearningPointForm(SuggestThemesMixin, MemberForm):
    date_identified = GovUKDateField(label="Date identified")
    source_date = GovUKDateField(label="Source date", required=False, help_text="For example, 27 3 2026")

    class Meta:
        model = LearningPoint
        fields = [
            "title",
            "description",
            "kind",
            "source_type",
            "source_title",
            "source_date",
            "source_url",
            "themes",
            "agencies",
            "date_identified",
            "subgroup",
            "is_confidential",
            "agency",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "agencies": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"source_title": "Source title", "agencies": "Agencies concerned"}
        help_texts = {
            "source_title": "For example, the name of the review, audit or report.",
            "agencies": "The agencies this learning applies to.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        m = self.membership
        self.fields["themes"].queryset = _themes(m, self.instance)
        self.fields["agencies"].queryset = _agencies(m)
        self.fields["subgroup"].queryset = _subgroups(m)
        self.fields["agency"].queryset = _agencies(m)
        self.fields["kind"].choices = LearningPoint.Kind.choices
        self.fields["source_type"].choices = [("", "Choose a source")] + list(SourceType.choices)
        if not self.instance.pk and m.role == "agency_lead" and not self.is_bound:
            self.initial.setdefault("agency", m.agency_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        m = self.membership
        agency = data.get("agency")
        if data.get("is_confidential"):
            if not agency:
                self.add_error("agency", "Choose the agency a confidential learning point belongs to.")
            elif m.role != "lead_officer" and not (m.role == "agency_lead" and agency.pk == m.agency_id):
                self.add_error(
                    "is_confidential",
                    "Only the lead officer, or an agency lead for their own agency, can mark learning confidential.",
                )
        if agency and m.role == "agency_lead" and agency.pk != m.agency_id:
            self.add_error("agency", "As an agency lead you can own learning for your own agency only.")
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("reject", "Do not approve")], widget=forms.RadioSelect, label="Decision"
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Reason",
        help_text="Required if you do not approve.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Give a reason for not approving this learning point.")
        return data


class ActionForm(MemberForm):
    due_date = GovUKDateField(label="Due date")

    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "owner_agency",
            "owner_subgroup",
            "owner_person",
            "due_date",
            "success_measure",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "success_measure": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        m = self.membership
        self.fields["owner_agency"].queryset = _agencies(m)
        self.fields["owner_subgroup"].queryset = _subgroups(m)
        self.fields["owner_person"].queryset = _members(m)
        self.fields["owner_person"].help_text = "The person who will update this action."
        if not self.instance.pk and not self.is_bound and m.role == "agency_lead":
            self.initial.setdefault("owner_agency", m.agency_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        m = self.membership
        if not data.get("owner_agency") and not data.get("owner_subgroup"):
            self.add_error("owner_agency", "Choose the agency or the subgroup that owns this action.")
        if m.role == "agency_lead" and data.get("owner_agency") and data["owner_agency"].pk != m.agency_id:
            self.add_error("owner_agency", "As an agency lead you can add actions for your own agency only.")
        return data


class ActionUpdateForm(forms.Form):
    text = forms.CharField(
        label="Progress update",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What has happened since the last update. Updates cannot be changed later.",
    )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Action.Status.choices, widget=forms.RadioSelect, label="New status")
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required if the action is going back to an earlier stage.",
    )


class EvidenceForm(forms.Form):
    error_names = {"description": "a description of the evidence", "file": "a file", "url": "a link"}
    description = forms.CharField(label="Describe the evidence", max_length=500)
    file = EvidenceFileField(label="Upload a file", required=False)
    url = forms.URLField(label="Or give a link", required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.conf import settings

        self.fields[
            "file"
        ].help_text = (
            f"A PDF, Word document, Excel spreadsheet or image, smaller than {settings.EVIDENCE_MAX_UPLOAD_MB} MB."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("file") and not data.get("url") and "file" not in self.errors and "url" not in self.errors:
            self.add_error("file", "Upload a file or give a link.")
        return data


class DisseminationForm(MemberForm):
    date = GovUKDateField(label="Date")

    class Meta:
        model = Dissemination
        fields = ["kind", "title", "date", "description", "audience_agencies", "people_reached", "learning_points"]
        widgets = {
            "audience_agencies": forms.CheckboxSelectMultiple,
            "learning_points": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"audience_agencies": "Audience agencies", "learning_points": "Learning points shared"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        m = self.membership
        self.fields["kind"].choices = [("", "Choose how it was shared")] + list(Dissemination.Kind.choices)
        self.fields["audience_agencies"].queryset = _agencies(m)
        self.fields["learning_points"].queryset = learning_points_visible(m).order_by("number")
        self.reach_fields: list[tuple[Agency, str]] = []
        for agency in _agencies(m):
            name = f"reach_{agency.pk}"
            initial = None
            if self.instance.pk:
                row = next((r for r in self.instance.reach.all() if r.agency_id == agency.pk), None)
                initial = row.people_reached if row else None
            self.fields[name] = forms.IntegerField(
                label=f"People reached: {agency.name}", required=False, min_value=0, initial=initial
            )
            self.reach_fields.append((agency, name))

    def reach(self) -> dict[Agency, int | None]:
        return {agency: self.cleaned_data.get(name) for agency, name in self.reach_fields}


class BriefingForm(forms.ModelForm):
    class Meta:
        model = SevenMinuteBriefing
        fields = [name for name, _ in SevenMinuteBriefing.PARTS]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name, _ in SevenMinuteBriefing.PARTS}


class EmbeddingForm(MemberForm):
    error_names = {"url": "a link", "upload": "the evidence file"}
    date = GovUKDateField(label="Date")
    upload = EvidenceFileField(
        label="Upload evidence", required=False, help_text="A PDF, Word document, Excel spreadsheet or image."
    )

    class Meta:
        model = Embedding
        fields = ["kind", "agency", "date", "description", "url", "actions"]
        widgets = {
            "kind": forms.RadioSelect,
            "actions": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"url": "Or give a link", "actions": "Actions this shows were embedded"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        m = self.membership
        self.fields["kind"].choices = Embedding.Kind.choices
        self.fields["agency"].queryset = _agencies(m)
        actions = actions_visible(m).select_related("learning_point").order_by("number")
        self.for_own_agency = m.role == Role.CONTRIBUTOR
        if self.for_own_agency:
            # A contributor records their own agency's practice change, for its own actions.
            self.fields["agency"].queryset = _agencies(m).filter(pk=m.agency_id)
            actions = actions.filter(owner_agency_id=m.agency_id)
            self.fields["actions"].help_text = "Your agency's actions. Tick at least one."
        self.fields["actions"].queryset = actions
        self.fields["actions"].label_from_instance = lambda a: f"{a.reference}: {a.title}"
        if not self.instance.pk and not self.is_bound and m.agency_id:
            self.initial.setdefault("agency", m.agency_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.for_own_agency and not data.get("actions") and "actions" not in self.errors:
            self.add_error("actions", "Tick at least one of your agency's actions that this shows was embedded.")
        return data


class ImpactForm(MemberForm):
    date = GovUKDateField(label="Date evaluated")

    class Meta:
        model = Impact
        fields = [
            "title",
            "method",
            "date",
            "before",
            "after",
            "conclusion",
            "tracked_child",
            "learning_points",
            "actions",
        ]
        widgets = {
            "method": forms.RadioSelect,
            "learning_points": forms.CheckboxSelectMultiple,
            "actions": forms.CheckboxSelectMultiple,
            "before": forms.Textarea(attrs={"rows": 3}),
            "after": forms.Textarea(attrs={"rows": 3}),
            "conclusion": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        m = self.membership
        self.fields["method"].choices = Impact.Method.choices
        self.fields["tracked_child"].queryset = tracked_children_visible(m)
        self.fields["tracked_child"].help_text = "Only when the method is a tracked child."
        self.fields["learning_points"].queryset = learning_points_visible(m).order_by("number")
        self.fields["actions"].queryset = actions_visible(m).order_by("number")
        self.fields["actions"].label_from_instance = lambda a: f"{a.reference}: {a.title}"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("learning_points") and not data.get("actions"):
            self.add_error("learning_points", "Link the evaluation to at least one learning point or action.")
        if data.get("method") == Impact.Method.TRACKED_CHILD and not data.get("tracked_child"):
            self.add_error("tracked_child", "Choose the tracked child this evaluation is about.")
        return data


class TrackedChildForm(MemberForm):
    class Meta:
        model = TrackedChild
        fields = [
            "label",
            "agency",
            "local_case_reference",
            "age_band",
            "why_tracked",
            "difference_learning_would_have_made",
            "learning_points",
        ]
        widgets = {
            "learning_points": forms.CheckboxSelectMultiple,
            "why_tracked": forms.Textarea(attrs={"rows": 3}),
            "difference_learning_would_have_made": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        m = self.membership
        self.fields["agency"].queryset = _agencies(m)
        self.fields["learning_points"].queryset = learning_points_visible(m).order_by("number")
        if not self.instance.pk and not self.is_bound and m.agency_id:
            self.initial.setdefault("agency", m.agency_id)

    def clean_agency(self) -> Agency:
        agency = self.cleaned_data["agency"]
        m = self.membership
        if m.role != "lead_officer" and agency.pk != m.agency_id:
            raise forms.ValidationError("You can only track a child known to your own agency.")
        return agency


class TrackedChildEntryForm(forms.Form):
    date = GovUKDateField(label="Date")
    text = forms.CharField(label="What happened", widget=forms.Textarea(attrs={"rows": 3}))


class LoopHealthForm(forms.Form):
    start = GovUKDateField(label="Identified from", required=False)
    end = GovUKDateField(label="Identified to", required=False)
