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


class EvidenceFileField(forms.FileField):
    """A file checked by its content, not its name, and against the size limit in settings."""

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
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in EXTENSIONS[label]:
            raise forms.ValidationError(
                f"The file “{upload.name}” contains a {label} but its name says otherwise. Rename it to end in "
                f".{sorted(EXTENSIONS[label])[0]} and upload it again.",
                code="bad_extension",
            )
        upload.detected_content_type = mime  # type: ignore[attr-defined]
        return upload
