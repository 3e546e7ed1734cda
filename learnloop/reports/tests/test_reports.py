"""Reports: who may see drafts and issued versions, issued means frozen, the public version's
checks, figures equal to the apps' own pages, and the build_report command."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.core.models import AuditEntry
from learnloop.core.reporting import ReportRequest
from learnloop.loop import report_sections as loop_sections
from learnloop.loop import selectors as loop_selectors
from learnloop.loop.models import Action, LearningPoint
from learnloop.reports import building, services
from learnloop.reports.building import ReportError
from learnloop.reports.models import IssuedVersion, Report
from learnloop.testing.documents import assert_pdf_document, assert_word_document
from learnloop.testing.factories import ActionFactory, LearningPointFactory

TODAY = timezone.localdate()
START, END = TODAY - dt.timedelta(days=90), TODAY


@pytest.fixture
def loop(world):
    p = world.partnership
    lp = LearningPointFactory(partnership=p, title="Chronologies", date_identified=TODAY - dt.timedelta(days=20))
    ActionFactory(
        learning_point=lp,
        owner_agency=world.education,
        due_date=TODAY - dt.timedelta(days=5),
        title="Share chronologies",
    )
    ActionFactory(learning_point=lp, owner_agency=world.police, due_date=TODAY + dt.timedelta(days=60))
    secret = LearningPointFactory(
        partnership=p, title="Secret matter", is_confidential=True, agency=world.police, date_identified=TODAY
    )
    ActionFactory(learning_point=secret, owner_agency=world.police, due_date=TODAY - dt.timedelta(days=3))
    return lp


@pytest.fixture
def paper(world, loop):
    return services.report_create(
        partnership=world.partnership, kind="cpc-paper", start=START, end=END, meeting=TODAY, by=world.lead
    )


def _url(name, report, *more):
    return reverse(f"reports:{name}", args=["glen", report.pk, *more])


def _text(content) -> str:
    return str(content)


# Access -----------------------------------------------------------------------------------------


def test_draft_is_seen_only_by_the_lead_officer_and_drafters(client, world, paper):
    for user, status in [
        (world.lead, 200),
        (world.committee, 404),
        (world.viewer, 404),
        (world.education_lead, 404),
        (world.subgroup_member, 404),
        (world.outsider, 404),
    ]:
        client.force_login(user)
        assert client.get(_url("detail", paper)).status_code == status, user
        assert client.get(_url("draft_download", paper, "pdf")).status_code == status, user
    paper.drafters.add(world.subgroup_member)
    client.force_login(world.subgroup_member)
    assert client.get(_url("detail", paper)).status_code == 200
    assert client.get(_url("narrative", paper, "report-summary")).status_code == 200
    assert client.get(_url("issue", paper)).status_code == 404  # only the lead officer issues


def test_issued_version_is_read_by_committee_and_audience_not_by_others(client, world, paper):
    (version,) = services.report_issue(report=paper, by=world.lead)
    paper.audience.add(world.education_lead)
    for user, status in [
        (world.lead, 200),
        (world.committee, 200),
        (world.education_lead, 200),
        (world.viewer, 404),
        (world.police_lead, 404),
        (world.contributor, 404),
        (world.outsider, 404),
    ]:
        client.force_login(user)
        assert client.get(_url("version", paper, version.pk)).status_code == status, user
        assert client.get(_url("version_download", paper, version.pk, "docx")).status_code == status, user
    client.force_login(world.committee)
    response = client.get(_url("detail", paper))
    assert response.status_code == 200 and "The draft as it reads today" not in response.content.decode()
    assert client.get(_url("narrative", paper, "report-summary")).status_code == 404


def test_list_and_create_access(client, world, paper):
    for user, status in [(world.lead, 200), (world.committee, 200), (world.viewer, 200), (world.outsider, 404)]:
        client.force_login(user)
        assert client.get(reverse("reports:list", args=["glen"])).status_code == status, user
    client.force_login(world.viewer)  # every member has the list; it holds only what they may read
    listing = client.get(reverse("reports:list", args=["glen"])).content.decode()
    assert "There are no reports for you to read yet." in listing and paper.title not in listing
    client.force_login(world.committee)
    assert client.get(reverse("reports:create", args=["glen"])).status_code == 404
    assert paper.title not in client.get(reverse("reports:list", args=["glen"])).content.decode()  # a draft
    client.force_login(world.lead)
    response = client.post(
        reverse("reports:create", args=["glen"]),
        {
            "kind": "framework-review",
            "period_start_day": "1",
            "period_start_month": "4",
            "period_start_year": "2025",
            "period_end_day": "31",
            "period_end_month": "3",
            "period_end_year": "2026",
        },
    )
    report = Report.objects.get(kind="framework-review")
    assert response.status_code == 302 and report.partnership == world.partnership


def test_every_download_is_audited(client, world, paper):
    (version,) = services.report_issue(report=paper, by=world.lead)
    client.force_login(world.committee)
    for fmt in ("docx", "pdf", "html"):
        response = client.get(_url("version_download", paper, version.pk, fmt))
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert AuditEntry.objects.filter(event=AuditEntry.Event.EXPORT, user=world.committee).count() == 3


# Issued means frozen --------------------------------------------------------------------------


def test_issued_version_does_not_change_when_the_data_does(client, world, paper, loop):
    (version,) = services.report_issue(report=paper, by=world.lead)
    pdf, docx, html = bytes(version.pdf), bytes(version.docx), version.html
    assert "Share chronologies" in html
    Action.objects.filter(title="Share chronologies").update(due_date=TODAY + dt.timedelta(days=30))
    LearningPointFactory(partnership=world.partnership, title="Brand new learning", date_identified=TODAY)
    version = IssuedVersion.objects.get(pk=version.pk)
    assert (bytes(version.pdf), bytes(version.docx), version.html) == (pdf, docx, html)
    client.force_login(world.committee)
    assert "Share chronologies" in client.get(_url("version", paper, version.pk)).content.decode()
    # The draft reads today's data.
    assert "Share chronologies" not in _text(building.build_report(paper)["sections"][3])


def test_a_correction_needs_a_reason_and_both_versions_stay(world, paper):
    services.report_issue(report=paper, by=world.lead)
    with pytest.raises(ReportError, match="Say why"):
        services.report_issue(report=paper, by=world.lead)
    services.narrative_save(report=paper, section="report-summary", text="Corrected summary.", by=world.lead)
    services.report_issue(report=paper, by=world.lead, reason="The summary was wrong.")
    first, second = paper.versions.order_by("number")
    assert "Corrected summary." not in first.html and "Corrected summary." in second.html
    assert second.reason == "The summary was wrong."


def test_narrative_drafts_are_kept(world, paper):
    services.narrative_save(report=paper, section="report-summary", text="First", by=world.lead)
    services.narrative_save(report=paper, section="report-summary", text="Second", by=world.lead)
    assert paper.narratives.count() == 2
    assert building.build_report(paper)["sections"][0]["narrative"] == "Second"
    with pytest.raises(ReportError):
        services.narrative_save(report=paper, section="loop-actions", text="Typed figures", by=world.lead)


# Public version ---------------------------------------------------------------------------------


def test_public_annual_report_passes_redaction_and_suppresses_small_numbers(world, loop):
    annual = services.report_create(
        partnership=world.partnership, kind="annual-report", start=START, end=END, by=world.lead
    )
    services.narrative_save(
        report=annual, section="report-context", text="Call 0131 496 0000 about the child at EH1 1YZ.", by=world.lead
    )
    with pytest.raises(ReportError, match="may identify"):
        services.report_issue(report=annual, by=world.lead)
    services.narrative_save(report=annual, section="report-context", text="A mostly rural area.", by=world.lead)
    internal, public = services.report_issue(report=annual, by=world.lead)
    assert public.is_public and "(public version)" in public.title
    assert "Secret matter" not in public.html and "Secret matter" not in internal.html
    request = ReportRequest(m=building.reader(world.partnership, public=True), start=START, end=END, public=True)
    assert request.count(3) == "[c]" and request.count(0) == 0 and request.count(12) == 12


def test_viewer_reads_only_the_public_version(client, world, loop):
    annual = services.report_create(
        partnership=world.partnership, kind="annual-report", start=START, end=END, by=world.lead
    )
    internal, public = services.report_issue(report=annual, by=world.lead)
    client.force_login(world.viewer)
    assert client.get(_url("version", annual, public.pk)).status_code == 200
    assert client.get(_url("version", annual, internal.pk)).status_code == 404


# Figures equal the apps' own pages ----------------------------------------------------------------


def test_loop_figures_equal_the_loop_health_page_for_the_same_reader(world, loop):
    committee = Membership.objects.get(user=world.committee)
    request = ReportRequest(m=building.reader(world.partnership, public=False), start=START, end=END, today=TODAY)
    table = loop_sections.improvement_plan(request)[0]
    health = loop_selectors.loop_health(committee, START, END, today=TODAY)
    figures = {row[0]: row[1] for row in table.rows}
    assert figures["Learning points identified"] == health.total == 1  # the confidential one is not counted
    assert figures["With an action"] == health.with_action
    assert figures["Actions overdue"] == health.overdue_total == 1


def test_committee_paper_overdue_actions_equal_the_actions_page(client, world, loop):
    committee = Membership.objects.get(user=world.committee)
    request = ReportRequest(m=building.reader(world.partnership, public=False), start=START, end=END, today=TODAY)
    overdue_table = loop_sections.actions(request)[3]
    page_overdue = [a for a in loop_selectors.action_list(committee, TODAY) if a.rag_status == Action.Rag.RED]
    assert [row[1] for row in overdue_table.rows] == [a.title for a in page_overdue] == ["Share chronologies"]


def test_committee_decisions_list_learning_awaiting_approval(world, paper):
    content = building.build_report(paper)
    decisions = next(s for s in content["sections"] if s["key"] == "report-decisions")
    n = LearningPoint.objects.filter(
        partnership=world.partnership, approval=LearningPoint.Approval.AWAITING, is_confidential=False
    ).count()
    assert f"Approve or reject {n} learning point" in str(decisions["blocks"])


def test_framework_review_source_by_source(world, loop):
    review = services.report_create(
        partnership=world.partnership, kind="framework-review", start=START, end=END, by=world.lead
    )
    services.recommendation_save(report=review, text="Change the framework.", by=world.lead)
    content = building.build_report(review)
    sources = next(s for s in content["sections"] if s["key"] == "loop-framework-sources")
    row = sources["blocks"][0]["rows"][0]
    assert row[0] == "Review" and row[1] == 1 and row[3] == "100%"
    recs = next(s for s in content["sections"] if s["key"] == "report-recommendations")
    assert "Change the framework." in str(recs["blocks"])


# Documents and the command ------------------------------------------------------------------------


def test_issued_pdf_is_tagged_a4_and_word_has_header_rows(world, paper):
    (version,) = services.report_issue(report=paper, by=world.lead)
    text = assert_pdf_document(bytes(version.pdf), partnership=world.partnership.name, title=version.title)
    assert "Overdue actions" in text
    document = assert_word_document(bytes(version.docx), partnership=world.partnership.name, title=version.title)
    assert document.paragraphs[0].style.name == "Heading 1"
    assert any("w:tblHeader" in t._tbl.xml for t in document.tables)


def test_build_report_command(world, loop, tmp_path):
    out = tmp_path / "paper.docx"
    call_command(
        "build_report",
        "cpc-paper",
        "--partnership",
        "glen",
        "--from",
        str(START),
        "--to",
        str(END),
        "--format",
        "docx",
        "--output",
        str(out),
        stdout=io.StringIO(),
    )
    assert out.read_bytes().startswith(b"PK")
    for args, message in [
        (["nope"], "Unknown kind"),
        (["cpc-paper", "--partnership", "missing"], "No partnership"),
        (["cpc-paper", "--from", "2026-13-01"], "not a date"),
        (["cpc-paper", "--from", "2026-05-01", "--to", "2026-04-01"], "after"),
    ]:
        base = {"--partnership": "glen", "--from": str(START), "--to": str(END)}
        kind, rest = args[0], args[1:]
        for flag, value in zip(rest[::2], rest[1::2], strict=True):
            base[flag] = value
        argv = [
            kind,
            *[x for pair in base.items() for x in pair],
            "--format",
            "pdf",
            "--output",
            str(tmp_path / "x.pdf"),
        ]
        with pytest.raises(CommandError, match=message):
            call_command("build_report", *argv, stdout=io.StringIO())


def test_recommendations_are_recorded_by_the_lead_officer_only(client, world):
    review = services.report_create(
        partnership=world.partnership, kind="framework-review", start=START, end=END, by=world.lead
    )
    url = reverse("reports:recommendation_add", args=["glen", review.pk])
    for user in (world.committee, world.subgroup_member, world.viewer, world.outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.force_login(world.lead)
    response = client.post(url, {"text": "Review website figures each meeting.", "decision": "agreed"})
    assert response.status_code == 200 and "Enter the date the committee decided" in response.content.decode()
    response = client.post(
        url,
        {
            "text": "Review website figures each meeting.",
            "decision": "agreed",
            "decided_on_day": "1",
            "decided_on_month": "5",
            "decided_on_year": "2026",
        },
    )
    assert response.status_code == 302
    rec = review.recommendations.get()
    assert rec.get_decision_display() == "Agreed" and rec.decided_on == dt.date(2026, 5, 1)
    paper = services.report_create(
        partnership=world.partnership, kind="cpc-paper", start=START, end=END, meeting=END, by=world.lead
    )
    assert client.get(reverse("reports:recommendation_add", args=["glen", paper.pk])).status_code == 404


def test_narrative_page_saves_a_new_version_and_issue_page_shows_redaction_findings(client, world):
    annual = services.report_create(
        partnership=world.partnership, kind="annual-report", start=START, end=END, by=world.lead
    )
    client.force_login(world.lead)
    url = reverse("reports:narrative", args=["glen", annual.pk, "report-context"])
    assert client.post(url, {"text": "Write to 12 High Street please."}).status_code == 302
    assert client.get(reverse("reports:narrative", args=["glen", annual.pk, "loop-impact-nope"])).status_code == 404
    page = client.get(reverse("reports:issue", args=["glen", annual.pk])).content.decode()
    assert "cannot be issued until this text is changed" in page
    response = client.post(reverse("reports:issue", args=["glen", annual.pk]))
    assert response.status_code == 200 and annual.versions.count() == 0


def test_the_issued_public_annual_report_is_on_the_public_page_and_only_there(client, world, loop):
    from learnloop.published.services import public_page_update

    annual = services.report_create(
        partnership=world.partnership, kind="annual-report", start=START, end=END, by=world.lead
    )
    internal, public = services.report_issue(report=annual, by=world.lead)
    page_url = reverse("published:page", args=["glen"])
    assert client.get(page_url).status_code == 404  # the public page is off
    assert client.get(reverse("public_report", args=["glen", public.pk])).status_code == 404
    public_page_update(partnership=world.partnership, is_on=True, introduction="", public_briefings=[], by=world.lead)
    html = client.get(page_url).content.decode()
    assert public.title in html and "Secret matter" not in html
    link = re.search(r'href="(/public/glen/reports/\d+\.pdf)"', html).group(1)
    response = client.get(link)  # the link the page renders, with no sign-in
    assert response.status_code == 200 and bytes(response.content).startswith(b"%PDF-")
    assert client.get(reverse("public_report", args=["glen", internal.pk])).status_code == 404
    assert client.get(reverse("public_report", args=["other", public.pk])).status_code == 404


# Who drafts and who reads it ------------------------------------------------------------------


def _checkboxes(html: str, name: str) -> dict[str, tuple[str, bool]]:
    """The checkboxes called `name` in the rendered page: label text -> (value, checked)."""
    out = {}
    for match in re.finditer(
        r'<input class="govuk-checkboxes__input" id="([^"]+)" name="'
        + name
        + r'" type="checkbox" value="(\d+)"( checked)?>'
        r'\s*<label class="govuk-label govuk-checkboxes__label" for="\1">([^<]+)</label>',
        html,
    ):
        out[match.group(4).strip()] = (match.group(2), bool(match.group(3)))
    return out


def test_lead_names_drafters_and_audience_through_the_form(client, world, paper):
    client.force_login(world.lead)
    page = client.get(_url("detail", paper)).content.decode()
    assert "Who drafts and who reads it" in page and 'action="' + _url("people", paper) + '"' in page
    drafters, audience = _checkboxes(page, "drafters"), _checkboxes(page, "audience")
    assert any(label.startswith("Mia Mise, Subgroup member, ") for label in drafters)  # name, role, agency
    assert not any(label.startswith("Lena Lead") for label in drafters)  # the lead officer sees every report
    assert not any(label.startswith("Olga Outsider") for label in audience)  # another partnership's member
    mia = next(value for label, (value, _) in drafters.items() if label.startswith("Mia Mise"))
    ed = next(value for label, (value, _) in audience.items() if label.startswith("Ed Lead"))
    before = AuditEntry.objects.count()
    response = client.post(_url("people", paper), {"drafters": [mia], "audience": [ed]})
    assert response.status_code == 302 and response["Location"] == _url("detail", paper)
    assert list(paper.drafters.all()) == [world.subgroup_member] and list(paper.audience.all()) == [
        world.education_lead
    ]
    logged = list(AuditEntry.objects.order_by("id")[before:])
    assert any("drafters" in (e.changes or {}) and e.user_id == world.lead.pk for e in logged)
    assert any("audience" in (e.changes or {}) for e in logged)
    page = client.get(_url("detail", paper)).content.decode()
    assert _checkboxes(page, "drafters")[next(k for k in drafters if k.startswith("Mia Mise"))][1]  # shown as chosen

    # The drafter now sees the draft and has Reports in the menu; the audience reads the issued version.
    client.force_login(world.subgroup_member)
    listing = client.get(reverse("reports:list", args=["glen"])).content.decode()
    assert paper.title in listing
    assert client.get(_url("detail", paper)).status_code == 200
    assert client.get(_url("people", paper)).status_code == 404  # only the lead officer names people
    (version,) = services.report_issue(report=paper, by=world.lead)
    client.force_login(world.education_lead)
    assert client.get(_url("version", paper, version.pk)).status_code == 200
    for user in (world.viewer, world.police_lead, world.contributor):
        client.force_login(user)
        assert client.get(_url("version", paper, version.pk)).status_code == 404, user
        assert client.get(_url("people", paper)).status_code == 404, user

    # Taking someone off is audited too, and they lose the report.
    client.force_login(world.lead)
    assert client.post(_url("people", paper), {"audience": [ed]}).status_code == 302
    assert not paper.drafters.exists()
    assert AuditEntry.objects.filter(changes__drafters__removed=[world.subgroup_member.pk]).exists()


def test_only_the_lead_officer_names_people_and_only_members(client, world, paper):
    for user in (world.committee, world.subgroup_member, world.education_lead, world.viewer, world.outsider):
        client.force_login(user)
        assert client.get(_url("people", paper)).status_code == 404, user
        assert client.post(_url("people", paper), {"drafters": [user.pk]}).status_code == 404, user
    assert not paper.drafters.exists()
    client.force_login(world.lead)
    response = client.post(_url("people", paper), {"drafters": [world.outsider.pk]})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not paper.drafters.exists()
    with pytest.raises(ReportError):
        services.report_people_set(report=paper, drafters=[world.outsider.pk], audience=[], by=world.lead)
    Membership.objects.filter(user=world.viewer).update(is_active=False)
    with pytest.raises(ReportError):
        services.report_people_set(report=paper, drafters=[], audience=[world.viewer.pk], by=world.lead)
    assert not paper.audience.exists()


def test_reports_menu_item_is_shown_to_every_member(client, world):
    client.force_login(world.viewer)
    home = client.get(reverse("reports:list", args=["glen"])).content.decode()
    assert f'href="{reverse("reports:list", args=["glen"])}"' in home
