"""Learning points, actions and themes through the API: exactly the rows of their pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from learnloop.api.tests.helpers import ROLES, queries, read_all, refused_to_others, token_for
from learnloop.core.models import AuditEntry
from learnloop.loop.models import Action
from learnloop.testing import factories as f


@pytest.fixture
def loop(world):
    """Public learning, and confidential learning of Social Work and of Education, each with an action."""
    p = world.partnership
    theme = p.themes.order_by("name").first()
    public = f.LearningPointFactory(partnership=p, title="Public")
    public.themes.add(theme)
    public.agencies.add(world.police)
    sw = f.LearningPointFactory(partnership=p, title="SW only", is_confidential=True, agency=world.social_work)
    edu = f.LearningPointFactory(partnership=p, title="Education only", is_confidential=True, agency=world.education)
    edu.themes.add(theme)
    late = timezone.localdate() - dt.timedelta(days=3)
    for lp in (public, sw, edu):
        f.ActionFactory(learning_point=lp, owner_agency=world.social_work, due_date=late)
    f.ActionFactory(learning_point=public, owner_agency=world.police, owner_person=world.police_lead)
    # Another partnership's learning, which no one in Glen may see.
    f.ActionFactory(learning_point=f.LearningPointFactory(partnership=world.other_partnership))
    return {"public": public, "sw": sw, "edu": edu, "theme": theme}


def _page_numbers(client, name, query=""):
    response = client.get(reverse(name, args=["glen"]) + query)
    assert response.status_code == 200
    return [row.number for row in response.context["page"]]


def test_each_member_reads_the_learning_points_and_actions_their_pages_show(client, world, loop):
    seen = {}
    for role in ROLES:
        client.force_login(getattr(world, role))
        for page, api in (("loop:learning_points", "api:learning_points"), ("loop:actions", "api:actions")):
            rows = read_all(client, reverse(api, args=["glen"]))
            assert [r["number"] for r in rows] == _page_numbers(client, page), (role, api)
            seen[role, api] = {r["number"] for r in rows}
    lps = {k: loop[k].number for k in ("public", "sw", "edu")}
    assert seen["lead", "api:learning_points"] == set(lps.values())
    assert seen["viewer", "api:learning_points"] == {lps["public"]}
    assert seen["committee", "api:learning_points"] == {lps["public"]}  # confidential is for its agency
    assert seen["education_lead", "api:learning_points"] == {lps["public"], lps["edu"]}
    assert seen["contributor", "api:learning_points"] == {lps["public"], lps["sw"]}
    assert len(seen["lead", "api:actions"]) == 4 and len(seen["viewer", "api:actions"]) == 2


def test_the_filters_are_the_pages_filters(client, world, loop):
    client.force_login(world.lead)
    theme = f"?theme={loop['theme'].pk}"
    rows = read_all(client, reverse("api:learning_points", args=["glen"]) + theme)
    assert [r["number"] for r in rows] == _page_numbers(client, "loop:learning_points", theme)
    assert {r["number"] for r in rows} == {loop["public"].number, loop["edu"].number}
    red = read_all(client, reverse("api:actions", args=["glen"]) + "?rag=red")
    assert [r["number"] for r in red] == _page_numbers(client, "loop:actions", "?rag=red")
    assert len(red) == 3 and {r["rag"] for r in red} == {"red"}
    response = client.get(reverse("api:learning_points", args=["glen"]) + "?theme=999999&identified_from=tomorrow")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"theme", "identified_from"}


def test_what_a_learning_point_and_an_action_say(client, world, loop):
    client.force_login(world.lead)
    lp = next(r for r in read_all(client, reverse("api:learning_points", args=["glen"])) if r["title"] == "Public")
    assert lp["reference"] == loop["public"].reference and lp["themes"][0]["code"] == loop["theme"].code
    assert lp["agencies"] == [{"id": world.police.pk, "name": world.police.name}]
    assert lp["loop"] == {
        "has_action": True,
        "shared": False,
        "embedded": False,
        "impact_evaluated": False,
        "first_embedded_on": None,
    }
    assert lp["url"].endswith(loop["public"].get_absolute_url())
    actions = read_all(client, reverse("api:actions", args=["glen"]))
    named = next(a for a in actions if a["owner_person"])
    assert named["owner_person"] == {"full_name": world.police_lead.full_name}
    assert named["rag"] == "green" and named["stage"] == Action.Status.NOT_STARTED
    assert named["owner_agency"]["name"] == world.police.name


def test_a_page_of_results_and_its_links(client, world, loop):
    client.force_login(world.lead)
    body = client.get(reverse("api:actions", args=["glen"]) + "?page_size=1&page=2").json()
    assert body["count"] == 4 and len(body["results"]) == 1
    assert "page=3" in body["next"] and body["previous"]
    assert client.get(reverse("api:actions", args=["glen"]) + "?page=9").status_code == 404


def test_reading_confidential_learning_is_audited_once_a_request(client, world, loop):
    client.force_login(world.education_lead)
    before = AuditEntry.objects.count()
    read_all(client, reverse("api:learning_points", args=["glen"]))
    entries = list(AuditEntry.objects.order_by("id")[before:])
    assert len(entries) == 1 and entries[0].event == AuditEntry.Event.VIEW_CONFIDENTIAL
    assert loop["edu"].reference in entries[0].detail and "API" in entries[0].detail
    assert entries[0].user == world.education_lead
    client.force_login(world.viewer)  # sees nothing confidential: nothing to record
    before = AuditEntry.objects.count()
    read_all(client, reverse("api:learning_points", args=["glen"]))
    read_all(client, reverse("api:actions", args=["glen"]))
    assert AuditEntry.objects.count() == before


def test_a_token_reads_as_its_member_and_only_in_its_partnership(client, world, loop):
    for name in ("api:learning_points", "api:actions", "api:themes"):
        url = reverse(name, args=["glen"])
        with_token = read_all(client, url, **token_for(world, world.education_lead))
        client.force_login(world.education_lead)
        assert with_token == read_all(client, url)
        refused_to_others(client, world, url)


def test_a_fixed_number_of_queries_whatever_the_number_of_rows(client, world, loop):
    client.force_login(world.lead)
    urls = [reverse(name, args=["glen"]) for name in ("api:learning_points", "api:actions", "api:themes")]
    before = [queries(client, url) for url in urls]
    for i in range(6):
        lp = f.LearningPointFactory(partnership=world.partnership, is_confidential=i % 2 == 0, agency=world.education)
        lp.themes.set(world.partnership.themes.all()[:3])
        lp.agencies.set([world.police, world.education])
        f.ActionFactory(learning_point=lp, owner_agency=world.police, owner_person=world.viewer)
    assert [queries(client, url) for url in urls] == before


def test_the_themes_and_their_counts_are_the_themes_page(client, world, loop):
    for role in ("lead", "viewer", "education_lead"):
        client.force_login(getattr(world, role))
        rows = read_all(client, reverse("api:themes", args=["glen"]))
        page = client.get(reverse("themes:list", args=["glen"])).context["themes"]
        assert [(r["id"], r["learning_points"]) for r in rows] == [(t.pk, t.uses) for t in page]
        counted = {r["code"]: r["learning_points"] for r in rows}[loop["theme"].code]
        assert counted == {"lead": 2, "viewer": 1, "education_lead": 2}[role]
