"""Every page and export, for the allowed, the read-only, another agency and another partnership."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learnloop.accounts.models import Membership, User
from learnloop.accounts.roles import Role
from learnloop.core.models import AuditEntry
from learnloop.loop.models import LearningPoint
from learnloop.partnership.models import Subgroup
from learnloop.reach import services
from learnloop.reach.models import MonthlyTraffic, PageTraffic, PromotedPages, Tool
from learnloop.testing.factories import DisseminationFactory, LearningPointFactory
from learnloop.testing.queries import count_queries

SAMPLES = Path(__file__).resolve().parent / "samples"
EVERYONE = ["lead", "committee", "subgroup_member", "education_lead", "police_lead", "contributor", "viewer", "pic"]
IMPORTERS = ["lead", "pic"]


@pytest.fixture
def reach(world):
    p = world.partnership
    pic = User.objects.create_user(email="pic@glen.test", password="correct horse battery", full_name="Pia Pic")
    membership = Membership.objects.create(user=pic, partnership=p, role=Role.SUBGROUP_MEMBER, agency=world.police)
    membership.subgroups.set([Subgroup.objects.get(partnership=p, short_name="PIC")])
    services.statistics_import(
        partnership=p, tool=Tool.PLAUSIBLE, data=(SAMPLES / "plausible_export.zip").read_bytes(), filename="p.zip"
    )
    campaign = DisseminationFactory(partnership=p, kind="campaign", title="Safe sleep", date=dt.date(2026, 2, 3))
    services.promoted_pages_save(dissemination=campaign, paths=["/safe-sleep"])
    hidden_lp = LearningPointFactory(partnership=p, is_confidential=True, agency=world.education)
    hidden = DisseminationFactory(partnership=p, kind="campaign", title="Hidden campaign", date=dt.date(2026, 1, 20))
    hidden.learning_points.add(hidden_lp)
    return {"pic": pic, "campaign": campaign, "hidden": hidden}


def _user(world, r, who):
    return r["pic"] if who == "pic" else getattr(world, who)


def _url(name, r, slug="glen"):
    args = {"campaign": [r["campaign"].pk], "campaign_pages": [r["campaign"].pk], "campaign_raise": [r["campaign"].pk]}
    return reverse(f"reach:{name}", args=[slug, *args.get(name, [])])


CASES = [
    ("overview", EVERYONE),
    ("imports", EVERYONE),
    ("top_pages", EVERYONE),
    ("campaign", EVERYONE),
    ("import", IMPORTERS),
    ("campaign_pages", IMPORTERS),
    ("campaign_raise", IMPORTERS),
]


@pytest.mark.parametrize(("name", "allowed"), CASES)
def test_access(client, world, reach, name, allowed):
    for who in EVERYONE:
        client.force_login(_user(world, reach, who))
        status = client.get(_url(name, reach)).status_code
        assert status == (200 if who in allowed else 404), f"{name} as {who}: {status}"
    client.force_login(world.outsider)
    assert client.get(_url(name, reach)).status_code == 404


def test_overview_marks_campaigns_with_a_chart_and_a_data_table(client, world, reach):
    client.force_login(world.viewer)
    response = client.get(_url("overview", reach) + "?date_from=2026-01-01&date_to=2026-02-28")
    body = response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in body
    assert "Line chart of page views and visitors by month, January 2026 to February 2026" in body
    assert "Safe sleep" in body and "/safe-sleep" in body
    assert "Hidden campaign" not in body  # it shares confidential learning the viewer may not see
    assert '<table class="govuk-table" id="reach-table">' in body
    client.force_login(world.lead)
    assert "Hidden campaign" in client.get(_url("overview", reach) + "?date_from=2026-01-01").content.decode()
    client.force_login(world.viewer)
    assert client.get(reverse("reach:campaign", args=["glen", reach["hidden"].pk])).status_code == 404


def test_campaign_page_shows_the_effect(client, world, reach):
    client.force_login(world.viewer)
    body = client.get(_url("campaign", reach)).content.decode()
    # Before February 2026, figures exist only for January: 50 views. From February: 250.
    assert "a mean of <strong>50</strong> views a month" in body
    assert "<strong>250</strong>" in body and "up 400%" in body


@pytest.mark.parametrize("name", ["overview", "imports", "top_pages"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports(client, world, reach, name, fmt):
    client.force_login(world.viewer)
    response = client.get(_url(name, reach) + f"?export={fmt}&date_from=2026-01-01")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert AuditEntry.objects.filter(event=AuditEntry.Event.EXPORT).count() == 1


def test_top_pages_export_content(client, world, reach):
    client.force_login(world.viewer)
    body = client.get(_url("top_pages", reach) + "?export=csv").content.decode()
    assert "/safe-sleep,300,2" in body and "/,300,1" in body


def test_import_view_reports_bad_rows_and_checks_the_file(client, world, reach):
    client.force_login(reach["pic"])
    bad = SimpleUploadedFile("ga4.csv", (SAMPLES / "ga4_bad.csv").read_bytes())
    body = client.post(_url("import", reach), {"tool": "ga4", "file": bad}, follow=True).content.decode()
    assert "Check the file before importing it" in body and "is not a whole number" in body
    wrong = SimpleUploadedFile("export.zip", b"date,visitors\n")
    body = client.post(_url("import", reach), {"tool": "plausible", "file": wrong}).content.decode()
    assert "does not match its name" in body
    good = SimpleUploadedFile("ga4.csv", (SAMPLES / "ga4_pages_march.csv").read_bytes())
    response = client.post(_url("import", reach), {"tool": "ga4", "file": good})
    assert response.status_code == 302 and not MonthlyTraffic.objects.filter(month=dt.date(2026, 3, 1)).exists()
    client.post(response.url, {"accept": "all"})
    assert MonthlyTraffic.objects.filter(month=dt.date(2026, 3, 1)).exists()


def test_linking_pages_and_raising_a_learning_point(client, world, reach):
    client.force_login(world.lead)
    client.post(_url("campaign_pages", reach), {"paths": "/safe-sleep\n/worried-about-a-child"})
    pages = PromotedPages.objects.get(dissemination=reach["campaign"])
    assert pages.path_list() == ["/safe-sleep", "/worried-about-a-child"]
    response = client.get(_url("campaign_raise", reach))
    assert "mean of 250 a month against 50" in response.context["form"]["description"].value()
    client.post(
        _url("campaign_raise", reach), {"title": "Safe sleep reach", "description": "Up", "kind": "good_practice"}
    )
    lp = LearningPoint.objects.get(title="Safe sleep reach")
    assert "Raised from the website figures" in client.get(lp.get_absolute_url()).content.decode()


def test_home_panel_for_lead_and_pic_only(client, world, reach):
    client.force_login(reach["pic"])
    assert "Website reach" in client.get(reverse("loop:home", args=["glen"])).content.decode()
    client.force_login(world.viewer)
    assert "Website reach" not in client.get(reverse("loop:home", args=["glen"])).content.decode()


@pytest.mark.parametrize("name", ["overview", "imports", "top_pages", "campaign"])
def test_query_counts_do_not_grow_with_rows(client, world, reach, name):
    client.force_login(world.lead)
    address = _url(name, reach) + "?date_from=2025-01-01&date_to=2026-12-31"
    few = count_queries(client, address)
    p = world.partnership
    for i in range(1, 13):
        MonthlyTraffic.objects.update_or_create(
            partnership=p, month=dt.date(2025, i, 1), defaults={"pageviews": 10 * i, "visitors": i, "tool": "ga4"}
        )
        PageTraffic.objects.create(partnership=p, month=dt.date(2025, i, 1), path=f"/p{i}", pageviews=i, tool="ga4")
        d = DisseminationFactory(partnership=p, kind="campaign", date=dt.date(2025, i, 5))
        services.promoted_pages_save(dissemination=d, paths=[f"/p{i}"])
    services.statistics_import(
        partnership=p, tool=Tool.GA4, data=(SAMPLES / "ga4_pages_march.csv").read_bytes(), filename="g.csv"
    )
    assert count_queries(client, address) == few
