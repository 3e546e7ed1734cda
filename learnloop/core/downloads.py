from __future__ import annotations

from typing import Any

from django.http import FileResponse


def file_response(file: Any, filename: str, content_type: str) -> FileResponse:
    """Serve an uploaded file as a download: never rendered inline, never sniffed."""
    file.open("rb")
    response = FileResponse(
        file,
        as_attachment=True,
        filename=filename or "evidence",
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
