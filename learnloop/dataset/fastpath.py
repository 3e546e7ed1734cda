"""The importer's row-by-row fast path: checking rows with as little Python per row as possible.

`extract.check_row` is the reference: it explains every problem. Most rows of a real extract
are good, so `RowChecker.check` accepts a good staged row with set look-ups and caches (a date
text, a month or a list of concerns is parsed once per file, not once per row) and returns the
cells to store; for anything it is not sure of it returns None, and the importer asks
`check_row` for the problems. The fast path therefore never accepts a row `check_row` would
refuse, and never stores anything `check_row` would not (tests/test_fastpath.py checks this).
"""

from __future__ import annotations

import datetime as dt

from learnloop.dataset import extract

_EVENT_TYPES = frozenset(extract.EVENT_TYPES)
_IRD_OUTCOMES = frozenset(extract.IRD_OUTCOMES)
_CPPM_OUTCOMES = frozenset(extract.CPPM_OUTCOMES)
_CONCERNS = frozenset(extract.CONCERNS)
_MISSING = object()


class RowChecker:
    """Checks staged rows (the 11 extract columns, child id already hashed) for one import."""

    def __init__(self, today: dt.date, vocabulary: extract.Vocabulary | None = None) -> None:
        self.today = today
        self.vocabulary = vocabulary or extract.Vocabulary.default()
        self._dates: dict[str, tuple[dt.date, str] | None] = {}
        self._months: dict[str, tuple[dt.date, str] | None] = {}
        self._concerns: dict[str, str | None] = {}

    def _date(self, text: str) -> tuple[dt.date, str] | None:
        found = self._dates.get(text, _MISSING)
        if found is _MISSING:
            day = extract.parse_date(text)
            found = None if day is None or day < extract.EARLIEST or day > self.today else (day, day.isoformat())
            self._dates[text] = found
        return found  # type: ignore[return-value]

    def _month(self, text: str) -> tuple[dt.date, str] | None:
        found = self._months.get(text, _MISSING)
        if found is _MISSING:
            day = extract.month_of(text)
            found = (day, day.isoformat()) if day else None
            self._months[text] = found
        return found  # type: ignore[return-value]

    def _concern_codes(self, text: str) -> str | None:
        found = self._concerns.get(text, _MISSING)
        if found is _MISSING:
            codes = [c.strip() for c in text.split(";") if c.strip()]
            if any(c not in _CONCERNS for c in codes):
                found = None
            else:
                found = ";" + ";".join(sorted(set(codes))) + ";" if codes else ""
            self._concerns[text] = found
        return found  # type: ignore[return-value]

    def check(self, cells: list[str]) -> tuple[list[str], dt.date] | None:
        """The event's cells in importer.EVENT_FIELDS order and its date, or None when in doubt."""
        if len(cells) != 11 or "\x00" in "".join(cells):
            return None
        (
            record_id,
            child,
            event_type,
            event_date,
            birth_month,
            sex,
            disability,
            ethnicity,
            looked_after,
            outcome,
            concerns,
        ) = cells
        record_id = record_id.strip()
        child = child.strip()
        if not record_id or len(record_id) > extract.MAX_RECORD_ID or not child:
            return None
        event_type = event_type.strip().lower()
        if event_type not in _EVENT_TYPES:
            return None
        day = self._date(event_date.strip())
        if day is None:
            return None
        birth_month = birth_month.strip()
        if birth_month:
            month = self._month(birth_month)
            if month is None:
                return None
            birth, birth_text = month
        else:
            birth, birth_text = None, ""
        match = self.vocabulary.match
        sex = match("sex", sex)
        disability = match("disability", disability)
        ethnicity = match("ethnicity", ethnicity)
        looked_after = match("looked_after", looked_after)
        if sex is None or disability is None or ethnicity is None or looked_after is None:
            return None
        outcome = outcome.strip().lower()
        if outcome:
            if event_type == "ird":
                if outcome not in _IRD_OUTCOMES:
                    return None
            elif event_type.startswith("cppm_"):
                if outcome not in _CPPM_OUTCOMES:
                    return None
            else:
                return None
        concerns = concerns.strip().lower()
        if concerns:
            if event_type != "registration":
                return None
            concerns = self._concern_codes(concerns)
            if concerns is None:
                return None
        date, date_text = day
        return [
            record_id,
            child,
            event_type,
            date_text,
            birth_text,
            extract.age_band(birth, date),
            sex,
            disability,
            ethnicity,
            looked_after,
            outcome,
            concerns,
        ], date
