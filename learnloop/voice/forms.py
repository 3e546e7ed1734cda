"""Forms for voice. Querysets are limited to the member's own partnership and what they may see."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.accounts.roles import Role
from learnloop.core.forms import GovUKDateField, UploadField
from learnloop.core.theme_suggestions import SuggestThemesMixin
from learnloop.loop.models import AgeBand, LearningPoint
from learnloop.partnership.models import Agency, Subgroup
from learnloop.themes.models import Theme
from learnloop.voice import permissions
from learnloop.voice.importers.importer import find_column
from learnloop.voice.importers.sources import ExportFormat
from learnloop.voice.models import Channel, Consent, GivenBy, Response, Sentiment, View, VoiceEvent
from learnloop.voice.redaction import identifiers_in


def _agencies(m: Membership) -> Any:
    return Agency.objects.filter(partnership_id=m.partnership_id, is_active=True)


def _themes(m: Membership, instance: Any = None) -> Any:
    qs = Theme.objects.filter(partnership_id=m.partnership_id)
    if instance is not None and instance.pk:
        return qs.filter(retired_at__isnull=True) | qs.filter(pk__in=instance.themes.values("pk"))
    return qs.filter(retired_at__isnull=True)


def _no_identifiers(form: forms.Form, name: str, label: str) -> None:
    found = identifiers_in(form.cleaned_data.get(name) or "")
    if found:
        form.add_error(
            name, f"{label} seems to contain {found[0]}. Remove it: LearnLoop never holds identifying details."
        )


def _not_future(form: forms.Form, name: str, label: str) -> None:
    value = form.cleaned_data.get(name)
    if value and value > timezone.localdate():
        form.add_error(name, f"{label} must be today or in the past.")


class ViewForm(SuggestThemesMixin, forms.ModelForm):
    suggest_from = ("summary", "quote")
    date = GovUKDateField(label="Date given", help_text="For example, 27 3 2026")

    class Meta:
        model = View
        fields = [
            "event",
            "channel",
            "given_by",
            "age_band",
            "date",
            "summary",
            "quote",
            "consent",
            "sentiment",
            "feels_unsafe",
            "themes",
            "agency",
            "subgroup",
        ]
        widgets = {
            "given_by": forms.RadioSelect,
            "consent": forms.RadioSelect,
            "sentiment": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "quote": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"event": "Focus group, survey or event", "age_band": "Age band", "channel": "How it was given"}
        help_texts = {"event": "Leave empty if the view was not given at an event."}

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        self.membership = membership
        super().__init__(*args, **kwargs)
        m = membership
        self.fields["event"].queryset = VoiceEvent.objects.filter(partnership_id=m.partnership_id)
        self.fields["event"].empty_label = "Not at an event"
        self.fields["channel"].choices = [("", "Choose how it was given")] + list(Channel.choices)
        self.fields["given_by"].choices = GivenBy.choices
        self.fields["consent"].choices = Consent.choices
        self.fields["sentiment"].choices = Sentiment.choices
        self.fields["sentiment"].required = False
        self.fields["age_band"].choices = [("", "Not known")] + list(AgeBand.choices)
        self.fields["themes"].queryset = _themes(m, self.instance)
        self.fields["subgroup"].queryset = Subgroup.objects.filter(partnership_id=m.partnership_id, is_active=True)
        if m.role == Role.AGENCY_LEAD and not permissions.can_manage_voice(m):
            # Agency leads record views for their own agency.
            self.fields["agency"].queryset = _agencies(m).filter(pk=m.agency_id)
            self.fields["agency"].required = True
            self.fields["agency"].empty_label = None
        else:
            self.fields["agency"].queryset = _agencies(m)
            self.fields["agency"].empty_label = "No agency"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _no_identifiers(self, "summary", "What they said")
        _no_identifiers(self, "quote", "Their own words")
        _not_future(self, "date", "The date given")
        if data.get("quote") and data.get("consent") not in {Consent.PARTNERSHIP, Consent.PUBLISH_WORDS}:
            self.add_error("quote", "Record their own words only where they agreed to share them.")
        if data.get("feels_unsafe") and not data.get("agency"):
            self.add_error("agency", "Choose the agency whose lead must be told that this child feels unsafe.")
        return data


class EventForm(forms.ModelForm):
    date = GovUKDateField(label="Date", help_text="The day it was held, or the day a survey opened.")

    class Meta:
        model = VoiceEvent
        fields = ["kind", "title", "date", "description", "agency"]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4})}
        labels = {"kind": "What kind of event", "agency": "Agency that ran it"}

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        self.membership = membership
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = VoiceEvent.Kind.choices
        self.fields["agency"].queryset = _agencies(membership)
        self.fields["agency"].empty_label = "Several agencies or none"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _no_identifiers(self, "description", "About the event")
        title = data.get("title")
        if title and data.get("kind"):
            clash = VoiceEvent.objects.filter(
                partnership_id=self.membership.partnership_id, kind=data["kind"], title=title
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("title", "There is already an event of this kind with this title.")
        return data


class ViewChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        self.membership = membership
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: View) -> str:
        label = f"{obj.reference} · {obj.get_channel_display()} · {obj.date:%-d %b %Y}"
        if permissions.can_read_text(self.membership, obj):
            summary = obj.summary.strip().replace("\n", " ")
            label += f": {summary[:90]}{'…' if len(summary) > 90 else ''}"
        else:
            label += " (text restricted)"
        return label


class ResponseForm(forms.ModelForm):
    responded_on = GovUKDateField(label="Date of the response", help_text="When the partnership gave this response.")

    class Meta:
        model = Response
        fields = ["you_said", "we_did", "who", "agency", "responded_on", "status", "views"]
        widgets = {
            "you_said": forms.Textarea(attrs={"rows": 3}),
            "we_did": forms.Textarea(attrs={"rows": 4}),
            "status": forms.RadioSelect,
        }
        labels = {"agency": "Agency responsible"}

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        from learnloop.voice.selectors import views_visible

        self.membership = membership
        super().__init__(*args, **kwargs)
        visible = views_visible(membership)
        recent = visible.filter(date__gte=timezone.localdate() - dt.timedelta(days=730))
        wanted = self.initial.get("views") or []
        if self.instance.pk:
            wanted = list(self.instance.views.values_list("pk", flat=True))
        qs = (recent | visible.filter(pk__in=wanted)).distinct().order_by("-date", "-number")
        self.fields["views"] = ViewChoiceField(
            queryset=qs,
            membership=membership,
            widget=forms.CheckboxSelectMultiple,
            label="Views this responds to",
            help_text="Choose one or more.",
            error_messages={"required": "Choose at least one view this responds to."},
        )
        self.fields["status"].choices = Response.Status.choices
        self.fields["agency"].queryset = _agencies(membership)
        self.fields["agency"].empty_label = "Several agencies, or the partnership"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, label in (("you_said", "You said"), ("we_did", "We did"), ("who", "Who is doing it")):
            _no_identifiers(self, name, label)
        _not_future(self, "responded_on", "The date of the response")
        views = data.get("views")
        when = data.get("responded_on")
        if views and when and when < min(v.date for v in views):
            self.add_error("responded_on", "The response cannot be dated before the views it answers were given.")
        return data


class PassOnForm(forms.Form):
    passed_on_to = forms.CharField(
        label="Who you passed it to",
        max_length=300,
        help_text="For example, the social work duty team, or the named person for child protection.",
    )
    passed_on_date = GovUKDateField(label="Date passed on")
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="No names."
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _not_future(self, "passed_on_date", "The date passed on")
        _no_identifiers(self, "note", "The note")
        return data


class LearningFromViewForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, help_text="A short name for the learning.")
    description = forms.CharField(
        label="What was learned", widget=forms.Textarea(attrs={"rows": 5}), help_text="In plain words. No names."
    )
    kind = forms.ChoiceField(label="Kind", choices=LearningPoint.Kind.choices, widget=forms.RadioSelect)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _no_identifiers(self, "title", "The title")
        _no_identifiers(self, "description", "What was learned")
        return data


class SettingsForm(forms.Form):
    response_target_days = forms.IntegerField(
        label="Target for a “you said, we did” response, in days",
        min_value=1,
        max_value=365,
        help_text="A view should have a response within this many days of being given. Many partnerships use 28.",
        widget=forms.NumberInput(),
    )


class PeriodForm(forms.Form):
    date_from = GovUKDateField(label="From", required=False)
    date_to = GovUKDateField(label="To", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end of the period must be after its start.")
        return data


ALLOWED_IMPORT_EXTENSIONS = {"csv", "txt", "xlsx"}


class ImportForm(forms.Form):
    file = UploadField(
        extensions=ALLOWED_IMPORT_EXTENSIONS, label="Export file", help_text="CSV, or Excel (.xlsx) for KoboToolbox."
    )
    survey_title = forms.CharField(
        label="Survey title", max_length=200, required=False, help_text="Views from this file are kept under it."
    )
    survey_id = forms.CharField(
        label="LimeSurvey survey ID", max_length=60, required=False, help_text="The number in the export's file name."
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        help_text="The agency these views were given to.",
    )
    given_by = forms.ChoiceField(
        label="Who gave these views, where the file does not say", choices=GivenBy.choices, initial=GivenBy.CHILD
    )
    consent = forms.ChoiceField(
        label="Consent to share, where the file does not say",
        choices=Consent.choices,
        initial=Consent.NOT_RECORDED,
        help_text="Without consent, only the lead officer and the agency lead can read what was said.",
    )

    # Mapped fields that are not one column: typed, even when the file's columns are offered.
    TYPED = {"names", "answers", "unsafe_answers"}

    def __init__(
        self,
        *args: Any,
        membership: Membership,
        fmt: ExportFormat,
        mapping: dict[str, str],
        headers: list[str] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fmt = fmt
        self.fields["agency"].queryset = _agencies(membership)
        self.fields["agency"].empty_label = "No agency"
        if not fmt.needs_survey:
            del self.fields["survey_title"]
        if not fmt.needs_survey_id:
            del self.fields["survey_id"]
        self.headers = headers or []
        for mapped in fmt.fields:
            initial = mapping.get(mapped.name, fmt.defaults.get(mapped.name, ""))
            if self.headers and mapped.name not in self.TYPED:
                # The file's own column names to choose from; a saved column the file lacks is not offered.
                self.fields[f"map_{mapped.name}"] = forms.ChoiceField(
                    label=mapped.label,
                    required=False,
                    help_text=mapped.hint,
                    choices=[("", "Not in this file"), *[(h, h) for h in self.headers]],
                    initial=find_column(self.headers, initial or "") or "",
                )
                continue
            self.fields[f"map_{mapped.name}"] = forms.CharField(
                label=mapped.label,
                required=False,
                help_text=mapped.hint,
                initial=initial,
            )

    def mapping_fields(self) -> list[forms.BoundField]:
        return [self[f"map_{f.name}"] for f in self.fmt.fields]

    def option_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("map_") and name != "file"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.EVIDENCE_MAX_UPLOAD_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                f"The file is {upload.size / (1024 * 1024):.1f} MB. It must be smaller than {limit} MB."
            )
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in ALLOWED_IMPORT_EXTENSIONS:
            raise forms.ValidationError(f"The file “{upload.name}” must be a CSV (.csv) or Excel (.xlsx) export.")
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.fmt.needs_survey and not (data.get("survey_title") or "").strip():
            self.add_error("survey_title", "Give the survey's title so its views are kept together.")
        if self.fmt.needs_survey_id and not (data.get("survey_id") or "").strip():
            upload = data.get("file")
            found = re.search(r"survey_?(\d+)", getattr(upload, "name", "") or "")
            if found:
                data["survey_id"] = found.group(1)
            else:
                self.add_error("survey_id", "Give the LimeSurvey survey ID (the number in the export's file name).")
        return data

    def mapping(self) -> dict[str, str]:
        return {f.name: (self.cleaned_data.get(f"map_{f.name}") or "").strip() for f in self.fmt.fields}
