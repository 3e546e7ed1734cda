"""The redaction check finds what could identify a child or family, and nothing in plain text."""

from __future__ import annotations

from learnloop.reviews import redaction


def kinds(text: str, **known) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in redaction.check(text, **known)]


def test_plain_learning_text_has_no_findings():
    text = (
        "Practitioners did not share chronologies before the inter-agency referral discussion. "
        "In 2024 the committee agreed a new protocol; 9 of 10 cases now meet it. Phone the duty team."
    )
    assert redaction.check(text, people=["Jordan Fairlie"], schools=["Glenmoray Primary"]) == []


def test_each_kind_of_identifier_is_found():
    text = (
        "Jordan Fairlie, born 3/4/2019, lived at 12 Castle Street, Glenmoray GM1 2AB and attended "
        "Glenmoray Primary. Call 0131 496 0000 or 07700 900123, or write to mum@example.com. "
        "Case SW-2024-0117. The meeting was on 14 March 2025."
    )
    found = kinds(text, people=["Jordan Fairlie"], schools=["Glenmoray Primary"], case_references=["SW-2024-0117"])
    assert ("name", "Jordan Fairlie") in found
    assert ("date", "3/4/2019") in found
    assert ("date", "14 March 2025") in found
    assert ("address", "12 Castle Street") in found
    assert ("postcode", "GM1 2AB") in found
    assert ("school", "Glenmoray Primary") in found
    assert ("phone", "0131 496 0000") in found
    assert ("phone", "07700 900123") in found
    assert ("email", "mum@example.com") in found
    assert ("case_reference", "SW-2024-0117") in found


def test_a_surname_alone_is_found_but_not_an_ordinary_word():
    assert kinds("Ms Fairlie attended.", people=["Jordan Fairlie"]) == [("name", "Fairlie")]
    # Names are matched as written: the word "hope" is not the name "Hope".
    assert kinds("We hope to improve.", people=["Hope Smith"]) == []


def test_case_references_are_found_even_when_not_listed():
    assert kinds("See ED/2025/0042 for details.") == [("case_reference", "ED/2025/0042")]


def test_findings_do_not_overlap_and_come_in_text_order():
    found = redaction.check("Born 01/02/2020 at 5 Mill Lane.", people=[])
    assert [f.kind for f in found] == ["date", "address"]
    assert found[0].start < found[1].start


def test_digest_changes_when_the_text_changes():
    assert redaction.digest("a") != redaction.digest("b")
    assert redaction.digest("a", people=["X"]) == redaction.digest("a", people=["X"])
