"""Who may see and do what on the insights pages; decisions; a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from learnloop.core import registry
from learnloop.core.models import AuditEntry
from learnloop.insights.models import FindingDecision, InsightSettings
from learnloop.insights.tests.helpers import action, lp, share
from learnloop.loop.models import LearningPoint
from learnloop.testing.queries import count_queries


@pytest.fixture(autouse=True)
def _no_dataset_signals(monkeypatch):
    monkeypatch.setattr(registry, "INDICATOR_SIGNAL_PROVIDERS", [])


def _today(world):
    """A learning point with no action, identified 100 days ago: one no_action finding."""
    today = timezone.localdate()
    point = lp(world, "Nobody acted on this", days_ago=100, as_of=today, themes=("escalation",))
    share(world, point)
    return point


def url(name, *args):
    return reverse(f"insights:{name}", args=["glen", *args])


def test_every_member_reads_the_page_and_outsiders_get_404(client, world):
    point = _today(world)
    for user in (
        world.lead,
        world.committee,
        world.subgroup_member,
        world.education_lead,
        world.contributor,
        world.viewer,
    ):
        client.force_login(user)
        response = client.get(url("index"))
        assert response.status_code == 200, user
        assert point.reference in response.content.decode()
    client.force_login(world.outsider)
    assert client.get(url("index")).status_code == 404
    assert client.get(url("matrix")).status_code == 404
    assert client.get(url("records") + "?theme=escalation").status_code == 404


def test_only_the_lead_and_mise_decide(client, world):
    point = _today(world)
    key = f"no_action:{point.reference}"
    for user in (world.committee, world.education_lead, world.contributor, world.viewer, world.outsider):
        client.force_login(user)
        assert client.get(url("dismiss", key)).status_code == 404, user
        assert client.post(url("raise", key)).status_code == 404, user
        assert client.get(url("acting", key)).status_code == 404, user
    client.force_login(world.subgroup_member)
    assert client.get(url("dismiss", key)).status_code == 200


def test_settings_are_the_lead_officers(client, world):
    for user in (world.committee, world.subgroup_member, world.viewer, world.outsider):
        client.force_login(user)
        assert client.get(url("settings")).status_code == 404
    client.force_login(world.lead)
    response = client.post(
        url("settings"),
        {
            "recurring_min_sources": 4,
            "recurring_window_days": 365,
            "emerging_min_count": 4,
            "repeated_similarity": 35,
            "stalled_days": 60,
            "unshared_days": 60,
            "no_action_days": 60,
            "impact_days": 365,
        },
    )
    assert response.status_code == 302
    assert InsightSettings.objects.get(partnership=world.partnership).recurring_min_sources == 4


def test_raise_as_learning_in_one_step(client, world):
    point = _today(world)
    client.force_login(world.lead)
    response = client.post(url("raise", f"no_action:{point.reference}"))
    raised = LearningPoint.objects.get(partnership=world.partnership, source_type="insight")
    client.post(url("raise", f"no_action:{point.reference}"))  # pressed twice: still one
    assert LearningPoint.objects.filter(source_type="insight").count() == 1
    assert response["Location"] == raised.get_absolute_url()
    assert point.reference in raised.description
    assert raised.source_record.status == FindingDecision.Status.RAISED
    assert list(raised.themes.values_list("code", flat=True)) == []
    page = client.get(raised.get_absolute_url()).content.decode()
    assert point.reference in page  # the evidence shows on the learning point
    assert f"no_action:{point.reference}" not in [f.key for f in client.get(url("index")).context["insights"].findings]


def test_a_dismissed_finding_comes_back_only_when_its_evidence_grows(client, world):
    today = timezone.localdate()
    for days, source in [(200, "audit"), (100, "voice"), (50, "review")]:
        p = lp(world, f"Escalation {source}", days_ago=days, as_of=today, source=source, themes=("escalation",))
        action(world, p, status="completed", as_of=today)
        share(world, p)
    client.force_login(world.subgroup_member)
    key = "recurring_theme:escalation"
    assert client.post(url("dismiss", key), {"reason": ""}).status_code == 200  # a reason is needed
    assert client.post(url("dismiss", key), {"reason": "Known and in the plan"}).status_code == 302
    keys = [f.key for f in client.get(url("index")).context["insights"].findings]
    assert key not in keys
    more = lp(world, "Escalation again", days_ago=5, as_of=today, source="workforce", themes=("escalation",))
    action(world, more, status="completed", as_of=today)
    share(world, more)
    keys = [f.key for f in client.get(url("index")).context["insights"].findings]
    assert key in keys


def test_mark_as_being_acted_on(client, world):
    point = _today(world)
    other = lp(world, "Something with an action", days_ago=10, as_of=timezone.localdate())
    act = action(world, other, as_of=timezone.localdate())
    client.force_login(world.lead)
    key = f"no_action:{point.reference}"
    response = client.post(url("acting", key), {"action": "A-9999"})
    assert "There is no action A-9999 that you can see" in response.content.decode()
    response = client.post(url("acting", key), {"action": act.reference})
    assert response.status_code == 302
    assert FindingDecision.objects.get(key=key).action == act


def test_matrix_cells_link_to_exactly_their_records(client, world):
    today = timezone.localdate()
    lp(
        world,
        "Escalation in a review",
        days_ago=10,
        as_of=today,
        source="review",
        themes=("escalation",),
        agencies=(world.police,),
    )
    lp(world, "Escalation in an audit", days_ago=20, as_of=today, source="audit", themes=("escalation",))
    lp(world, "Secret escalation", days_ago=20, as_of=today, source="audit", themes=("escalation",), confidential=True)
    client.force_login(world.viewer)
    table = client.get(url("matrix")).context["table"]
    assert [(r.theme, [c.count for c in r.cells]) for r in table.rows] == [("escalation", [1, 1])]
    cell = table.rows[0].cells[0]
    page = client.get(cell.url).content.decode()
    assert "Escalation in an audit" in page and "Secret escalation" not in page
    police = client.get(url("matrix") + f"?agency={world.police.pk}").context["table"]
    assert [c.count for c in police.rows[0].cells] == [1]
    by_quarter = client.get(url("matrix") + "?by=quarter").context["table"]
    assert sum(c.count for c in by_quarter.rows[0].cells) == 2


def test_the_csv_download_is_logged(client, world):
    point = _today(world)
    client.force_login(world.viewer)
    response = client.get(url("export"))
    assert response.content.decode().splitlines()[0] == "kind,theme,subject,since,detail,evidence"
    assert point.reference in response.content.decode()
    assert AuditEntry.objects.filter(event=AuditEntry.Event.EXPORT, partnership=world.partnership).exists()


def test_the_page_makes_a_fixed_number_of_queries(client, world):
    client.force_login(world.lead)
    _today(world)
    few = count_queries(client, url("index"))
    today = timezone.localdate()
    for i in range(8):
        p = lp(
            world,
            f"More learning {i}",
            days_ago=80 + i,
            as_of=today,
            source="audit",
            themes=("escalation",),
            agencies=(world.police,),
        )
        share(world, p, world.education)
        action(world, p, agency=world.police, status="in_progress", changed_days_ago=100, as_of=today)
    assert count_queries(client, url("index")) == few


def test_home_panel_for_lead_and_mise(client, world):
    point = _today(world)
    client.force_login(world.lead)
    assert point.title in client.get(reverse("loop:home", args=["glen"])).content.decode()
    client.force_login(world.viewer)
    assert "Insights new since" not in client.get(reverse("loop:home", args=["glen"])).content.decode()


def test_the_dates_can_be_chosen(client, world):
    _today(world)
    client.force_login(world.lead)
    today = timezone.localdate()
    since = today - dt.timedelta(days=10)
    response = client.get(url("index"), {"since_day": since.day, "since_month": since.month, "since_year": since.year})
    assert response.context["since"] == since
    assert response.context["new"] == []
