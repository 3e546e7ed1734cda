"""Labels read mid-sentence keep their acronyms and proper names."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from learnloop.core.text import mid_sentence


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("CPC decision", "CPC decision"),
        ("Initial CPPMs held within 28 days of the IRD", "initial CPPMs held within 28 days of the IRD"),
        ("Care Inspectorate notified of the decision", "Care Inspectorate notified of the decision"),
        ("Police Scotland", "Police Scotland"),
        ("Children's Reporter (SCRA)", "Children's Reporter (SCRA)"),
        ("NHS Health", "NHS Health"),
        ("Information gathering", "information gathering"),
        ("Financial year (April to March)", "financial year (April to March)"),
        ("Scottish Ministers", "Scottish Ministers"),
        ("Scotlander", "scotlander"),
        ("Child or young person", "child or young person"),
        ("7-minute briefing", "7-minute briefing"),
        ("", ""),
        (None, ""),
    ],
)
def test_mid_sentence_lowers_only_an_ordinary_first_word(label, expected):
    assert mid_sentence(label) == expected


def test_the_template_filter_is_the_same_everywhere():
    html = Template("Record {{ stage|mid_sentence }}; {{ other|mid_sentence }}").render(
        Context({"stage": "CPC decision", "other": "Recommendation to the CPC"})
    )
    assert html == "Record CPC decision; recommendation to the CPC"
