"""How a problem with an imported file is said."""

from __future__ import annotations


def test_a_problem_with_the_whole_file_is_said_once():
    from learnloop.reach.parsers import RowError

    assert str(RowError(None, "", "The ZIP file unpacks to 2 GB.")) == "The ZIP file unpacks to 2 GB."
    assert str(RowError(None, "", "The file is empty.", file="pages.csv")) == "pages.csv: The file is empty."
    assert str(RowError(3, "Pageviews", "is not a number")) == "Row 3, Pageviews: is not a number"
