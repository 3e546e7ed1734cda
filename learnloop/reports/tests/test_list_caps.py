"""Long lists in reports are capped: a table that lists records keeps its first
REPORT_LIST_ROWS rows, says how many more there are and links to the app's filtered list page,
which lists the same records for the same reader. Figures are not capped."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from learnloop.core.reporting import Paragraph, Table, cap_lists, from_json, to_json
from learnloop.loop.models import Action
from learnloop.reports import building, render, services
from learnloop.reports.models import IssuedVersion
from learnloop.testing.documents import assert_pdf_document, assert_word_document
from learnloop.testing.factories import ActionFactory, LearningPointFactory

TODAY = timezone.localdate()
START, END = TODAY - dt.timedelta(days=90), TODAY
CAP = 3


@pytest.fixture
def overdue(world, settings):
    """Seven overdue actions the committee may read, and one it may not (confidential)."""
    settings.REPORT_LIST_ROWS = CAP
    lp = LearningPointFactory(partnership=world.partnership, title="Chronologies", date_identified=TODAY)
    titles = []
    for i in range(7):
        a = ActionFactory(
            learning_point=lp,
            owner_agency=world.education,
            due_date=TODAY - dt.timedelta(days=10 + i),
            title=f"Overdue task {i}",
        )
        titles.append(a.title)
    secret = LearningPointFactory(
        partnership=world.partnership, title="Secret", is_confidential=True, agency=world.police, date_identified=TODAY
    )
    ActionFactory(learning_point=secret, owner_agency=world.police, due_date=TODAY - dt.timedelta(days=40))
    return list(reversed(titles))  # longest overdue first


@pytest.fixture
def paper(world, overdue):
    return services.report_create(
        partnership=world.partnership, kind="cpc-paper", start=START, end=END, meeting=TODAY, by=world.lead
    )


def _blocks(content, key):
    (section,) = [s for s in content["sections"] if s["key"] == key]
    return from_json(section["blocks"])


def _overdue_table(content) -> Table:
    return [b for b in _blocks(content, "loop-actions") if isinstance(b, Table) and b.caption == "Overdue actions"][0]


def test_a_long_list_keeps_the_cap_and_says_how_many_more(world, paper, overdue):
    content = building.build_report(paper)
    table = _overdue_table(content)
    assert [row[1] for row in table.rows] == overdue[:CAP]
    assert (table.total, table.more) == (7, 4)
    assert table.more_text.startswith(f"The first {CAP} of 7 are listed, longest overdue first. And 4 more")
    assert table.more_url.startswith(django_settings.SITE_URL + "/p/glen/actions/?")
    # The figures are the whole count, not the capped rows.
    blocks = _blocks(content, "loop-actions")
    assert "7 overdue" in blocks[0].text
    rag = blocks[1]
    assert sum(row[1] for row in rag.rows) == 7


def test_the_link_lists_the_same_records_for_the_same_reader(client, world, paper, overdue):
    html = render.to_html(building.build_report(paper))
    assert "And 4 more: see" in html
    href = re.search(r'href="([^"]*/actions/\?[^"]*)"', html).group(1).replace("&amp;", "&")
    client.force_login(world.committee)  # the report reads as a committee member
    page = client.get(href.removeprefix(django_settings.SITE_URL))
    assert page.status_code == 200
    text = page.content.decode()
    listed = set(re.findall(r"Overdue task \d", text))
    assert listed == set(overdue)
    assert "Secret" not in text


def test_figures_tables_are_never_capped(settings):
    settings.REPORT_LIST_ROWS = 2
    figures = Table("By agency", ["Agency", "n"], [[str(i), i] for i in range(5)])
    records = Table("Records", ["Record"], [[str(i)] for i in range(5)], more_url="https://x.test/list", more_label="L")
    own = Table("Own cap", ["Record"], [[str(i)] for i in range(5)], more_url="https://x.test/l", limit=4)
    cap_lists([figures, records, own, Paragraph("text")])
    assert (len(figures.rows), figures.more) == (5, 0)
    assert (len(records.rows), records.total, records.more) == (2, 5, 3)
    assert (len(own.rows), own.more) == (4, 1)
    # Capping twice (a stored version read again) changes nothing.
    cap_lists(from_json(to_json([records])))
    assert from_json(to_json([records]))[0].more == 3


def test_issued_version_stores_the_capped_list_in_every_format(world, paper, overdue):
    (version,) = services.report_issue(report=paper, by=world.lead)
    table = _overdue_table(version.content)
    assert (len(table.rows), table.total) == (CAP, 7)
    assert "And 4 more: see" in version.html and overdue[CAP] not in version.html
    document = assert_word_document(bytes(version.docx), partnership=world.partnership.name, title=version.title)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "And 4 more: see" in text
    links = [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert table.more_url in links
    # The frozen version does not change when the data or the cap does.
    Action.objects.filter(title__startswith="Overdue task").update(due_date=TODAY + dt.timedelta(days=30))
    version = IssuedVersion.objects.get(pk=version.pk)
    assert _overdue_table(version.content).total == 7


def test_the_issued_pdf_has_the_capped_list_and_the_address(world, paper, overdue):
    (version,) = services.report_issue(report=paper, by=world.lead)
    text = assert_pdf_document(bytes(version.pdf), partnership=world.partnership.name, title=version.title)
    assert "And 4 more" in text and overdue[CAP] not in text
    assert "/p/glen/actions/" in text  # printed, the address is written out


def test_a_version_issued_before_caps_still_renders(world, paper, settings):
    settings.REPORT_LIST_ROWS = 100  # blocks as they were stored: every row
    content = building.build_report(paper)
    for section in content["sections"]:  # as stored before tables had the cap's fields
        for block in section["blocks"]:
            for key in ("more_url", "more_label", "order", "limit", "total"):
                block.pop(key, None)
    html = render.to_html(content)
    assert "more: see" not in html and all(f"Overdue task {i}" in html for i in range(7))
    assert render.to_docx(content)[:2] == b"PK"
    assert io.BytesIO(render.to_pdf(content)).read(4) == b"%PDF"


def test_the_public_version_is_not_capped_as_it_cannot_link_into_the_app(world, overdue):
    content = building.build(kind="cpc-paper", partnership=world.partnership, start=START, end=END, public=True)
    table = _overdue_table(content)
    assert table.more_url == "" and table.total is None and len(table.rows) == 7


@pytest.mark.parametrize("kind", ["cpc-paper", "annual-report", "framework-review"])
def test_every_list_link_opens_for_the_committee(client, world, overdue, kind):
    content = building.build(kind=kind, partnership=world.partnership, start=START, end=END, meeting=TODAY)
    links = []
    for section in content["sections"]:
        for block in from_json(section["blocks"]):
            for table in [block, getattr(block, "table", None)]:
                if isinstance(table, Table) and table.more_url:
                    links.append(table.more_url)
    if kind == "cpc-paper":
        assert len(links) >= 4
    client.force_login(world.committee)
    for url in links:
        assert url.startswith(django_settings.SITE_URL)
        assert client.get(url.removeprefix(django_settings.SITE_URL)).status_code == 200, url
