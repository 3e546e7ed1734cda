"""Writing through the pages: what is saved, what is refused, and that nothing is half-saved."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learnloop.core.models import AuditEntry
from learnloop.loop.models import Action, Evidence, LearningPoint, SevenMinuteBriefing
from learnloop.testing.documents import assert_word_document, link
from learnloop.testing.factories import ActionFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64


def _docx() -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


def lp_form(world, **overrides):
    data = {
        "title": "Chronologies not shared",
        "description": "Health and social work did not share chronologies before the IRD.",
        "kind": "improvement",
        "source_type": "review",
        "source_title": "Learning review: Child A",
        "source_date_day": "3",
        "source_date_month": "2",
        "source_date_year": "2026",
        "source_url": "",
        "date_identified_day": "10",
        "date_identified_month": "2",
        "date_identified_year": "2026",
        "subgroup": str(world.mise.pk),
        "agencies": [str(world.education.pk), str(world.police.pk)],
        "themes": [],
        "agency": "",
    }
    data.update(overrides)
    return data


def test_recording_a_learning_point(client, world):
    client.force_login(world.subgroup_member)
    response = client.post(reverse("loop:learning_point_create", args=["glen"]), lp_form(world))
    lp = LearningPoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == lp.get_absolute_url()
    assert lp.partnership == world.partnership
    assert lp.created_by == world.subgroup_member
    assert str(lp.date_identified) == "2026-02-10"
    assert set(lp.agencies.all()) == {world.education, world.police}
    assert AuditEntry.objects.filter(event="create", object_type="loop.LearningPoint", object_id=str(lp.pk)).exists()


def test_a_form_error_keeps_what_was_typed_and_saves_nothing(client, world):
    client.force_login(world.lead)
    data = lp_form(world, kind="", date_identified_day="31", date_identified_month="2")
    response = client.post(reverse("loop:learning_point_create", args=["glen"]), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert "Enter a real date" in content
    assert "Health and social work did not share chronologies before the IRD." in content
    assert 'value="Learning review: Child A"' in content
    assert 'value="31"' in content
    assert LearningPoint.objects.count() == 0


def test_a_confidential_learning_point_needs_its_agency(client, world):
    client.force_login(world.lead)
    response = client.post(reverse("loop:learning_point_create", args=["glen"]), lp_form(world, is_confidential="on"))
    assert "Choose the agency a confidential learning point belongs to" in response.content.decode()
    assert LearningPoint.objects.count() == 0


def test_forms_offer_only_this_partnerships_choices(client, world):
    from learnloop.partnership.models import Agency

    foreign = Agency.objects.filter(partnership=world.other_partnership).first()
    client.force_login(world.lead)
    response = client.post(
        reverse("loop:learning_point_create", args=["glen"]), lp_form(world, agencies=[str(foreign.pk)])
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "must be one of the choices given" in body and "Select a valid choice" not in body
    assert LearningPoint.objects.count() == 0


def test_agency_lead_adds_an_action_for_their_own_agency_only(client, world, records):
    client.force_login(world.education_lead)
    address = reverse("loop:action_create", args=["glen", records.lp.number])
    data = {
        "title": "Brief guidance staff",
        "owner_agency": str(world.police.pk),
        "due_date_day": "1",
        "due_date_month": "9",
        "due_date_year": "2026",
        "success_measure": "All guidance staff briefed",
    }
    response = client.post(address, data)
    assert "your own agency only" in response.content.decode()
    data["owner_agency"] = str(world.education.pk)
    response = client.post(address, data)
    action = Action.objects.get(title="Brief guidance staff")
    assert response["Location"] == action.get_absolute_url()


def test_marking_completed_without_evidence_is_refused_with_a_reason(client, world, records):
    client.force_login(world.contributor)
    address = reverse("loop:action_status", args=["glen", records.sw_action.number])
    response = client.post(address, {"status": "completed", "note": ""})
    assert "at least one piece of evidence" in response.content.decode()
    records.sw_action.refresh_from_db()
    assert records.sw_action.status == "not_started"


def test_contributor_adds_evidence_then_completes_their_action(client, world, records):
    client.force_login(world.contributor)
    action = records.sw_action
    response = client.post(
        reverse("loop:evidence_add", args=["glen", action.number]),
        {"description": "Signed-off protocol", "file": SimpleUploadedFile("protocol.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(action=action)
    assert evidence.content_type == "application/pdf"
    assert evidence.original_filename == "protocol.pdf"
    response = client.post(reverse("loop:action_status", args=["glen", action.number]), {"status": "completed"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "completed"
    download = client.get(reverse("loop:evidence_download", args=["glen", action.number, evidence.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF
    # Another partnership cannot fetch the file.
    client.force_login(world.outsider)
    assert client.get(reverse("loop:evidence_download", args=["glen", action.number, evidence.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("minutes.docx", "docx", True),
        ("screenshot.png", PNG, True),
        ("protocol.pdf", b"MZ\x90\x00 this is a Windows program, not a PDF" * 10, False),
        ("notes.pdf", b"just some text pretending to be a PDF", False),
        ("photo.pdf", PNG, False),  # a real image with a PDF name
    ],
)
def test_uploads_are_checked_by_content(client, world, records, name, content, accepted):
    client.force_login(world.lead)
    data = _docx() if content == "docx" else content
    response = client.post(
        reverse("loop:evidence_add", args=["glen", records.sw_action.number]),
        {"description": "Evidence", "file": SimpleUploadedFile(name, data)},
    )
    assert Evidence.objects.exists() is accepted
    if not accepted:
        body = response.content.decode()
        assert "There is a problem" in body
        assert name in body
        assert 'value="Evidence"' in body  # what was typed is kept


def test_an_oversized_upload_is_refused_with_the_limit_named(client, world, records, settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    client.force_login(world.lead)
    big = PDF + b"0" * (1024 * 1024 + 10)
    response = client.post(
        reverse("loop:evidence_add", args=["glen", records.sw_action.number]),
        {"description": "Big", "file": SimpleUploadedFile("big.pdf", big)},
    )
    assert "must be smaller than 1 MB" in response.content.decode()
    assert not Evidence.objects.exists()


def test_progress_update_is_added_and_dated(client, world, records):
    client.force_login(world.contributor)
    client.post(reverse("loop:action_add_update", args=["glen", records.sw_action.number]), {"text": "Draft shared"})
    update = records.sw_action.updates.get()
    assert update.text == "Draft shared"
    assert update.created_by == world.contributor
    page = client.get(reverse("loop:action", args=["glen", records.sw_action.number])).content.decode()
    assert "Draft shared" in page


def test_committee_member_approves_learning(client, world, records):
    client.force_login(world.committee)
    address = reverse("loop:learning_point_decide", args=["glen", records.lp.number])
    response = client.post(address, {"decision": "reject", "reason": ""})
    assert "Give a reason" in response.content.decode()
    client.post(address, {"decision": "approve"})
    records.lp.refresh_from_db()
    assert records.lp.approval == "approved"


def test_recording_sharing_with_reach_per_agency(client, world, records):
    client.force_login(world.lead)
    response = client.post(
        reverse("loop:dissemination_create", args=["glen"]),
        {
            "kind": "seven_minute",
            "title": "Chronologies: 7-minute briefing",
            "date_day": "5",
            "date_month": "3",
            "date_year": "2026",
            "learning_points": [str(records.lp.pk)],
            "audience_agencies": [str(world.education.pk)],
            "people_reached": "45",
            f"reach_{world.education.pk}": "30",
        },
    )
    from learnloop.loop.models import Dissemination

    d = Dissemination.objects.get(title="Chronologies: 7-minute briefing")
    assert response["Location"] == d.get_absolute_url()
    assert [(r.agency, r.people_reached) for r in d.reach.all()] == [(world.education, 30)]
    # The seven-part briefing, then its Word export.
    parts = {
        "background": "A review found chronologies were not shared.",
        "why_it_matters": "Patterns of harm are missed.",
        "information_1": "Share before every IRD.",
        "information_2": "",
        "information_3": "",
        "things_to_remember": "Chronologies are living documents.",
        "what_to_do": "Check yours before Friday.",
    }
    client.post(reverse("loop:briefing_edit", args=["glen", d.pk]), parts)
    export = client.get(reverse("loop:briefing_export", args=["glen", d.pk]))
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(export.content)).paragraphs)
    assert "1. Background" in text and "Check yours before Friday." in text and "5. Information" not in text
    assert AuditEntry.objects.filter(event="export", object_id=str(d.pk)).exists()
    # The learning point's loop now shows it shared with education, not yet with police.
    page = client.get(records.lp.get_absolute_url()).content.decode()
    assert "Not shared with Police Scotland" in page
    assert "Not shared with Education" not in page


def test_embedding_and_impact_close_the_loop(client, world, records):
    client.force_login(world.lead)
    client.post(
        reverse("loop:embedding_create", args=["glen"]),
        {
            "kind": "supervision",
            "agency": str(world.social_work.pk),
            "date_day": "1",
            "date_month": "3",
            "date_year": "2026",
            "description": "Chronologies are a standing item in supervision.",
            "url": "https://intranet.example.test/supervision",
            "actions": [str(records.sw_action.pk)],
        },
    )
    assert records.sw_action.embeddings.count() == 2
    client.post(
        reverse("loop:impact_create", args=["glen"]),
        {
            "title": "Re-audit of chronologies",
            "method": "tracked_child",
            "date_day": "2",
            "date_month": "3",
            "date_year": "2026",
            "before": "4 of 10",
            "after": "9 of 10",
            "conclusion": "Better",
            "learning_points": [str(records.lp.pk)],
        },
    )
    from learnloop.loop.models import Impact

    assert not Impact.objects.filter(title="Re-audit of chronologies").exists()  # a tracked child is needed


def test_tracked_child_view_of_case_reference_is_audited(client, world, records):
    client.force_login(world.education_lead)
    client.get(reverse("loop:tracked_child", args=["glen", records.child.pk]))
    entry = AuditEntry.objects.get(event="view_confidential")
    assert entry.user == world.education_lead
    assert entry.object_id == str(records.child.pk)
    client.force_login(world.police_lead)
    client.get(reverse("loop:tracked_child", args=["glen", records.child.pk]))
    assert AuditEntry.objects.filter(event="view_confidential").count() == 1


def test_viewing_a_confidential_learning_point_is_audited(client, world, records):
    client.force_login(world.lead)
    client.get(records.confidential.get_absolute_url())
    assert AuditEntry.objects.filter(event="view_confidential", object_id=str(records.confidential.pk)).exists()


def test_every_loop_health_figure_links_to_exactly_the_records_behind_it(client, world, records):
    import html
    import re

    client.force_login(world.lead)
    page = client.get(reverse("loop:loop_health", args=["glen"]), {"start": "2000-01-01", "end": "2100-01-01"})
    content = page.content.decode()
    links = re.findall(r'<a class="govuk-link" href="([^"]*\?[^"]*)">(\d+)', content)
    assert len(links) >= 6
    for href, figure in links:
        listed = client.get(html.unescape(href)).content.decode()
        count = re.search(r'id="result-count"[^>]*>(\d+) ', listed)
        assert count and count.group(1) == figure, (href, figure)


def test_only_the_lead_officer_or_the_owning_agency_lead_marks_learning_confidential(client, world):
    client.force_login(world.subgroup_member)
    data = lp_form(world, is_confidential="on", agency=str(world.education.pk))
    response = client.post(reverse("loop:learning_point_create", args=["glen"]), data)
    assert "Only the lead officer, or an agency lead for their own agency" in response.content.decode()
    client.force_login(world.police_lead)
    response = client.post(reverse("loop:learning_point_create", args=["glen"]), data)
    assert "your own agency only" in response.content.decode()
    assert LearningPoint.objects.count() == 0
    client.force_login(world.education_lead)
    response = client.post(reverse("loop:learning_point_create", args=["glen"]), data)
    lp = LearningPoint.objects.get()
    assert lp.is_confidential and lp.agency == world.education
    assert client.get(response["Location"]).status_code == 200  # they can still see what they saved


def test_a_decision_once_made_is_not_reopened_through_the_address(client, world, records):
    client.force_login(world.committee)
    address = reverse("loop:learning_point_decide", args=["glen", records.lp.number])
    client.post(address, {"decision": "approve"})
    assert client.get(address).status_code == 404
    assert client.post(address, {"decision": "reject", "reason": "changed my mind"}).status_code == 404
    records.lp.refresh_from_db()
    assert records.lp.approval == "approved"


def test_my_actions_is_on_the_home_page_only_for_those_who_can_hold_actions(client, world, records):
    home = reverse("loop:home", args=["glen"])
    for who, shown in [("contributor", True), ("lead", True), ("viewer", False), ("committee", False)]:
        client.force_login(getattr(world, who))
        assert ("My actions" in client.get(home).content.decode()) is shown, who
    ActionFactory(learning_point=records.lp, owner_agency=world.police, owner_person=world.committee)
    client.force_login(world.committee)
    assert "My actions" in client.get(home).content.decode()


def test_a_viewer_cannot_be_given_an_action(world):
    from learnloop.loop.forms import ActionForm

    people = (
        ActionForm(membership=world.lead.memberships.get(partnership=world.partnership)).fields["owner_person"].queryset
    )
    assert world.contributor in people and world.viewer not in people


BRIEFING_PARTS = {
    "background": "A review found chronologies were not shared.",
    "why_it_matters": "Patterns of harm are missed.",
    "information_1": "Share before every IRD.",
    "information_2": "",
    "information_3": "",
    "things_to_remember": "Chronologies are living documents.",
    "what_to_do": "Check yours before Friday.",
}


def test_briefing_word_link_gives_the_house_document_titled_once(client, world, records):
    d = records.briefing
    d.title = "7-minute briefing: chronologies"
    d.save()
    client.force_login(world.lead)
    client.post(reverse("loop:briefing_edit", args=["glen", d.pk]), BRIEFING_PARTS)
    page = client.get(d.get_absolute_url()).content.decode()
    content = client.get(link(page, r"/briefing\.docx$")).content
    document = assert_word_document(content, partnership=world.partnership.name, title=d.title)
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.count("7-minute briefing") == 1
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"][:2] == [
        "1. Background",
        "2. Why it matters",
    ]


def test_a_title_that_says_its_kind_is_not_labelled_twice(records):
    d = records.briefing
    assert str(d) == "7-minute briefing: Chronologies in 7 minutes"
    d.title = "7-minute briefing: chronologies"
    assert str(d) == "7-minute briefing: chronologies"
    assert str(SevenMinuteBriefing(dissemination=d)) == "7-minute briefing: chronologies"


def test_briefing_word_document_says_what_it_is_when_the_title_does_not(client, world, records):
    client.force_login(world.lead)
    d = records.briefing
    client.post(reverse("loop:briefing_edit", args=["glen", d.pk]), BRIEFING_PARTS)
    content = client.get(reverse("loop:briefing_export", args=["glen", d.pk])).content
    document = assert_word_document(content, partnership=world.partnership.name, title="Chronologies in 7 minutes")
    assert document.paragraphs[1].text == f"7-minute briefing, {d.date.day} {d.date:%B %Y}"
