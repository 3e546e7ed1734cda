"""One kind of problem for every import: a row, a field and a reason, and which file of a ZIP."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one cell, row or the whole file, in words a user can act on.

    `row` is the row number as a spreadsheet shows it (the header is row 1); None or 0 means the
    file as a whole. `field` is the column (or the part of a record) at fault; `file` names the
    member of a ZIP the problem is in.
    """

    row: int | None
    field: str
    reason: str
    file: str = ""

    @property
    def column(self) -> str:
        return self.field

    @property
    def whole_file(self) -> bool:
        return not self.row or self.row <= 1

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "field": self.field, "reason": self.reason, "file": self.file}

    def __str__(self) -> str:
        if not self.row and not self.field:
            # A problem with the whole file already says so ("The ZIP file unpacks to ...").
            return f"{self.file}: {self.reason}" if self.file else self.reason
        where = f"Row {self.row}" if self.row else "The file"
        if self.file:
            where += f" of {self.file}"
        text = f"{where}, {self.field}: {self.reason}" if self.field else f"{where}: {self.reason}"
        return text.rstrip(".") + "."
