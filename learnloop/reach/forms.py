"""Forms for website statistics."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from learnloop.core.forms import GovUKDateField, UploadField
from learnloop.loop.models import LearningPoint
from learnloop.reach.models import Tool
from learnloop.themes.models import Theme

EXTENSIONS = {Tool.PLAUSIBLE: (".zip", ".csv"), Tool.MATOMO: (".csv", ".tsv", ".txt"), Tool.GA4: (".csv",)}


class StatisticsImportForm(forms.Form):
    error_names = {"file": "the export"}
    tool = forms.ChoiceField(label="Where the export came from", choices=Tool.choices, widget=forms.RadioSelect)
    file = UploadField(
        extensions={e for endings in EXTENSIONS.values() for e in endings},
        label="Upload the export",
        help_text="Plausible: the export ZIP. Matomo: a page report or visits summary as CSV or TSV. Google "
        "Analytics 4: a report downloaded as CSV. Up to 5 MB.",
    )
    month = GovUKDateField(
        label="Month the figures cover (Matomo only)",
        required=False,
        help_text="Only for a Matomo export without a date column. Any day in the month, for example 1 3 2026.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("file")
        tool = data.get("tool")
        if upload is None or tool is None:
            return data
        limit = getattr(settings, "FILE_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
        if upload.size > limit:
            self.add_error("file", f"The file “{upload.name}” is larger than {limit // (1024 * 1024)} MB.")
            return data
        content = upload.read()
        name = upload.name.lower()
        if not name.endswith(EXTENSIONS[tool]):
            allowed = " or ".join(EXTENSIONS[tool])
            self.add_error("file", f"A {Tool(tool).label} export ends {allowed}; “{upload.name}” does not.")
            return data
        is_zip = content[:4] == b"PK\x03\x04"
        if name.endswith(".zip") != is_zip:
            self.add_error("file", f"The content of “{upload.name}” does not match its name.")
            return data
        if not is_zip and b"\x00" in content[:4096] and not _utf16(content):
            self.add_error("file", f"The file “{upload.name}” is not a text export.")
            return data
        data["content"] = content
        data["filename"] = upload.name
        return data


def _utf16(content: bytes) -> bool:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return len(content) >= 4 and (content[1] == 0 and content[3] == 0 or content[0] == 0 and content[2] == 0)


class PeriodForm(forms.Form):
    date_from = GovUKDateField(label="From", required=False)
    date_to = GovUKDateField(label="To", required=False)

    def period(self) -> tuple[Any, Any]:
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to")
        return None, None


class PromotedPagesForm(forms.Form):
    paths = forms.CharField(
        label="Pages this promoted",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One page path a line, as it appears in your statistics, for example /safe-sleep. Leave blank to "
        "remove the link.",
    )


class RaiseLearningPointForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(label="What was learned", widget=forms.Textarea(attrs={"rows": 5}))
    kind = forms.ChoiceField(choices=LearningPoint.Kind.choices, widget=forms.RadioSelect)
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(partnership_id=partnership_id, retired_at__isnull=True)
