"""Picking cases from a registered case list (such as the minimum dataset's timeliness list).

The list is faked here: a CaseSource registered for the test only, whose children are known by
keys made with core.pseudonymise.keyed_hash, as a real source makes them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learnloop.audits import sampling, services
from learnloop.audits.models import Audit, AuditCase, CaseReading
from learnloop.core import registry
from learnloop.core.models import AuditEntry
from learnloop.core.pseudonymise import keyed_hash
from learnloop.core.registry import CaseCandidate, CaseSource

from .conftest import default_answers

SOURCE_KEY = "test-timeliness"


def key_for(reference: str) -> str:
    return keyed_hash(reference.strip().upper(), purpose="test-child")


LIST = {
    "2025-Q4": [
        CaseCandidate(
            key_for("CHI-001"), "2025-Q4", "Initial CPPM 35 days after the IRD", "5-10", dt.date(2025, 11, 3)
        ),
        CaseCandidate(key_for("CHI-002"), "2025-Q4", "Initial CPPM 41 days after the IRD", "", dt.date(2025, 12, 1)),
        CaseCandidate(key_for("CHI-003"), "2025-Q4", "Initial CPPM 30 days after the IRD", "1-4", None),
    ],
    "2025-Q3": [
        CaseCandidate(
            key_for("CHI-009"), "2025-Q3", "Initial CPPM 60 days after the IRD", "11-15", dt.date(2025, 8, 9)
        ),
    ],
}
ALL_KEYS = [c.key for rows in LIST.values() for c in rows]


class FakeList:
    """A case list whose rows can be changed by a test; it remembers who asked."""

    def __init__(self) -> None:
        self.rows = {period: list(rows) for period, rows in LIST.items()}
        self.asked_by: list = []

    def candidates(self, membership, period: str) -> list[CaseCandidate]:
        self.asked_by.append(membership.user)
        return self.rows.get(period or "2025-Q4", [])

    def periods(self, membership) -> list[str]:
        return list(self.rows)

    def source(self) -> CaseSource:
        return CaseSource(
            key=SOURCE_KEY,
            title="Test list: initial CPPMs outside 28 days",
            candidates=self.candidates,
            periods=self.periods,
            key_for=key_for,
        )


@pytest.fixture
def fake_list(monkeypatch):
    fake = FakeList()
    # Only this source, for this test: the registry's dict is replaced and restored afterwards.
    monkeypatch.setattr(registry, "CASE_SOURCES", {})
    registry.register_case_source(fake.source())
    return fake


def page(setup, slug="glen") -> str:
    return reverse("audits:cases_from_list", args=[slug, setup.audit.number, SOURCE_KEY])


def pick(row: int, reference: str, age_band: str = "") -> dict[str, str]:
    data = {f"pick_{row}": "on", f"reference_{row}": reference}
    if age_band:
        data[f"age_band_{row}"] = age_band
    return data


# The service -------------------------------------------------------------------------------------


def test_matching_references_add_cases_with_the_lists_reason_age_band_and_source(world, setup, fake_list):
    source = sampling.source_get(SOURCE_KEY)
    rows = LIST["2025-Q4"]
    cases = sampling.cases_add_from_source(
        audit=setup.audit,
        source=source,
        period="2025-Q4",
        picks=[
            sampling.Pick(row=1, candidate=rows[0], reference=" chi-001 "),
            sampling.Pick(row=2, candidate=rows[1], reference="CHI-002", age_band="16-17"),
        ],
        agency=world.social_work,
        by=world.lead,
    )
    # The setup's sample has cases 1 and 2, so these are cases 3 and 4.
    assert [c.number for c in cases] == [3, 4]
    first, second = cases
    assert first.why_selected == "Initial CPPM 35 days after the IRD"
    assert first.age_band == "5-10"  # from the list
    assert second.age_band == "16-17"  # the list did not know it: the user chose
    assert first.local_case_reference == "chi-001" and first.agency == world.social_work
    assert (first.source_key, first.source_period, first.source_case_key) == (SOURCE_KEY, "2025-Q4", rows[0].key)
    assert first.source_title == "Test list: initial CPPMs outside 28 days"
    assert len(first.reference_hash) == 64


def test_a_reference_that_is_not_the_child_on_its_row_refuses_everything(world, setup, fake_list):
    source = sampling.source_get(SOURCE_KEY)
    rows = LIST["2025-Q4"]
    with pytest.raises(sampling.PicksInvalid) as caught:
        sampling.cases_add_from_source(
            audit=setup.audit,
            source=source,
            period="2025-Q4",
            picks=[
                sampling.Pick(row=1, candidate=rows[0], reference="CHI-001"),
                sampling.Pick(row=3, candidate=rows[2], reference="CHI-002"),  # row 2's child
                sampling.Pick(row=2, candidate=rows[1], reference="CHI-002"),  # no age band
            ],
            by=world.lead,
        )
    assert caught.value.errors == {3: sampling.NOT_THIS_CHILD, 2: "Choose an age band"}
    assert AuditCase.objects.count() == 2  # row 1 was fine, but nothing was added


def test_the_same_child_twice_or_already_sampled_is_refused(world, setup, fake_list):
    source = sampling.source_get(SOURCE_KEY)
    twin = CaseCandidate(key_for("CHI-001"), "2025-Q4", "Second CPPM late", "5-10")
    already = CaseCandidate(key_for("SW-2025-0001"), "2025-Q4", "Late", "5-10")  # setup's case 1
    with pytest.raises(sampling.PicksInvalid) as caught:
        sampling.cases_add_from_source(
            audit=setup.audit,
            source=source,
            period="",
            picks=[
                sampling.Pick(row=1, candidate=LIST["2025-Q4"][0], reference="CHI-001"),
                sampling.Pick(row=4, candidate=twin, reference="CHI-001"),
                sampling.Pick(row=5, candidate=already, reference="SW-2025-0001"),
            ],
            by=world.lead,
        )
    assert caught.value.errors == {
        4: "This is the same child as row 1",
        5: "This case is already in the audit's sample",
    }
    assert AuditCase.objects.count() == 2


def test_cases_cannot_be_picked_once_moderation_has_begun(world, setup, fake_list):
    services.reading_save(reading=setup.sw1, answers=default_answers(setup.audit), submit=True, by=world.contributor)
    audit = services.audit_set_status(audit=setup.audit, status=Audit.Status.MODERATING, by=world.lead)
    with pytest.raises(services.AuditError, match="moderating"):
        sampling.cases_add_from_source(
            audit=audit,
            source=sampling.source_get(SOURCE_KEY),
            period="",
            picks=[sampling.Pick(row=1, candidate=LIST["2025-Q4"][0], reference="CHI-001")],
            by=world.lead,
        )


# The page ----------------------------------------------------------------------------------------


def test_the_page_lists_the_period_and_adds_the_ticked_rows(client, world, setup, fake_list):
    client.force_login(world.lead)
    body = client.get(page(setup)).content.decode()
    assert "Initial CPPM 35 days after the IRD" in body and "3 Nov 2025" in body and "5 to 10" in body
    assert "Initial CPPM 60 days after the IRD" not in body  # another period
    body = client.get(page(setup) + "?period=2025-Q3").content.decode()
    assert "Initial CPPM 60 days after the IRD" in body and "11 to 15" in body
    data = {"period": "2025-Q4", "agency": world.education.pk} | pick(1, "CHI-001") | pick(2, "CHI-002", "0")
    response = client.post(page(setup), data)
    assert response.status_code == 302 and response["Location"] == setup.audit.get_absolute_url()
    added = list(AuditCase.objects.filter(source_key=SOURCE_KEY).order_by("number"))
    assert [(c.number, c.age_band, c.source_period, c.agency) for c in added] == [
        (3, "5-10", "2025-Q4", world.education),
        (4, "0", "2025-Q4", world.education),
    ]
    # Those rows now show as in the sample, with nothing to tick.
    body = client.get(page(setup)).content.decode()
    assert body.count("In the sample") == 2 and 'name="pick_1"' not in body and 'name="pick_3"' in body
    # The case shows where it was picked from.
    body = client.get(reverse("audits:case", args=["glen", setup.audit.number, 3])).content.decode()
    assert "Test list: initial CPPMs outside 28 days, 2025-Q4" in body


def test_a_wrong_reference_names_the_row_keeps_what_was_typed_and_adds_nothing(client, world, setup, fake_list):
    client.force_login(world.subgroup_member)
    data = {"period": "2025-Q4"} | pick(1, "CHI-001") | pick(3, "CHI-777")
    response = client.post(page(setup), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Row 3: This reference is not the child on this row of the list" in body
    assert 'href="#id_reference_3"' in body  # the error summary links to the row's field
    assert 'value="CHI-001"' in body and 'value="CHI-777"' in body
    assert body.count("checked") == 2
    assert AuditCase.objects.count() == 2


def test_bad_input_on_the_page_is_named_by_row(client, world, setup, fake_list):
    client.force_login(world.lead)
    body = client.post(page(setup), {"period": "2025-Q4"}).content.decode()
    assert "Tick at least one row to add to the sample." in body
    body = client.post(page(setup), {"period": "2025-Q4", "reference_1": "CHI-001"}).content.decode()
    assert "Row 1: you typed a reference but did not tick the row" in body
    body = client.post(page(setup), {"period": "2025-Q4"} | pick(1, "") | pick(2, "CHI-002")).content.decode()
    assert "Row 1: Enter the local case reference" in body and "Row 2: Choose an age band" in body
    assert 'href="#id_age_band_2"' in body
    assert AuditCase.objects.count() == 2


def test_no_page_shows_a_candidates_key(client, world, setup, fake_list):
    client.force_login(world.lead)
    bodies = [
        client.get(page(setup)).content.decode(),
        client.get(page(setup) + "?period=2025-Q3").content.decode(),
        client.post(page(setup), {"period": "2025-Q4"} | pick(1, "CHI-002") | pick(3, "CHI-003")).content.decode(),
    ]
    client.post(page(setup), {"period": "2025-Q4"} | pick(3, "CHI-003"))
    bodies += [
        client.get(page(setup)).content.decode(),
        client.get(setup.audit.get_absolute_url()).content.decode(),
        client.get(reverse("audits:case", args=["glen", setup.audit.number, 3])).content.decode(),
    ]
    for body in bodies:
        for key in ALL_KEYS:
            assert key not in body and key[:16] not in body


ALLOWED = {"lead", "subgroup_member"}  # the lead officer; the MISE member who also leads this audit
EVERYONE = ["lead", "committee", "subgroup_member", "education_lead", "police_lead", "contributor", "viewer"]


@pytest.mark.parametrize("name", ["case_lists", "cases_from_list"])
def test_who_may_pick_cases_from_a_list(client, world, setup, fake_list, name):
    args = [setup.audit.number] + ([SOURCE_KEY] if name == "cases_from_list" else [])
    address = reverse(f"audits:{name}", args=["glen", *args])
    for who in EVERYONE:
        client.force_login(getattr(world, who))
        expected = (302 if name == "case_lists" else 200) if who in ALLOWED else 404
        assert client.get(address).status_code == expected, who
        response = client.post(address, {"period": "2025-Q4"} | pick(1, "CHI-001"))
        if who not in ALLOWED:
            assert response.status_code == 404, who
    added = AuditCase.objects.filter(source_key=SOURCE_KEY).count()
    assert added == (1 if name == "cases_from_list" else 0)  # the lead officer's post
    client.force_login(world.outsider)
    assert client.get(address).status_code == 404
    assert client.get(reverse(f"audits:{name}", args=["other", *args])).status_code == 404
    # The list is asked for candidates only on behalf of those allowed.
    assert {u.email for u in fake_list.asked_by} <= {world.lead.email, world.subgroup_member.email}


def test_an_audit_lead_outside_mise_may_pick_and_the_link_shows_only_when_it_works(client, world, setup, fake_list):
    Audit.objects.filter(pk=setup.audit.pk).update(lead=world.police_lead)
    client.force_login(world.police_lead)
    assert client.get(page(setup)).status_code == 200
    assert "Add cases from a list" in client.get(setup.audit.get_absolute_url()).content.decode()
    client.force_login(world.lead)
    registry.CASE_SOURCES.clear()  # no list registered: no link, no page
    assert "Add cases from a list" not in client.get(setup.audit.get_absolute_url()).content.decode()
    assert client.get(reverse("audits:case_lists", args=["glen", setup.audit.number])).status_code == 404
    assert client.get(page(setup)).status_code == 404


def test_the_source_chooser_lists_every_source_when_there_are_several(client, world, setup, fake_list):
    other = FakeList().source()
    registry.register_case_source(
        CaseSource(
            key="second", title="A second list", candidates=other.candidates, periods=other.periods, key_for=key_for
        )
    )
    client.force_login(world.lead)
    body = client.get(reverse("audits:case_lists", args=["glen", setup.audit.number])).content.decode()
    assert "A second list" in body and "Test list: initial CPPMs outside 28 days" in body
    assert client.get(reverse("audits:cases_from_list", args=["glen", 1, "nope"])).status_code == 404


def test_the_list_page_makes_a_fixed_number_of_queries(client, world, setup, fake_list):
    client.force_login(world.lead)

    def count() -> int:
        client.get(page(setup))  # warm: the first request of a session makes one-off queries
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page(setup)).status_code == 200
        return len(queries)

    few = count()
    fake_list.rows["2025-Q4"] += [
        CaseCandidate(key_for(f"CHI-1{i:02d}"), "2025-Q4", "Late", "5-10", dt.date(2025, 10, 1)) for i in range(30)
    ]
    assert count() == few


# Removing a case or a reader before anyone has started ------------------------------------------------


def test_remove_a_reader_who_has_not_started_and_a_case_nobody_has_started(client, world, setup):
    client.force_login(world.lead)
    # Case 2's only reader (the contributor, Social Work) has not started.
    response = client.post(reverse("audits:reading_remove", args=["glen", setup.audit.number, setup.sw2.pk]))
    assert response.status_code == 302 and not CaseReading.objects.filter(pk=setup.sw2.pk).exists()
    services.reader_assign(case=setup.case2, reader=world.education_lead, agency=world.education, by=world.lead)
    address = reverse("audits:case_remove", args=["glen", setup.audit.number, 2])
    assert "Remove Case 2 from the sample?" in client.get(address).content.decode()
    response = client.post(address)
    assert response.status_code == 302 and not AuditCase.objects.filter(pk=setup.case2.pk).exists()
    deletes = AuditEntry.objects.filter(event=AuditEntry.Event.DELETE, user=world.lead)
    assert set(deletes.values_list("object_type", flat=True)) == {"audits.AuditCase", "audits.CaseReading"}
    assert deletes.count() == 3  # the first reader, the second reader with the case, the case


def test_a_started_reading_keeps_its_reader_and_its_case(client, world, setup):
    services.reading_save(reading=setup.sw1, answers={}, submit=False, by=world.contributor)  # a draft
    client.force_login(world.lead)
    response = client.post(reverse("audits:reading_remove", args=["glen", setup.audit.number, setup.sw1.pk]))
    assert response.status_code == 302 and CaseReading.objects.filter(pk=setup.sw1.pk).exists()
    response = client.post(reverse("audits:case_remove", args=["glen", setup.audit.number, 1]))
    assert "A reader has started Case 1, so it cannot be removed." in response.content.decode()
    assert AuditCase.objects.filter(pk=setup.case1.pk).exists()
    body = client.get(reverse("audits:case", args=["glen", setup.audit.number, 1])).content.decode()
    assert "Remove Case 1 from the sample" not in body
    assert body.count("Remove reader") == 1  # the Education reader, who has not started


@pytest.mark.parametrize("who", ["committee", "education_lead", "police_lead", "contributor", "viewer", "outsider"])
def test_only_those_running_the_audit_may_remove(client, world, setup, who):
    client.force_login(getattr(world, who))
    assert client.post(reverse("audits:reading_remove", args=["glen", 1, setup.sw2.pk])).status_code == 404
    assert client.post(reverse("audits:case_remove", args=["glen", 1, 2])).status_code == 404
    assert CaseReading.objects.count() == 3 and AuditCase.objects.count() == 2
