"""Form pieces shared by every app: the GOV.UK date input and checked file uploads."""

from __future__ import annotations

import datetime as dt
from typing import Any

import filetype
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile


class GovUKDateInput(forms.MultiWidget):
    """Day, month and year as three boxes, the GOV.UK date input pattern."""

    template_name = "components/widgets/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = {
            "day": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-2"}
            ),
            "month": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-2"}
            ),
            "year": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-4"}
            ),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                parsed = dt.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
            return [parsed.day, parsed.month, parsed.year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        parts = [data.get(f"{name}_{part}", "").strip() for part in ("day", "month", "year")]
        if not any(parts):
            # A plain ISO date (from an API client or a test) is accepted too.
            return data.get(name) or None
        return parts


class GovUKDateField(forms.DateField):
    widget = GovUKDateInput

    def to_python(self, value: Any) -> dt.date | None:
        if value in (None, "", [None, None, None]):
            return None
        if isinstance(value, dt.date):
            return value
        if isinstance(value, list | tuple):
            day, month, year = value
            missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
            if missing:
                raise forms.ValidationError(f"The date must include a {' and a '.join(missing)}.", code="incomplete")
            try:
                result = dt.date(int(year), int(month), int(day))
            except (TypeError, ValueError):
                raise forms.ValidationError("Enter a real date, for example 27 3 2026.", code="invalid") from None
            if result.year < 1900:
                raise forms.ValidationError("Enter the year as 4 digits, for example 2026.", code="invalid")
            return result
        return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return value
        return super().prepare_value(value)


class PastDateField(GovUKDateField):
    """The date something happened on (a decision, a notification, an event): today or earlier.

    `subject` names the date in the error, as the GOV.UK pattern asks:
    "The date of the CPC decision must be today or in the past."
    """

    def __init__(self, *, subject: str, **kwargs: Any) -> None:
        self.subject = subject
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        from django.utils import timezone

        if value and value > timezone.localdate():
            raise forms.ValidationError(f"{self.subject} must be today or in the past.", code="future")


# Evidence files: what is accepted, by the type found in the file's content.
ALLOWED_UPLOADS: dict[str, str] = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.ms-excel": "Excel",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "image/gif": "GIF image",
    "image/webp": "WebP image",
}
ALLOWED_DESCRIPTION = "a PDF, Word document, Excel spreadsheet or image (PNG, JPEG, GIF or WebP)"
EXTENSIONS: dict[str, set[str]] = {
    "PDF": {"pdf"},
    "Word": {"docx", "doc"},
    "Excel": {"xlsx", "xls"},
    "PNG image": {"png"},
    "JPEG image": {"jpg", "jpeg"},
    "GIF image": {"gif"},
    "WebP image": {"webp"},
}


def detect_upload_type(upload: UploadedFile) -> str | None:
    """The MIME type found in the file's content, or None if it is not one we accept."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    mime = kind.mime
    if mime == "application/zip":  # Office files are zip containers: look inside.
        mime = _office_type(upload) or mime
    if mime == "application/x-ole-storage" or mime == "application/x-cfb":
        return None  # legacy binary Office: cannot be told apart from other OLE files safely
    return mime if mime in ALLOWED_UPLOADS else None


def _office_type(upload: UploadedFile) -> str | None:
    import zipfile

    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)
    if "word/document.xml" in names:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if "xl/workbook.xml" in names:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


class UploadField(forms.FileField):
    """A file field that declares the file name endings it takes.

    The file picker's `accept` comes from them, so each picker opens on the files its field
    needs (a CSV import is not filtered to evidence types). The form still checks the content.
    """

    def __init__(self, *, extensions: tuple[str, ...] | list[str] | set[str], **kwargs: Any) -> None:
        self.extensions = tuple(sorted({e.lower().lstrip(".") for e in extensions}))
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs["accept"] = ",".join(f".{e}" for e in self.extensions)
        return attrs

    def has_extension(self, name: str) -> bool:
        return "." in name and name.rsplit(".", 1)[-1].lower() in self.extensions


class EvidenceFileField(UploadField):
    """A file checked by its content, not its name, and against the size limit in settings.

    `kinds` narrows the evidence types (for example PDF and Word for a draft report); by default
    every evidence type is taken.
    """

    def __init__(self, *, kinds: tuple[str, ...] | None = None, **kwargs: Any) -> None:
        self.kinds = tuple(kinds) if kinds else tuple(EXTENSIONS)
        extensions = {e for kind in self.kinds for e in EXTENSIONS[kind]}
        super().__init__(extensions=extensions, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if not upload or not isinstance(upload, UploadedFile):
            return upload
        limit_mb = settings.EVIDENCE_MAX_UPLOAD_MB
        if upload.size is not None and upload.size > limit_mb * 1024 * 1024:
            raise forms.ValidationError(
                f"The file “{upload.name}” is {upload.size / (1024 * 1024):.1f} MB. It must be smaller than {limit_mb} MB.",
                code="too_large",
            )
        mime = detect_upload_type(upload)
        if mime is None:
            raise forms.ValidationError(
                f"The file “{upload.name}” is not {ALLOWED_DESCRIPTION}. Its content does not match an accepted type.",
                code="bad_type",
            )
        label = ALLOWED_UPLOADS[mime]
        if label not in self.kinds:
            raise forms.ValidationError(
                f"The file “{upload.name}” is a {label}. It must be {_kinds_in_words(self.kinds)}.",
                code="bad_type",
            )
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in EXTENSIONS[label]:
            raise forms.ValidationError(
                f"The file “{upload.name}” contains a {label} but its name says otherwise. Rename it to end in "
                f".{sorted(EXTENSIONS[label])[0]} and upload it again.",
                code="bad_extension",
            )
        upload.detected_content_type = mime  # type: ignore[attr-defined]
        return upload


def _kinds_in_words(kinds: tuple[str, ...]) -> str:
    names = list(dict.fromkeys(f"a {k}" if k not in {"Excel", "Word"} else f"a {k} file" for k in kinds))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
