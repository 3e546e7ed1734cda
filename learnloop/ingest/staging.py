"""Check an export before importing it: shared by every source (voice, workforce, reach, ...).

Upload -> the file is read at once and what is kept is only what the importer would store:
identifiers already pseudonymised, names and personal details already removed (`prepared`, JSON in
the StagedImport row, tied to the member and partnership; no local-disk state, so any web server
can serve the next step). The raw upload is never written anywhere. -> the check page says what
accepting would do, writing nothing -> the member accepts: all the rows, or only the good ones ->
the import runs once, from the prepared rows. The accept step locks the staged row and marks it
imported, so a double click or the back button cannot import twice. The prepared rows are cleared
after the import, and the row deleted on cancel or when it is more than a day old (cleared on the
next upload).

Website statistics (reach) hold no personal data, only monthly counts by page, so the reach importer
may still stage the file itself (`content=`) in the default storage; it is deleted in the same way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.ingest.models import StagedImport

MAX_AGE = dt.timedelta(days=1)
ALL = "all"
GOOD = "good"


@dataclass
class Check:
    """What accepting a staged file would do. `errors` are objects with row, field and reason."""

    noun: str  # singular, such as "view"; the page adds an s
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Rows that will raise a safety flag once accepted, and rows whose words may say a child feels
    # unsafe though the answers do not flag them (row numbers only: never a name or the words).
    flagged: list[int] = field(default_factory=list)
    review: list[int] = field(default_factory=list)
    # A re-import of a corrected file: flags it will remove (nobody had acted on them) and flags it
    # keeps, marked for review, because someone had.
    unflagged: list[int] = field(default_factory=list)
    unflag_kept: list[int] = field(default_factory=list)
    mapping: list[tuple[str, str]] = field(default_factory=list)  # (what LearnLoop reads, the file's column)
    # Each column's distinct answers not in LearnLoop's words, mapped on the check page itself: objects
    # with index, label, answer, rows_text and choices ((value, label) pairs).
    answers: list[Any] = field(default_factory=list)
    # Where to choose the mapping from the file's own column names, when the mapping failed.
    columns_url: str = ""

    @property
    def file_errors(self) -> list[Any]:
        """Problems with the file as a whole (no row, or the heading row): nothing can be imported."""
        return [e for e in self.errors if not e.row or e.row <= 1]

    @property
    def fatal(self) -> bool:
        return bool(self.file_errors)

    @property
    def bad_rows(self) -> int:
        return len({e.row for e in self.errors if e.row and e.row > 1})

    @property
    def to_import(self) -> int:
        return self.new + self.changed

    def plural(self, n: int) -> str:
        return self.noun if n == 1 else f"{self.noun}s"

    @property
    def import_label(self) -> str:
        return f"Import {self.to_import} {self.plural(self.to_import)}"

    @property
    def good_rows_label(self) -> str:
        bad = self.bad_rows
        return (
            f"Import the {self.to_import} good {self.plural(self.to_import)} and leave out "
            f"the {bad} bad row{'s' if bad != 1 else ''}"
        )


def left_out_notes(errors: Iterable[Any]) -> list[str]:
    """How a bad row left out of an import is remembered in its notes."""
    return [f"Row {e.row} left out: {e.field}: {e.reason}".rstrip(".") + "." for e in errors if e.row and e.row > 1]


def purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete staged files and rows more than a day old, whoever left them."""
    cutoff = (now or timezone.now()) - MAX_AGE
    old = list(StagedImport.objects.filter(created_at__lt=cutoff))
    for staged in old:
        _delete_file(staged.path)
        staged.delete()
    return len(old)


def stage(
    *,
    m: Membership,
    kind: str,
    filename: str,
    options: dict[str, Any],
    prepared: Any = None,
    content: bytes | None = None,
    target_id: int | None = None,
) -> StagedImport:
    """Keep an upload for the check page: `prepared` (JSON, already stripped of identifiers), or,
    only for files that hold no personal data, the file's `content`."""
    if (prepared is None) == (content is None):
        raise ValueError("Stage either the prepared rows or, for files without personal data, the content.")
    purge_expired()
    token = secrets.token_urlsafe(24)
    path = ""
    if content is not None:
        path = default_storage.save(f"imports/{m.partnership_id}/{m.user_id}/{token}", ContentFile(content))
    return StagedImport.objects.create(
        partnership=m.partnership,
        created_by=m.user,
        token=token,
        kind=kind,
        target_id=target_id,
        path=path,
        filename=filename[:255],
        options=options,
        prepared=prepared,
    )


def get(m: Membership, token: str, *, kind: str, target_id: int | None = None) -> StagedImport:
    """The member's own staged file, or 404: another member's or partnership's is never found."""
    staged = StagedImport.objects.filter(
        partnership=m.partnership,
        created_by=m.user,
        token=token,
        kind=kind,
        target_id=target_id,
        created_at__gte=timezone.now() - MAX_AGE,
    ).first()
    if staged is None:
        raise Http404
    return staged


def content(staged: StagedImport) -> Any:
    """What the importer reads: the prepared rows, or the staged file's bytes."""
    if not staged.path:
        if staged.prepared is None:
            raise Http404
        return staged.prepared
    try:
        with default_storage.open(staged.path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise Http404 from None


def accept(*, staged: StagedImport, run: Callable[[Any], str]) -> tuple[str, bool]:
    """Run the import once. `run(content)` imports and returns where to go next.

    Returns (url, imported): imported is False when the file had already been imported (a double
    click or the back button), and url is where that import went.
    """
    with transaction.atomic():
        locked = StagedImport.objects.select_for_update().get(pk=staged.pk)
        if locked.imported_at is not None:
            return locked.result_url, False
        url = run(content(locked))
        locked.imported_at = timezone.now()
        locked.result_url = url[:300]
        locked.prepared = None  # imported: the rows now live in the records themselves
        path, locked.path = locked.path, ""
        locked.save()
        if path:
            transaction.on_commit(lambda: _delete_file(path))
    return url, True


class NotAccepted(Exception):
    """The import found problems the member did not accept; nothing was written."""


def check_page(
    request: HttpRequest,
    m: Membership,
    staged: StagedImport,
    *,
    check: Callable[[Any], Check],
    run: Callable[[Any, bool], str],
    caption: str,
    back_url: str,
    upload_url: str,
) -> HttpResponse:
    """The check page and its two buttons, for any importer.

    `check(content)` says what would happen and writes nothing; `run(content, good_only)` imports,
    adds its own success message and returns the page to go to, or raises NotAccepted.
    """
    if staged.imported_at is not None:
        messages.info(request, "That file has already been imported.")
        return redirect(staged.result_url or back_url)
    if request.method == "POST" and "cancel" in request.POST:
        cancel(staged)
        return redirect(upload_url)
    if request.method == "POST" and request.POST.get("accept") in {ALL, GOOD}:
        good_only = request.POST["accept"] == GOOD
        try:
            url, imported = accept(staged=staged, run=lambda data: run(data, good_only))
        except NotAccepted as problem:
            messages.error(request, str(problem))
        else:
            if not imported:
                messages.info(request, "That file has already been imported.")
            return redirect(url)
    context = {
        "m": m,
        "check": check(content(staged)),
        "filename": staged.filename,
        "caption": caption,
        "back_url": back_url,
        "upload_url": upload_url,
    }
    return render(request, "ingest/check.html", context)


def cancel(staged: StagedImport) -> None:
    _delete_file(staged.path)
    staged.delete()


def _delete_file(path: str) -> None:
    if not path:
        return
    with contextlib.suppress(OSError):
        default_storage.delete(path)
