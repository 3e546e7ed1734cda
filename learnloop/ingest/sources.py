"""Where each source's importer plugs into the `import_source` command.

A source app registers, in its AppConfig.ready(), one `Importer` a source it reads from files.
The importer only knows its own columns and vocabulary; the command (and the check page) are
shared. `check(job)` says what accepting would do and writes nothing; `run(job, good_only)`
imports and returns a one-line summary, or raises staging.NotAccepted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from learnloop.ingest.staging import Check


@dataclass
class Job:
    """One file to import for a partnership, as the command was given it."""

    partnership: Any
    data: bytes
    filename: str
    mapping: str = ""  # a format or saved mapping's name (see each source)
    target: str = ""  # the record the file is for, where a source needs one (a session, a survey)
    by: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Importer:
    key: str
    title: str
    check: Callable[[Job], Check]
    run: Callable[[Job, bool], str]
    mappings: tuple[str, ...] = ()  # the names --mapping accepts, if any
    needs_target: str = ""  # what --target names, if it is needed


IMPORTERS: dict[str, Importer] = {}


def register_importer(importer: Importer) -> None:
    IMPORTERS[importer.key] = importer


def importers() -> list[Importer]:
    return sorted(IMPORTERS.values(), key=lambda i: i.key)
