from __future__ import annotations

from django.urls import reverse

from learnloop.dataset.tests.conftest import extract, load
from learnloop.dataset.tests.test_views import signal_rows


def test_indicator_figures_in_the_api_match_the_command(client, world):
    load(world.partnership, extract(signal_rows()))
    client.force_login(world.viewer)
    data = client.get(reverse("api:indicators", args=["glen"]) + "?indicator=concerns").json()
    last = data[-1]
    assert (last["indicator"], last["period"], last["value"], last["spc_signal"]) == (
        "concerns",
        "2025-Q1",
        20,
        "special_cause_neutral_high",
    )
    trends = client.get(reverse("api:trends", args=["glen"])).json()
    assert trends[0]["indicator"] == "concerns" and trends[0]["rules"] == ["outside_limits"]
    assert len(client.get(reverse("api:indicator_catalogue", args=["glen"])).json()) == 33
    assert client.get(reverse("api:indicators", args=["glen"]) + "?period=decade").status_code == 400
    assert client.get(reverse("api:indicators", args=["glen"]) + "?period=").status_code == 400
    assert client.get(reverse("api:indicators", args=["glen"]) + "?breakdown=").status_code == 400


def test_another_partnership_gets_404(client, world):
    client.force_login(world.outsider)
    for name in ("api:indicators", "api:trends", "api:indicator_catalogue"):
        assert client.get(reverse(name, args=["glen"])).status_code == 404


def test_anonymous_gets_refused(client, world):
    assert client.get(reverse("api:indicators", args=["glen"])).status_code in {401, 403}


def test_openapi_schema(client, world):
    client.force_login(world.viewer)
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    assert b"/api/p/{slug}/indicators/" in response.content


def test_each_api_read_of_the_figures_is_audited_once(client, world):
    from learnloop.core.models import AuditEntry

    load(world.partnership, extract(signal_rows()))
    client.force_login(world.viewer)
    for name, query, words in [
        ("api:indicators", "?indicator=concerns", "figures"),
        ("api:trends", "", "emerging trends"),
    ]:
        before = AuditEntry.objects.count()
        assert client.get(reverse(name, args=["glen"]) + query).status_code == 200
        entries = list(AuditEntry.objects.order_by("id")[before:])
        assert len(entries) == 1, name
        entry = entries[0]
        assert entry.event == AuditEntry.Event.VIEW_CONFIDENTIAL and entry.user == world.viewer
        assert entry.partnership == world.partnership and words in entry.detail and "API" in entry.detail
    client.force_login(world.outsider)
    before = AuditEntry.objects.count()
    assert client.get(reverse("api:indicators", args=["glen"])).status_code == 404
    assert AuditEntry.objects.count() == before


def test_the_dataset_endpoints_are_paginated_in_the_headers_and_still_answer_a_list(client, world):
    load(world.partnership, extract(signal_rows()))
    client.force_login(world.viewer)
    url = reverse("api:indicators", args=["glen"]) + "?indicator=concerns"
    everything = client.get(url)
    assert isinstance(everything.json(), list) and "Link" not in everything
    total = int(everything["X-Total-Count"])
    assert total == len(everything.json()) > 2
    first = client.get(url + "&page_size=2")
    assert first.json() == everything.json()[:2] and 'rel="next"' in first["Link"]
    following = first["Link"].split(";")[0].strip("<>")
    second = client.get(following)
    assert second.json() == everything.json()[2:4] and 'rel="prev"' in second["Link"]
    catalogue = client.get(reverse("api:indicator_catalogue", args=["glen"]) + "?page_size=5")
    assert len(catalogue.json()) == 5 and catalogue["X-Total-Count"] == "33"


def test_an_address_under_the_api_that_nothing_answers_is_a_json_404(client, world):
    client.force_login(world.viewer)
    response = client.get("/api/national/learning/learning_point/not-a-number/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    assert client.get("/no-such-page/")["Content-Type"].startswith("text/html")
