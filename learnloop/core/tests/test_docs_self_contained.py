"""The repository stands on its own: its documents and code point to nothing outside it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SKIP_DIRS = {".git", ".venv", "node_modules", "static_build", "staticfiles", "var", "media", "__pycache__"}
TEXT_SUFFIXES = {".md", ".py", ".html", ".txt", ".toml", ".cfg", ".mjs", ".scss", ".json", ".yml", ".yaml", ""}

# Documents that lived beside the repository while it was being built, never inside it.
OUTSIDE = re.compile(
    r"(?<![\w/-])(DESIGN|STYLE|STACK|guidance|child_journey|spc|formats|framework|reports)\.md\b|\.\./shared\b"
)
MARKDOWN_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _files() -> list[Path]:
    found = []
    for path in ROOT.rglob("*"):
        if any(part in SKIP_DIRS for part in path.relative_to(ROOT).parts):
            continue
        if path.is_file() and path.suffix in TEXT_SUFFIXES and path.name != Path(__file__).name:
            found.append(path)
    return found


def test_nothing_points_at_documents_outside_the_repository() -> None:
    offenders = []
    for path in _files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert offenders == []


def test_every_relative_link_in_the_docs_resolves_inside_the_repository() -> None:
    broken = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        for target in MARKDOWN_LINK.findall(path.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:", target):
                continue  # an address on the web or an e-mail address
            resolved = (path.parent / target).resolve()
            if not resolved.is_relative_to(ROOT) or not resolved.exists():
                broken.append(f"{path.relative_to(ROOT)} -> {target}")
    assert broken == []


def test_the_design_is_documented_in_the_repository() -> None:
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    for heading in ("## Who uses it", "## Who sees what", "## Children's data", "## Components, and why"):
        assert heading in design
